import { afterAll, beforeAll, expect, it } from 'vitest';
import { resolveShopperSecret } from '../../src/platform/shopper-secret.repo.js';
import { mintShopperToken } from '../../src/platform/shopper-token.js';
import { type TestApp, testApp } from '../support/app.js';
import { describeEachDb } from '../support/databases.js';

const SECRET = 'shoppers-test-shared-secret-0123456789';

describeEachDb('shoppers', ({ db }) => {
  let t: TestApp;
  let integration: Record<string, string>;
  let storefront: Record<string, string>;
  beforeAll(async () => {
    t = await testApp(db(), { shopperTokenSecret: SECRET });
    integration = await t.as('integration');
    storefront = await t.as('storefront');
  });
  afterAll(async () => t.app.close());

  const put = (id: string, body: object) => t.app.inject({ method: 'PUT', url: `/v1/shoppers/${id}`, payload: body, headers: integration });
  const asShopper = (token: string, headers = storefront) => t.app.inject({ url: '/v1/shopper', headers: { ...headers, 'x-shopper-token': token } });
  const mint = (id: string, ttlS = 900, at = t.clock.now()) => mintShopperToken(SECRET, { shopperId: id, ttlS }, at);

  it('stores synced attributes, normalised, and tells created, updated, unchanged and stale apart', async () => {
    const body = { display_name: ' 小明 ', region_code: '110105', registered_at: '2025-06-01T08:00:00+08:00', tags: ['vip', 'new', 'vip'], real_name_verified: true, source_version: 5 };
    const created = await put('sh-1', body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      outcome: 'created',
      shopper: { id: 'sh-1', display_name: '小明', region_code: '110105', registered_at: '2025-06-01T00:00:00.000Z', tags: ['new', 'vip'], real_name_verified: true, source_version: 5 },
    });
    expect((await put('sh-1', body)).json().outcome).toBe('unchanged');
    const updated = await put('sh-1', { ...body, tags: ['gold'], source_version: 6 });
    expect([updated.statusCode, updated.json().outcome, updated.json().shopper.tags]).toEqual([200, 'updated', ['gold']]);
    const stale = await put('sh-1', { ...body, tags: ['old'], source_version: 4 });
    expect([stale.json().outcome, stale.json().shopper.tags]).toEqual(['stale', ['gold']]);
    const tags = await db().q.selectFrom('shopper_tags').select('tag').where('shopper_id', '=', 'sh-1').execute();
    expect(tags.map((r) => r.tag)).toEqual(['gold']);

    const read = await t.app.inject({ url: '/v1/shoppers/sh-1', headers: await t.as('customer_service') });
    expect(read.json()).toMatchObject({ id: 'sh-1', region_code: '110105', tags: ['gold'], real_name_verified: true, source_version: 6 });
    const missing = await t.app.inject({ url: '/v1/shoppers/nobody', headers: await t.as('auditor') });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'shopper_not_found']);
    const actions = await db().q.selectFrom('audit_log').select('action').where('entity_type', '=', 'shopper').where('entity_id', '=', 'sh-1').orderBy('seq').execute();
    expect(actions.map((r) => r.action)).toEqual(['shopper.sync.created', 'shopper.sync.updated']);
  });

  it.each([
    ['unknown province', { registered_at: '2025-01-01T00:00:00Z', region_code: '990000' }],
    ['short region', { registered_at: '2025-01-01T00:00:00Z', region_code: 'CN-BJ' }],
    ['no registration time', { region_code: '110000' }],
    ['bad time', { registered_at: 'yesterday' }],
    ['unknown field', { registered_at: '2025-01-01T00:00:00Z', vip: true }],
    ['tag with a comma', { registered_at: '2025-01-01T00:00:00Z', tags: ['a,b'] }],
    ['too many tags', { registered_at: '2025-01-01T00:00:00Z', tags: Array.from({ length: 65 }, (_, i) => `t${i}`) }],
  ])('refuses %s and stores nothing', async (_name, body) => {
    const res = await put('sh-bad', body);
    expect([res.statusCode, res.json().code]).toEqual([400, 'validation_failed']);
    expect(await db().q.selectFrom('shoppers').select('id').where('id', '=', 'sh-bad').execute()).toEqual([]);
  });

  it('syncs a batch in one transaction, refusing it whole when one item is bad', async () => {
    const at = '2025-02-01T00:00:00Z';
    const ok = await t.app.inject({
      method: 'POST',
      url: '/v1/shoppers:batch',
      headers: integration,
      payload: { shoppers: [{ id: 'b-1', registered_at: at, region_code: '310000' }, { id: 'b-2', registered_at: at, tags: ['x'] }, { id: 'sh-1', registered_at: at }] },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().results).toEqual([
      { id: 'b-1', outcome: 'created' },
      { id: 'b-2', outcome: 'created' },
      { id: 'sh-1', outcome: 'updated' },
    ]);
    for (const shoppers of [
      [{ id: 'b-3', registered_at: at }, { id: 'b-3', registered_at: at }],
      [{ id: 'b-4', registered_at: at }, { id: 'b-5', registered_at: at, region_code: '000000' }],
    ]) {
      const bad = await t.app.inject({ method: 'POST', url: '/v1/shoppers:batch', headers: integration, payload: { shoppers } });
      expect(bad.json().code).toBe('validation_failed');
    }
    const tooMany = await t.app.inject({ method: 'POST', url: '/v1/shoppers:batch', headers: integration, payload: { shoppers: Array.from({ length: 1001 }, (_, i) => ({ id: `m-${i}`, registered_at: at })) } });
    expect(tooMany.json().code).toBe('validation_failed');
    const stored = await db().q.selectFrom('shoppers').select('id').where('id', 'in', ['b-3', 'b-4', 'b-5', 'm-0']).execute();
    expect(stored).toEqual([]);
  });

  it('lets a storefront key act for the shopper its token names', async () => {
    await put('sh-2', { registered_at: '2025-03-01T00:00:00Z', tags: ['a'] });
    const res = await asShopper(mint('sh-2'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: 'sh-2', tags: ['a'] });
    const me = await t.app.inject({ url: '/v1/sessions/current', headers: { ...storefront, 'x-shopper-token': mint('sh-2') } });
    expect(me.json()).toMatchObject({ user: { role: 'storefront' }, shopper_id: 'sh-2' });
    const unsynced = await asShopper(mint('never-synced'));
    expect([unsynced.statusCode, unsynced.json().code]).toEqual([404, 'shopper_not_found']);
  });

  it('lets a shopper token alone act as the storefront for its shopper, never for staff routes', async () => {
    await put('sh-9', { registered_at: '2025-03-01T00:00:00Z', tags: ['b'] });
    const alone = await t.app.inject({ url: '/v1/shopper', headers: { 'x-shopper-token': mint('sh-9') } });
    expect(alone.statusCode).toBe(200);
    expect(alone.json()).toMatchObject({ id: 'sh-9' });
    const me = await t.app.inject({ url: '/v1/sessions/current', headers: { 'x-shopper-token': mint('sh-9') } });
    expect(me.json()).toMatchObject({ user: { kind: 'shopper', id: 'shopper:sh-9', role: 'storefront' }, shopper_id: 'sh-9' });
    const staffRoute = await t.app.inject({ url: '/v1/shoppers/sh-9', headers: { 'x-shopper-token': mint('sh-9') } });
    expect(staffRoute.statusCode).toBe(403);
    const forged = await t.app.inject({ url: '/v1/shopper', headers: { 'x-shopper-token': mintShopperToken('another-secret-0123456789abcdefghij', { shopperId: 'sh-9' }, t.clock.now()) } });
    expect(forged.statusCode).toBe(401);
  });

  it('refuses bad, expired, foreign and misplaced shopper tokens with distinct codes', async () => {
    const now = t.clock.now();
    const valid = mint('sh-2');
    const cases: [string, string, Record<string, string>?][] = [
      [mintShopperToken('another-secret-of-the-same-length-000000', { shopperId: 'sh-2' }, now), 'shopper_token_invalid'],
      [mintShopperToken(SECRET, { shopperId: 'sh-2', audience: 'elsewhere' }, now), 'shopper_token_wrong_audience'],
      [mintShopperToken(SECRET, { shopperId: 'sh-2', ttlS: 600 }, new Date(now.getTime() - 3_600_000)), 'shopper_token_expired'],
      [mintShopperToken(SECRET, { shopperId: 'sh-2', ttlS: 2 * 86_400 }, now), 'shopper_token_too_long_lived'],
      ['not.a.token', 'shopper_token_malformed'],
      ['', 'shopper_token_malformed'],
    ];
    for (const [token, code] of cases) {
      const res = await asShopper(token);
      expect([code, res.statusCode, res.json().code]).toEqual([code, 401, code]);
      expect(res.body).not.toContain(token || 'nothing-to-leak');
    }
    const fromAdmin = await t.app.inject({ url: '/v1/sessions/current', headers: { ...(await t.as('admin')), 'x-shopper-token': valid } });
    expect([fromAdmin.statusCode, fromAdmin.json().code]).toEqual([403, 'shopper_token_not_allowed']);
    const none = await t.app.inject({ url: '/v1/shopper', headers: storefront });
    expect(none.json().code).toBe('shopper_token_required');
    t.clock.advance(16 * 60_000);
    expect((await asShopper(valid)).json().code).toBe('shopper_token_expired');
  });

  it('keeps a stable development secret in the database when none is configured', async () => {
    const dev = await testApp(db(), { shopperTokenSecret: undefined });
    const first = await resolveShopperSecret(db(), undefined, dev.clock.now());
    const second = await resolveShopperSecret(db(), undefined, dev.clock.now());
    expect(first).toEqual({ value: second.value, development: true });
    expect(first.value).toHaveLength(43);
    await put('sh-3', { registered_at: '2025-03-01T00:00:00Z' });
    const ok = await dev.app.inject({ url: '/v1/shopper', headers: { ...(await dev.as('storefront')), 'x-shopper-token': mintShopperToken(first.value, { shopperId: 'sh-3' }, dev.clock.now()) } });
    expect(ok.json().id).toBe('sh-3');
    const configured = await t.app.inject({ url: '/v1/shopper', headers: { ...storefront, 'x-shopper-token': mintShopperToken(first.value, { shopperId: 'sh-3' }, t.clock.now()) } });
    expect(configured.json().code).toBe('shopper_token_invalid');
    await dev.app.close();
  });
});
