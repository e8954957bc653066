import { afterAll, beforeAll, expect, it } from 'vitest';
import { activityFrozen, budgetAvailable } from '../../src/coupons/accounts.js';
import { deriveCode, formatCode } from '../../src/coupons/codes.js';
import { codeKey } from '../../src/coupons/codes.repo.js';
import { expireCoupons, remindExpiring } from '../../src/coupons/expiry.js';
import { describeEachDb } from '../support/databases.js';
import { type CouponHarness, claimActivity, couponHarness, ok } from './harness.js';

describeEachDb('coupon codes, auto-issue, wallet, expiry and recycling', ({ db }) => {
  let h: CouponHarness;
  beforeAll(async () => {
    h = await couponHarness(db());
    h.t.clock.set('2026-03-01T00:00:00.000Z');
    const shoppers = Array.from({ length: 25 }, (_, i) => ({
      id: `auto-${String(i).padStart(2, '0')}`,
      region_code: i % 5 === 0 ? '310101' : '110105',
      registered_at: '2025-01-01T00:00:00Z',
      tags: [],
    }));
    ok(await h.call('POST', '/v1/shoppers:batch', await h.t.as('integration'), { shoppers }), 200);
  });
  afterAll(async () => h.t.app.close());

  const wallet = async (shopperId: string, lang = 'en') =>
    ok(await h.call('GET', '/v1/shopper/coupons', { ...(await h.shopper(shopperId)), 'accept-language': lang }), 200) as { items: Record<string, unknown>[]; expiring_soon: number };

  it('auto-issues into every audience wallet in batches, stopping exactly at the pre-issued quantity', async () => {
    const budgetId = await h.budget(100_000);
    const templateId = await h.template(budgetId, { type: 'no_threshold', amount: 100, quantity: 100 });
    const input = claimActivity(budgetId, templateId, { method: 'auto', starts_at: null, ends_at: null, audience: { kind: 'rule', regions: ['110000'] } }, { quantity: 30, per_user_limit: 2, condition: { kind: 'none' } });
    const { id } = await h.activity(input);
    await h.publish(id);
    await h.runJobs();
    const coupons = await db().q.selectFrom('coupons').select(['shopper_id']).where('activity_id', '=', id).execute();
    expect(coupons.length).toBe(30);
    expect(coupons.every((c) => !['auto-00', 'auto-05', 'auto-10'].includes(c.shopper_id))).toBe(true);
    const perShopper = new Map<string, number>();
    for (const c of coupons) perShopper.set(c.shopper_id, (perShopper.get(c.shopper_id) ?? 0) + 1);
    expect(Math.max(...perShopper.values())).toBe(2);
    const activity = ok(await h.call('GET', `/v1/coupon-activities/${id}`, await h.ops()), 200);
    expect(activity.jobs).toContainEqual({ kind: 'coupon.auto_issue', state: 'done', progress: expect.objectContaining({ issued: 30, exhausted: true }) });
    await h.verify();
  });

  it('auto-issue saves progress per batch, resumes, and with include_later reaches shoppers synced later', async () => {
    const small = await couponHarness(db(), { couponIssueBatch: 4 });
    small.t.clock.set('2026-03-01T00:00:00.000Z');
    const budgetId = await small.budget(100_000);
    const templateId = await small.template(budgetId, { type: 'no_threshold', amount: 100, quantity: 100 });
    const input = claimActivity(budgetId, templateId, { method: 'auto', starts_at: null, ends_at: null, include_later: true, audience: { kind: 'rule', regions: ['110000'] } }, { quantity: 45, per_user_limit: 2, condition: { kind: 'none' } });
    const { id } = await small.activity(input);
    await small.publish(id);
    const count = async () => (await db().q.selectFrom('coupons').select('id').where('activity_id', '=', id).execute()).length;
    await small.runJobs(3); // start, then two batches of four shoppers
    expect(await count()).toBe(12); // auto-00…auto-07, of which auto-00 and auto-05 are in Shanghai
    const job = await db().q.selectFrom('jobs').select('progress').where('dedupe_key', '=', `coupon.auto_issue:${id}`).executeTakeFirstOrThrow();
    expect(JSON.parse(job.progress)).toMatchObject({ after: 'auto-07', issued: 12 });
    await small.runJobs();
    expect(await count()).toBe(40);
    // A Beijing shopper synced after publication gets coupons on the next pass.
    ok(await small.call('POST', '/v1/shoppers:batch', await small.t.as('integration'), { shoppers: [{ id: 'later-1', region_code: '110101', registered_at: '2026-03-01T00:00:00Z', tags: [] }] }), 200);
    small.t.clock.advance(16 * 60_000);
    await small.runJobs();
    expect(await count()).toBe(42);
    const mine = await db().q.selectFrom('coupons').select('id').where('activity_id', '=', id).where('shopper_id', '=', 'later-1').execute();
    expect(mine.length).toBe(2);
    await small.t.app.close();
    await h.verify();
  });

  it('redeems codes exported once; wrong codes are throttled', async () => {
    const budgetId = await h.budget(10_000);
    const templateId = await h.template(budgetId, { type: 'no_threshold', amount: 200, quantity: 5 });
    const { id, items } = await h.activity(claimActivity(budgetId, templateId, { method: 'code', starts_at: null, ends_at: null }, { quantity: 3, per_user_limit: 1, condition: { kind: 'none' } }));
    await h.publish(id);
    await h.runJobs();
    const ops = await h.ops();
    const exported = await h.call('POST', `/v1/coupon-activities/${id}/codes-export`, ops);
    expect(exported.statusCode).toBe(200);
    const lines = exported.body.trim().split('\n');
    expect(lines.length).toBe(4);
    const key = await codeKey(db(), h.t.clock.now());
    expect(lines[1]).toBe(`${id},${items[0]?.id},0,${formatCode(deriveCode(key, items[0]?.id as string, 0))}`);
    expect((await h.call('POST', `/v1/coupon-activities/${id}/codes-export`, ops)).json().code).toBe('coupon_codes_exported');
    const stored = await db().q.selectFrom('coupon_codes').selectAll().where('item_id', '=', items[0]?.id as string).execute();
    expect(stored.length).toBe(3);
    expect(JSON.stringify(stored)).not.toContain(deriveCode(key, items[0]?.id as string, 0));

    const code = lines[1]?.split(',')[3] as string;
    const redeem = async (shopperId: string, input: string) => h.call('POST', '/v1/shopper/coupon-codes/redeem', await h.shopper(shopperId), { code: input });
    const typed = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    expect(ok(await redeem('auto-01', typed), 201)).toMatchObject({ channel: 'code', value: 200 });
    expect((await redeem('auto-02', code)).json().code).toBe('coupon_code_used');
    const other = lines[2]?.split(',')[3] as string;
    expect((await redeem('auto-01', other)).json().code).toBe('coupon_limit_reached');
    let last = 0;
    for (let i = 0; i < 6; i++) last = (await redeem('guesser', `${other.slice(0, -3)}ZZZ`)).statusCode;
    expect(last).toBe(429);
    const redeemed = await db().q.selectFrom('coupons').select('id').where('activity_id', '=', id).execute();
    expect(redeemed.length).toBe(1);
    await h.verify();
  });

  it('shows the wallet by state with words and expiry; the sweep returns expired value; staff recycle', async () => {
    h.t.clock.set('2026-03-01T00:00:00.000Z');
    const budgetId = await h.budget(10_000);
    const templateId = await h.template(budgetId, { type: 'amount_off', amount: 1_000, quantity: 5 });
    const { id, items } = await h.activity(claimActivity(budgetId, templateId, {}, { quantity: 5, per_user_limit: 3, validity: { kind: 'days', days: 2 } }));
    await h.publish(id);
    const claim = async () => String(ok(await h.call('POST', '/v1/shopper/coupon-claims', await h.shopper('walleter'), { coupon_item_id: items[0]?.id }), 201).id);
    const [a, b] = [await claim(), await claim()];
    const en = await wallet('walleter');
    expect(en.items[0]).toMatchObject({ state: 'available', description: 'Spend ¥100.00 or more, ¥10.00 off', valid_until: '2026-03-03T15:59:59.999Z', expires_soon: true });
    expect(en.expiring_soon).toBe(2);
    expect((await wallet('walleter', 'zh-CN')).items[0]?.description).toBe('满¥100.00减¥10.00');
    expect(await remindExpiring(h.t.app.ctx, h.t.clock.now())).toBe(2);
    expect(await remindExpiring(h.t.app.ctx, h.t.clock.now())).toBe(0);

    const recycled = ok(await h.call('POST', `/v1/coupons/${a}/recycle`, await h.ops()), 200);
    expect(recycled.state).toBe('recycled');
    expect(await h.balance(budgetAvailable(budgetId))).toBe(6_000);
    expect((await h.call('POST', `/v1/coupons/${a}/recycle`, await h.ops())).json().code).toBe('coupon_unavailable');

    h.t.clock.set('2026-03-04T00:00:00.000Z');
    expect((await wallet('walleter')).items.find((c) => c.id === b)?.state).toBe('expired');
    expect(await expireCoupons(h.t.app.ctx, h.t.clock.now())).toBe(1);
    expect(await expireCoupons(h.t.app.ctx, h.t.clock.now())).toBe(0);
    expect(await h.balance(budgetAvailable(budgetId))).toBe(7_000);
    expect(await h.balance(activityFrozen(id))).toBe(3_000);
    const events = await db().q.selectFrom('events').select('type').where('type', 'in', ['coupon.expiring', 'coupon.expired']).execute();
    expect(events.length).toBeGreaterThanOrEqual(3);
    await h.verify();
  });
});
