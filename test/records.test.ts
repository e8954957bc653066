import { afterAll, beforeAll, expect, it } from 'vitest';
import { transaction } from '../src/db/database.js';
import { ROUTE_ACCESS } from '../src/http/access.js';
import { recordAudit, sealAudit } from '../src/platform/audit.js';
import { emitEvent } from '../src/platform/events.js';
import { enqueueJob } from '../src/platform/jobs.js';
import { type Actor, ROLES } from '../src/platform/principal.js';
import { type TestApp, testApp } from './support/app.js';
import { describeEachDb } from './support/databases.js';

const actor = (id: string): Actor => ({ principal: { kind: 'staff', id, role: 'customer_service' }, requestId: `req-${id}`, ip: '10.0.0.1', channel: 'console' });

describeEachDb('audit, events and jobs through the API', ({ db }) => {
  let t: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    t = await testApp(db());
    admin = await t.as('admin');
  });
  afterAll(async () => t.app.close());
  const get = async (url: string, headers = admin) => {
    const res = await t.app.inject({ url, headers });
    return { status: res.statusCode, body: res.json() };
  };

  it('queries the audit log by entity, actor, action and time range, newest first, in cursor pages', async () => {
    const base = Date.parse('2026-03-01T00:00:00.000Z');
    await transaction(db(), async (tx) => {
      for (let i = 0; i < 12; i++) {
        await recordAudit(
          tx,
          actor(i % 2 === 0 ? 'staff:ann' : 'staff:bob'),
          { action: i % 3 === 0 ? 'card.freeze' : 'card.lookup', entityType: 'gift_card', entityId: `card-${i % 4}`, before: { i }, after: { i: i + 1 } },
          new Date(base + i * 60_000),
        );
      }
    });
    const all = await get('/v1/audit?entity_type=gift_card&limit=5');
    expect(all.status).toBe(200);
    expect(all.body.items.map((e: { before: { i: number } }) => e.before.i)).toEqual([11, 10, 9, 8, 7]);
    const rest = await get(`/v1/audit?entity_type=gift_card&limit=5&cursor=${all.body.next_cursor}`);
    expect(rest.body.items.map((e: { before: { i: number } }) => e.before.i)).toEqual([6, 5, 4, 3, 2]);
    const last = await get(`/v1/audit?entity_type=gift_card&limit=5&cursor=${rest.body.next_cursor}`);
    expect(last.body.items.map((e: { before: { i: number } }) => e.before.i)).toEqual([1, 0]);
    expect(last.body.next_cursor).toBeNull();

    expect((await get('/v1/audit?entity_type=gift_card&entity_id=card-1')).body.items.map((e: { before: { i: number } }) => e.before.i)).toEqual([9, 5, 1]);
    expect((await get('/v1/audit?actor_id=staff:bob&action=card.freeze')).body.items.map((e: { before: { i: number } }) => e.before.i)).toEqual([9, 3]);
    const window = await get('/v1/audit?entity_type=gift_card&from=2026-03-01T00:02:00Z&to=2026-03-01T08:05:00%2B08:00');
    expect(window.body.items.map((e: { before: { i: number } }) => e.before.i)).toEqual([4, 3, 2]);
    const entry = all.body.items[0];
    expect(entry).toMatchObject({ actor_id: 'staff:bob', actor_kind: 'staff', role: 'customer_service', channel: 'console', request_id: 'req-staff:bob', ip: '10.0.0.1', sealed: false, chain_seq: null });

    const bad = await get('/v1/audit?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z');
    expect([bad.status, bad.body.code]).toEqual([400, 'audit_range_invalid']);
    expect((await get('/v1/audit?from=yesterday')).body.code).toBe('validation_failed');
    expect((await get('/v1/audit?cursor=garbage')).body.code).toBe('invalid_cursor');
  });

  it('verifies the chain: counts sealed and unsealed entries and names the first broken one', async () => {
    const before = await get('/v1/audit/verify');
    expect(before.body).toMatchObject({ ok: true, sealed: 0, first_broken: null });
    expect(before.body.unsealed).toBeGreaterThanOrEqual(12);
    await sealAudit(db());
    const sealed = await get('/v1/audit/verify');
    expect(sealed.body).toEqual({ ok: true, sealed: before.body.unsealed, unsealed: 0, first_broken: null });
    expect((await get('/v1/audit?limit=1')).body.items[0]).toMatchObject({ sealed: true, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const victim = await db().q.selectFrom('audit_log').select(['seq', 'after']).where('chain_seq', '=', 3).executeTakeFirstOrThrow();
    await db().q.updateTable('audit_log').set({ after: '{"i":999}' }).where('seq', '=', victim.seq).execute();
    const broken = await get('/v1/audit/verify');
    expect(broken.body).toMatchObject({ ok: false, first_broken: `audit entry seq ${victim.seq} (chain position 3) does not match its hash` });
    await db().q.updateTable('audit_log').set({ after: victim.after }).where('seq', '=', victim.seq).execute();
    expect((await get('/v1/audit/verify')).body.ok).toBe(true);
  });

  it('lists events newest first, filtered by exact type or prefix, and shows one', async () => {
    const ids = await transaction(db(), async (tx) => {
      const out: string[] = [];
      for (const type of ['gift_card.issued', 'gift_card.expired', 'giftXcard.issued', 'coupon.claimed', 'gift_card.issued']) {
        out.push(await emitEvent(tx, type, { type, n: out.length }, t.clock.now()));
      }
      return out;
    });
    const all = await get('/v1/events?limit=3');
    expect(all.body.items.map((e: { id: string }) => e.id)).toEqual([ids[4], ids[3], ids[2]]);
    const next = await get(`/v1/events?limit=3&cursor=${all.body.next_cursor}`);
    expect(next.body.items.map((e: { id: string }) => e.id)).toEqual([ids[1], ids[0]]);
    expect((await get('/v1/events?type=gift_card.issued')).body.items.map((e: { id: string }) => e.id)).toEqual([ids[4], ids[0]]);
    // `_` is a LIKE wildcard; the prefix must still match only itself.
    expect((await get('/v1/events?type=gift_card.*')).body.items.map((e: { id: string }) => e.id)).toEqual([ids[4], ids[1], ids[0]]);
    expect((await get('/v1/events?type=*')).body.items).toHaveLength(5);
    const one = await get(`/v1/events/${ids[3]}`);
    expect(one.body).toEqual({ id: ids[3], seq: expect.any(Number), type: 'coupon.claimed', created_at: t.clock.now().toISOString(), data: { type: 'coupon.claimed', n: 3 } });
    expect((await get('/v1/events/missing')).body.code).toBe('event_not_found');
    expect((await get('/v1/events?type=Bad%20Type')).body.code).toBe('validation_failed');
  });

  it('shows jobs with their state, attempts and progress', async () => {
    const [first, second] = await transaction(db(), async (tx) => [
      await enqueueJob(tx, { kind: 'demo.count', payload: { to: 3 } }, t.clock.now()),
      await enqueueJob(tx, { kind: 'demo.other' }, t.clock.now()),
    ]);
    await db().q.updateTable('jobs').set({ progress: '{"done":2}', state: 'failed', attempts: 8, last_error: 'boom' }).where('id', '=', second as string).execute();
    const page = await get('/v1/jobs?limit=1');
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0]).toMatchObject({ id: second, kind: 'demo.other', state: 'failed', attempts: 8, progress: { done: 2 }, last_error: 'boom' });
    expect((await get(`/v1/jobs?cursor=${page.body.next_cursor}`)).body.items.map((j: { id: string }) => j.id)).toEqual([first]);
    expect((await get('/v1/jobs?state=queued')).body.items.map((j: { id: string }) => j.id)).toEqual([first]);
    expect((await get('/v1/jobs?kind=demo.other')).body.items.map((j: { id: string }) => j.id)).toEqual([second]);
    const one = await get(`/v1/jobs/${first}`);
    expect(one.body).toMatchObject({ id: first, kind: 'demo.count', state: 'queued', attempts: 0, progress: {}, last_error: null, locked_until: null });
    expect(one.body).not.toHaveProperty('payload');
    expect((await get('/v1/jobs/missing')).body.code).toBe('job_not_found');
    expect((await get('/v1/jobs?state=sleeping')).body.code).toBe('validation_failed');
  });

  it('answers each of these routes by role: 401 without a key, 403 for other roles', async () => {
    const routes = Object.entries(ROUTE_ACCESS).filter(([key]) => /^GET \/v1\/(audit|events|jobs|webhooks|webhook-deliveries)/.test(key));
    expect(routes.length).toBe(10);
    for (const [key, access] of routes) {
      const url = key.slice(4).replace(':id', 'missing');
      expect([key, (await t.app.inject({ url })).statusCode]).toEqual([key, 401]);
      for (const role of ROLES) {
        const status = (await t.app.inject({ url, headers: await t.as(role, role === 'merchant' ? 'm1' : undefined) })).statusCode;
        const allowed = 'roles' in access && access.roles.includes(role);
        expect([key, role, status === 403]).toEqual([key, role, !allowed]);
        if (allowed) expect([key, role, status]).toEqual([key, role, expect.toSatisfy((s: number) => s === 200 || s === 404)]);
      }
    }
  });
});
