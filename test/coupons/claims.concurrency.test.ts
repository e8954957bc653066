import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DialectName } from '../../src/db/database.js';
import { mintShopperToken } from '../../src/platform/shopper-token.js';
import { verifyAll } from '../../src/verify.js';
import { testApp, type TestApp } from '../support/app.js';
import { DIALECTS, PG_URL } from '../support/databases.js';
import { openSharedDatabase, type SharedDatabase } from '../support/shared-database.js';
import { SECRET, claimActivity, couponHarness } from './harness.js';

/**
 * Many shoppers claim at once through two app instances, each with its own connection pool on
 * one database (as two API processes would): exactly the stock is issued, nobody gets more
 * than their limit, and verify is green.
 */
for (const dialect of DIALECTS) {
  const declare = dialect === 'postgres' && !PG_URL ? describe.skip : describe;
  declare(`coupon claims under contention [${dialect}]`, () => suite(dialect));
}

async function inBatches<T>(tasks: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++] as () => Promise<T>;
      results.push(await task());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

function suite(dialect: DialectName) {
  let shared: SharedDatabase;
  let apps: TestApp[];
  beforeAll(async () => {
    shared = await openSharedDatabase(dialect, 2, 12);
    apps = [];
    for (const db of shared.dbs) apps.push(await testApp(db, { shopperTokenSecret: SECRET }));
  });
  afterAll(async () => {
    for (const app of apps) await app.app.close();
    await shared.destroy();
  });

  it('issues exactly the stock and never more than a shopper’s limit', async () => {
    const h = await couponHarness(shared.dbs[0] as Db);
    h.t.clock.set('2026-03-01T00:00:00.000Z');
    for (const app of apps) app.clock.set('2026-03-01T00:00:00.000Z');
    const budgetId = await h.budget(1_000_000);
    const templateId = await h.template(budgetId, { type: 'no_threshold', amount: 100, quantity: 1_200 });
    // PostgreSQL: the figure (stock 1,000 at limit 2, 520 shoppers three times each; a second
    // coupon at limit 1 tried twice by half of them). SQLite serialises writers anyway: smaller.
    const stock = dialect === 'postgres' ? 1_000 : 200;
    const shoppers = dialect === 'postgres' ? 520 : 120;
    const activity = claimActivity(budgetId, templateId, {}, { quantity: stock, per_user_limit: 2, condition: { kind: 'none' } });
    activity.coupons.push({ ...activity.coupons[0], quantity: Math.floor(shoppers / 4), per_user_limit: 1 });
    const { id, items } = await h.activity(activity);
    await h.publish(id);
    await h.t.app.close();
    const [big, small] = items.map((i) => i.id) as [string, string];

    const storefronts = await Promise.all(apps.map((app) => app.as('storefront')));
    const tasks: (() => Promise<{ item: string; shopper: string; status: number; code: string }>)[] = [];
    for (let s = 0; s < shoppers; s++) {
      const shopper = `c-${s}`;
      for (let attempt = 0; attempt < 3; attempt++) {
        for (const item of attempt < 2 && s % 2 === 0 ? [big, small] : [big]) {
          const k = (s + attempt) % apps.length;
          const app = apps[k] as TestApp;
          tasks.push(async () => {
            const headers = { ...(storefronts[k] as Record<string, string>), 'x-shopper-token': mintShopperToken(SECRET, { shopperId: shopper, ttlS: 3600 }, app.clock.now()) };
            const res = await app.app.inject({ method: 'POST', url: '/v1/shopper/coupon-claims', headers, payload: { coupon_item_id: item } });
            return { item, shopper, status: res.statusCode, code: res.statusCode === 201 ? '' : String(res.json().code) };
          });
        }
      }
    }
    tasks.sort(() => Math.random() - 0.5);
    const results = await inBatches(tasks, dialect === 'postgres' ? 200 : 32);
    const unexpected = results.filter((r) => r.status !== 201 && r.code !== 'coupon_sold_out' && r.code !== 'coupon_limit_reached');
    expect(unexpected.slice(0, 3)).toEqual([]);

    const db = shared.dbs[0] as Db;
    const expectedBig = Math.min(stock, shoppers * 2);
    const expectedSmall = Math.floor(shoppers / 4);
    const issued = await db.q.selectFrom('coupons').select(['item_id', 'shopper_id']).where('activity_id', '=', id).execute();
    expect(issued.filter((c) => c.item_id === big).length).toBe(expectedBig);
    expect(issued.filter((c) => c.item_id === small).length).toBe(expectedSmall);
    expect(results.filter((r) => r.status === 201).length).toBe(expectedBig + expectedSmall);
    const perShopper = new Map<string, number>();
    for (const c of issued) perShopper.set(`${c.item_id}|${c.shopper_id}`, (perShopper.get(`${c.item_id}|${c.shopper_id}`) ?? 0) + 1);
    const worst = (item: string) => Math.max(...[...perShopper].filter(([k]) => k.startsWith(`${item}|`)).map(([, n]) => n));
    expect([worst(big), worst(small)]).toEqual([2, 1]);
    const rows = await db.q.selectFrom('coupon_activity_items').select(['id', 'issued']).where('activity_id', '=', id).orderBy('position').execute();
    expect(rows.map((r) => r.issued)).toEqual([expectedBig, expectedSmall]);
    expect((await verifyAll(db)).summary).toMatch(/^verify ok/);
  }, 120_000);
}
