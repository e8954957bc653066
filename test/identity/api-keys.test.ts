import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { hashKey } from '../../src/platform/api-keys.js';
import { type TestApp, testApp } from '../support/app.js';
import { describeEachDb } from '../support/databases.js';

describeEachDb('API keys over HTTP', ({ db }) => {
  let t: TestApp;
  let admin: Record<string, string>;
  let auditor: Record<string, string>;
  beforeAll(async () => {
    t = await testApp(db());
    admin = await t.as('admin');
    auditor = await t.as('auditor');
  });
  afterAll(async () => t.app.close());

  const create = (body: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/v1/api-keys', payload: body, headers: { ...admin, ...headers } });

  async function auditText(database: Db, entityId: string): Promise<string> {
    const rows = await database.q.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).orderBy('seq').execute();
    return JSON.stringify(rows);
  }

  it('creates a key, shows its secret once, lists it without secret or hash, and revokes it', async () => {
    const res = await create({ name: 'order system', role: 'integration' });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.secret).toMatch(/^sk_live_[0-9A-Za-z]{32}$/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(created).toMatchObject({ name: 'order system', role: 'integration', state: 'active', merchant_id: null, prefix: created.secret.slice(0, 12) });
    expect(created.created_by).toMatch(/^key:/);

    const key = { authorization: `Bearer ${created.secret}` };
    const me = await t.app.inject({ url: '/v1/sessions/current', headers: key });
    expect(me.json()).toMatchObject({ user: { kind: 'api_key', id: `key:${created.id}`, role: 'integration', name: 'order system' }, session: null });

    for (const headers of [admin, auditor]) {
      const list = await t.app.inject({ url: '/v1/api-keys?limit=200', headers });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(created.secret);
      expect(list.body).not.toContain(hashKey(created.secret));
      const listed = list.json().items.find((k: { id: string }) => k.id === created.id);
      expect(listed).toBeDefined();
      expect(Object.keys(listed)).not.toContain('secret');
      expect(listed.last_used_at).toBe(t.clock.now().toISOString());
    }
    const one = await t.app.inject({ url: `/v1/api-keys/${created.id}`, headers: auditor });
    expect(one.body).not.toContain(created.secret);

    const revoked = await t.app.inject({ method: 'POST', url: `/v1/api-keys/${created.id}/revoke`, headers: admin });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ state: 'revoked', revoked_at: t.clock.now().toISOString() });
    expect(revoked.body).not.toContain(created.secret);
    const refused = await t.app.inject({ url: '/v1/sessions/current', headers: key });
    expect([refused.statusCode, refused.json().code]).toEqual([401, 'invalid_api_key']);

    t.clock.advance(60_000);
    const again = await t.app.inject({ method: 'POST', url: `/v1/api-keys/${created.id}/revoke`, headers: admin });
    expect(again.json().revoked_at).toBe(revoked.json().revoked_at);

    const audit = await auditText(db(), created.id);
    expect(JSON.parse(audit).map((r: { action: string }) => r.action)).toEqual(['api_key.create', 'api_key.revoke']);
    expect(audit).not.toContain(created.secret);
    expect(audit).not.toContain(hashKey(created.secret));
  });

  it('pages the list with cursors, newest first, and filters by role and state', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await create({ name: `paged ${i}`, role: 'finance' })).json().id);
    const first = (await t.app.inject({ url: '/v1/api-keys?role=finance&limit=2', headers: admin })).json();
    expect(first.items.map((k: { id: string }) => k.id)).toEqual([ids[2], ids[1]]);
    expect(first.next_cursor).toEqual(expect.any(String));
    const rest = (await t.app.inject({ url: `/v1/api-keys?role=finance&limit=2&cursor=${first.next_cursor}`, headers: admin })).json();
    expect(rest.items.map((k: { id: string }) => k.id)).toEqual([ids[0]]);
    expect(rest.next_cursor).toBeNull();
    await t.app.inject({ method: 'POST', url: `/v1/api-keys/${ids[0]}/revoke`, headers: admin });
    const active = (await t.app.inject({ url: '/v1/api-keys?role=finance&active=true', headers: admin })).json();
    expect(active.items.map((k: { id: string }) => k.id)).toEqual([ids[2], ids[1]]);
    const inactive = (await t.app.inject({ url: '/v1/api-keys?role=finance&active=false', headers: admin })).json();
    expect(inactive.items.map((k: { id: string }) => k.id)).toEqual([ids[0]]);
  });

  it('expires keys by the clock', async () => {
    const expiresAt = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    const created = (await create({ name: 'short', role: 'auditor', expires_at: expiresAt })).json();
    const key = { authorization: `Bearer ${created.secret}` };
    expect((await t.app.inject({ url: '/v1/api-keys?limit=1', headers: key })).statusCode).toBe(200);
    t.clock.advance(2 * 3_600_000);
    expect((await t.app.inject({ url: '/v1/api-keys?limit=1', headers: key })).json().code).toBe('invalid_api_key');
    expect((await t.app.inject({ url: `/v1/api-keys/${created.id}`, headers: admin })).json().state).toBe('expired');
  });

  it.each([
    ['unknown role', { name: 'x', role: 'superuser' }, 400, 'validation_failed'],
    ['merchant without merchant_id', { name: 'x', role: 'merchant' }, 400, 'merchant_id_required'],
    ['merchant_id on another role', { name: 'x', role: 'finance', merchant_id: 'm-1' }, 400, 'merchant_id_not_allowed'],
    ['expiry in the past', { name: 'x', role: 'finance', expires_at: '2020-01-01T00:00:00Z' }, 400, 'validation_failed'],
    ['unknown field', { name: 'x', role: 'finance', colour: 'red' }, 400, 'validation_failed'],
    ['no name', { role: 'finance' }, 400, 'validation_failed'],
  ])('refuses %s and makes no key', async (_name, body, status, code) => {
    const before = (await db().q.selectFrom('api_keys').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const res = await create(body);
    expect([res.statusCode, res.json().code]).toEqual([status, code]);
    const after = (await db().q.selectFrom('api_keys').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    expect(Number(after)).toBe(Number(before));
  });

  it('answers 404 for an unknown key', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/api-keys/nope/revoke', headers: admin });
    expect([res.statusCode, res.json().code]).toEqual([404, 'api_key_not_found']);
  });

  it('answers a retried creation that the first succeeded, never storing or repeating the secret', async () => {
    const headers = { 'idempotency-key': 'create-key-once' };
    const first = await create({ name: 'idem', role: 'finance' }, headers);
    expect(first.statusCode).toBe(201);
    const retry = await create({ name: 'idem', role: 'finance' }, headers);
    expect([retry.statusCode, retry.json().code]).toEqual([409, 'idempotency_secret_not_replayable']);
    expect(retry.body).not.toContain(first.json().secret);
    const stored = await db().q.selectFrom('idempotency_keys').selectAll().where('key', '=', 'create-key-once').execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(first.json().secret);
    const made = await db().q.selectFrom('api_keys').select('id').where('name', '=', 'idem').execute();
    expect(made).toHaveLength(1);
  });

  it('ignores Idempotency-Key on requests that carry a password', async () => {
    const headers = { ...admin, 'idempotency-key': 'staff-with-password' };
    const payload = { username: 'idem-staff', role: 'auditor', password: 'a password in a body' };
    const first = await t.app.inject({ method: 'POST', url: '/v1/staff-users', payload, headers });
    expect(first.statusCode).toBe(201);
    const again = await t.app.inject({ method: 'POST', url: '/v1/staff-users', payload, headers });
    expect(again.json().code).toBe('username_taken');
    const signIn = await t.app.inject({ method: 'POST', url: '/v1/sessions', payload: { username: 'idem-staff', password: payload.password }, headers: { 'idempotency-key': 'sign-in' } });
    expect(signIn.statusCode).toBe(201);
    const stored = await db().q.selectFrom('idempotency_keys').selectAll().where('key', 'in', ['staff-with-password', 'sign-in']).execute();
    expect(stored).toEqual([]);
  });
});
