import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/http/context.js';
import { testApp } from './support/app.js';
import { describeEachDb } from './support/databases.js';

let n = 0;
const uid = (p: string) => `${p}-${++n}-${Math.random().toString(36).slice(2, 8)}`;

describeEachDb('HTTP API', ({ db }) => {
  let app: App;
  let admin: Record<string, string>;
  beforeAll(async () => {
    const t = await testApp(db(), { bodyLimitBytes: 4096 });
    app = t.app;
    admin = await t.as('admin');
  });
  afterAll(async () => app.close());

  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload: body as object, headers: { ...admin, ...headers } });
  const get = (url: string) => app.inject({ url, headers: admin });

  async function account(flags: string[] = []) {
    const id = uid('acct');
    const res = await post('/v1/ledger/accounts', { id, code: 'test', currency: 'CNY', flags });
    expect(res.statusCode).toBe(201);
    return id;
  }

  it('answers liveness, readiness, metrics and OpenAPI 3.1', async () => {
    expect((await app.inject('/health')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/ready')).json()).toEqual({ status: 'ready' });
    const metrics = await app.inject('/metrics');
    expect(metrics.body).toContain('scrip_http_requests_total');
    const doc = (await app.inject('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/ledger/accounts', '/v1/ledger/transfers', '/v1/ledger/accounts/{id}/transfers']));
  });

  it('echoes a request id, or makes one', async () => {
    const given = await app.inject({ url: '/health', headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await app.inject({ url: '/health', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['unknown route', { method: 'GET' as const, url: '/v1/nope' }, 404, 'route_not_found'],
    ['malformed JSON', { method: 'POST' as const, url: '/v1/ledger/transfers', payload: '{"bad', headers: { 'content-type': 'application/json' } }, 400, 'malformed_json'],
    ['empty JSON body', { method: 'POST' as const, url: '/v1/ledger/transfers', payload: '', headers: { 'content-type': 'application/json' } }, 400, 'malformed_json'],
    ['schema violation', { method: 'POST' as const, url: '/v1/ledger/transfers', payload: { transfers: [] } }, 400, 'validation_failed'],
    ['unknown field', { method: 'POST' as const, url: '/v1/ledger/accounts', payload: { id: 'x', code: 'a', currency: 'CNY', colour: 'red' } }, 400, 'validation_failed'],
    ['fractional amount', { method: 'POST' as const, url: '/v1/ledger/transfers', payload: { transfers: [{ id: 'a', code: 'x', amount: 1.5 }] } }, 400, 'validation_failed'],
    ['oversized body', { method: 'POST' as const, url: '/v1/ledger/transfers', payload: { transfers: [{ id: 'a', code: 'x'.repeat(5000) }] } }, 413, 'payload_too_large'],
    ['wrong content type', { method: 'POST' as const, url: '/v1/ledger/transfers', payload: 'a=b', headers: { 'content-type': 'text/csv' } }, 415, 'unsupported_media_type'],
    ['bad cursor', { method: 'GET' as const, url: '/v1/ledger/accounts/x/transfers?cursor=%%%' }, 404, 'account_not_found'],
    ['unknown account', { method: 'GET' as const, url: '/v1/ledger/accounts/missing' }, 404, 'account_not_found'],
    ['unknown transfer', { method: 'GET' as const, url: '/v1/ledger/transfers/missing' }, 404, 'transfer_not_found'],
  ])('%s answers problem+json with its code, no stack', async (_name, request, status, code) => {
    const res = await app.inject({ ...request, headers: { ...admin, ...('headers' in request ? request.headers : {}) } });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ status, code, type: `urn:scrip:problem:${code}` });
    expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('titles problems in Chinese when asked', async () => {
    const res = await app.inject({ url: '/v1/nope', headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' } });
    expect(res.json().title).toBe('路由不存在');
  });

  it('rejects a cursor it did not make', async () => {
    const id = await account();
    const res = await get(`/v1/ledger/accounts/${id}/transfers?cursor=nonsense`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid_cursor');
  });

  it('maps every ledger result to its problem code and changes nothing', async () => {
    const funding = await account();
    const card = await account(['debits_must_not_exceed_credits']);
    const shop = await account();
    expect((await post('/v1/ledger/transfers', { transfers: [{ id: uid('t'), debit_account_id: funding, credit_account_id: card, amount: 100, currency: 'CNY', code: 'fund' }] })).statusCode).toBe(201);
    const hold = uid('hold');
    await post('/v1/ledger/transfers', { transfers: [{ id: hold, debit_account_id: card, credit_account_id: shop, amount: 10, currency: 'CNY', code: 'auth', flags: ['pending'] }] });
    const posted = uid('post');
    await post('/v1/ledger/transfers', { transfers: [{ id: posted, pending_id: hold, code: 'capture', flags: ['post_pending'] }] });
    const hold2 = uid('hold');
    await post('/v1/ledger/transfers', { transfers: [{ id: hold2, debit_account_id: card, credit_account_id: shop, amount: 10, currency: 'CNY', code: 'auth', flags: ['pending'] }] });
    await post('/v1/ledger/transfers', { transfers: [{ id: uid('v'), pending_id: hold2, code: 'release', flags: ['void_pending'] }] });
    const base = { debit_account_id: card, credit_account_id: shop, currency: 'CNY', code: 'x' };
    const cases: [object[], string][] = [
      [[{ ...base, id: uid('t'), amount: 1000 }], 'exceeds_credits'],
      [[{ ...base, id: uid('t'), amount: 1, credit_account_id: card }], 'accounts_must_be_different'],
      [[{ ...base, id: uid('t'), amount: 1, currency: 'USD' }], 'currency_mismatch'],
      [[{ ...base, id: uid('t'), amount: 1, debit_account_id: 'nope' }], 'debit_account_not_found'],
      [[{ id: uid('t'), code: 'x', pending_id: 'nope', flags: ['post_pending'] }], 'pending_not_found'],
      [[{ id: uid('t'), code: 'x', pending_id: hold, flags: ['post_pending'] }], 'pending_already_posted'],
      [[{ id: uid('t'), code: 'x', pending_id: hold2, flags: ['void_pending'] }], 'pending_already_voided'],
      [[{ id: posted, code: 'other', pending_id: hold, flags: ['post_pending'] }], 'exists_with_different_fields'],
      [[{ ...base, id: uid('t'), amount: 1, flags: ['linked'] }], 'linked_event_chain_open'],
      [[{ ...base, id: uid('t'), amount: 1, flags: ['linked'] }, { ...base, id: uid('t'), amount: 1000 }], 'exceeds_credits'],
    ];
    const before = (await get(`/v1/ledger/accounts/${card}`)).json();
    for (const [transfers, code] of cases) {
      const res = await post('/v1/ledger/transfers', { transfers });
      expect([code, res.statusCode]).toEqual([code, code === 'exists_with_different_fields' ? 409 : 422]);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().code).toBe(code);
      expect(res.json().results).toHaveLength(transfers.length);
    }
    expect((await get(`/v1/ledger/accounts/${card}`)).json()).toEqual(before);
    const history = (await get(`/v1/ledger/accounts/${card}/transfers?limit=2`)).json();
    expect(history.items).toHaveLength(2);
    expect(history.next_cursor).toEqual(expect.any(String));
    const rest = (await get(`/v1/ledger/accounts/${card}/transfers?limit=2&cursor=${history.next_cursor}`)).json();
    expect(rest.items.length).toBeGreaterThan(0);
    expect(rest.items[0].transfer.seq).toBeLessThan(history.items[1].transfer.seq);
  });

  it('replays an idempotent POST, refuses the key with another body, never runs twice', async () => {
    const funding = await account();
    const card = await account();
    const body = (amount: number) => ({ transfers: [{ id: uid('t'), debit_account_id: funding, credit_account_id: card, amount, currency: 'CNY', code: 'fund' }] });
    const first = body(7);
    const key = uid('key');
    const a = await post('/v1/ledger/transfers', first, { 'idempotency-key': key });
    const b = await post('/v1/ledger/transfers', first, { 'idempotency-key': key });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body).toBe(a.body);
    const c = await post('/v1/ledger/transfers', body(8), { 'idempotency-key': key });
    expect(c.statusCode).toBe(409);
    expect(c.json().code).toBe('idempotency_key_reused');
    const bad = await post('/v1/ledger/transfers', first, { 'idempotency-key': 'has space' });
    expect(bad.json().code).toBe('idempotency_key_invalid');

    const concurrentKey = uid('key');
    const same = body(3);
    const racing = await Promise.all(Array.from({ length: 8 }, () => post('/v1/ledger/transfers', same, { 'idempotency-key': concurrentKey })));
    const statuses = racing.map((r) => r.statusCode);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(racing.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    const balance = (await get(`/v1/ledger/accounts/${card}`)).json();
    expect(balance.credits_posted).toBe(10);
  });
});

describeEachDb('API keys at the door', ({ db }) => {
  it('refuses missing, malformed, unknown, revoked and expired keys, and the wrong role', async () => {
    const t = await testApp(db());
    const url = '/v1/ledger/accounts/none';
    expect((await t.app.inject(url)).json().code).toBe('unauthenticated');
    expect((await t.app.inject({ url, headers: { authorization: 'Basic abc' } })).json().code).toBe('invalid_api_key');
    expect((await t.app.inject({ url, headers: { authorization: 'Bearer sk_live_notakey' } })).json().code).toBe('invalid_api_key');
    expect((await t.app.inject({ url, headers: { authorization: `Bearer sk_live_${'A'.repeat(32)}` } })).statusCode).toBe(401);
    const storefront = await t.as('storefront');
    const denied = await t.app.inject({ url, headers: storefront });
    expect([denied.statusCode, denied.json().code]).toEqual([403, 'forbidden']);
    const auditor = await t.as('auditor');
    expect((await t.app.inject({ url, headers: auditor })).json().code).toBe('account_not_found');
    const post = await t.app.inject({ method: 'POST', url: '/v1/ledger/accounts', headers: auditor, payload: { id: 'z', code: 'x', currency: 'CNY' } });
    expect(post.statusCode).toBe(403);
    await db().q.updateTable('api_keys').set({ revoked_at: '2026-01-02T00:00:00.000Z' }).where('role', '=', 'auditor').execute();
    expect((await t.app.inject({ url, headers: auditor })).json().code).toBe('invalid_api_key');
    await db().q.updateTable('api_keys').set({ expires_at: '2026-02-01T00:00:00.000Z' }).where('role', '=', 'storefront').execute();
    expect((await t.app.inject({ url, headers: storefront })).json().code).toBe('invalid_api_key');
    await t.app.close();
  });
});

describeEachDb('audit of ledger writes', ({ db }) => {
  it('records who created accounts and transfers, and the sealed chain verifies', async () => {
    const t = await testApp(db());
    const finance = await t.as('finance');
    const id = `audited-${Math.random().toString(36).slice(2, 8)}`;
    await t.app.inject({ method: 'POST', url: '/v1/ledger/accounts', headers: { ...finance, 'x-request-id': 'req-audit-1' }, payload: { id, code: 'x', currency: 'CNY' } });
    const rows = await db().q.selectFrom('audit_log').selectAll().where('entity_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'ledger.account.create', actor_id: await t.principalId('finance'), role: 'finance', request_id: 'req-audit-1', channel: 'api' });
    const { sealAudit, verifyAuditChain } = await import('../src/platform/audit.js');
    expect(await sealAudit(db())).toBeGreaterThan(0);
    expect(await verifyAuditChain(db())).toBeNull();
    await db().q.updateTable('audit_log').set({ action: 'ledger.account.delete' }).where('entity_id', '=', id).execute();
    expect(await verifyAuditChain(db())).toMatch(/does not match its hash/);
    await db().q.updateTable('audit_log').set({ action: 'ledger.account.create' }).where('entity_id', '=', id).execute();
    expect(await verifyAuditChain(db())).toBeNull();
    await t.app.close();
  });
});

describeEachDb('idempotent replay of secret-issuing routes', ({ db }) => {
  it('a retry learns the first request succeeded but never sees or stores the secret', async () => {
    const t = await testApp(db());
    const admin = { ...(await t.as('admin')), 'idempotency-key': 'hook-1' };
    const payload = { url: 'https://hooks.example.com/scrip', event_types: ['*'] };
    const first = await t.app.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload });
    expect(first.statusCode).toBe(201);
    const secret = first.json().secret as string;
    const retry = await t.app.inject({ method: 'POST', url: '/v1/webhooks', headers: admin, payload });
    expect([retry.statusCode, retry.json().code]).toEqual([409, 'idempotency_secret_not_replayable']);
    expect(retry.body).not.toContain(secret);
    const stored = await db().q.selectFrom('idempotency_keys').select('response_body').where('key', '=', 'hook-1').execute();
    expect(stored[0]?.response_body).not.toContain(secret);
    await t.app.close();
  });
});
