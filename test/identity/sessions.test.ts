import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { type TestApp, testApp } from '../support/app.js';
import { describeEachDb } from '../support/databases.js';
import { PASSWORD, cookieHeader, makeStaff, signIn } from '../support/identity.js';

describeEachDb('staff sessions', ({ db }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(db(), { trustProxy: true, sessionTtlMinutes: 30, sessionMaxHours: 2 });
    await makeStaff(db(), 'ada', 'admin');
    await makeStaff(db(), 'mei', 'merchant', 'm-1');
    await makeStaff(db(), 'otto', 'operations');
  });
  afterAll(async () => t.app.close());

  const me = (headers: Record<string, string>) => t.app.inject({ url: '/v1/sessions/current', headers });

  it('signs in with HttpOnly, SameSite=Strict cookies, Secure only over HTTPS', async () => {
    const plain = await signIn(t.app, 'ada');
    const session = plain.response.cookies.find((c) => c.name === 'scrip_session');
    const csrf = plain.response.cookies.find((c) => c.name === 'scrip_csrf');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(session?.secure).toBeFalsy();
    expect(csrf).toMatchObject({ sameSite: 'Strict', path: '/' });
    expect(csrf?.httpOnly).toBeFalsy();
    expect(csrf?.value).toBe(plain.csrf);
    expect(plain.response.headers['cache-control']).toBe('no-store');
    expect(plain.response.json()).toMatchObject({ user: { kind: 'staff', username: 'ada', role: 'admin', merchant_id: null }, csrf_token: plain.csrf });

    const secure = await signIn(t.app, 'ada', PASSWORD, { 'x-forwarded-proto': 'https' });
    for (const cookie of secure.response.cookies) expect([cookie.name, cookie.secure]).toEqual([cookie.name, true]);
    const raw = String(secure.response.headers['set-cookie']);
    expect(raw).toMatch(/scrip_session=[^;]+;.*HttpOnly/);
    expect(raw).toMatch(/SameSite=Strict/);
    expect(raw).toMatch(/Secure/);
  });

  it('believes X-Forwarded-Proto only from a trusted proxy', async () => {
    const untrusting = await testApp(db(), { trustProxy: false });
    const res = await signIn(untrusting.app, 'ada', PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(res.response.cookies.every((c) => !c.secure)).toBe(true);
    await untrusting.app.close();
  });

  it('says who is signed in, with role and merchant', async () => {
    const mei = await signIn(t.app, 'mei');
    const res = await me({ cookie: mei.cookie });
    expect(res.json()).toMatchObject({ user: { kind: 'staff', username: 'mei', role: 'merchant', merchant_id: 'm-1' }, session: { expires_at: expect.any(String) } });
    expect(res.json().user.id).toMatch(/^staff:/);
  });

  it('demands the CSRF token on cookie-authenticated mutations, not on reads or API keys', async () => {
    const ada = await signIn(t.app, 'ada');
    const body = { name: 'made in the console', role: 'auditor' };
    const without = await t.app.inject({ method: 'POST', url: '/v1/api-keys', payload: body, headers: { cookie: ada.cookie } });
    expect([without.statusCode, without.json().code]).toEqual([403, 'csrf_token_invalid']);
    const wrong = await t.app.inject({ method: 'POST', url: '/v1/api-keys', payload: body, headers: { cookie: ada.cookie, 'x-csrf-token': 'A'.repeat(43) } });
    expect([wrong.statusCode, wrong.json().code]).toEqual([403, 'csrf_token_invalid']);
    const otherSession = await signIn(t.app, 'ada');
    const crossed = await t.app.inject({ method: 'POST', url: '/v1/api-keys', payload: body, headers: { cookie: ada.cookie, 'x-csrf-token': otherSession.csrf } });
    expect(crossed.json().code).toBe('csrf_token_invalid');
    const keys = await db().q.selectFrom('api_keys').select('id').where('name', '=', body.name).execute();
    expect(keys).toEqual([]);

    const ok = await t.app.inject({ method: 'POST', url: '/v1/api-keys', payload: body, headers: ada.headers });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().created_by).toMatch(/^staff:/);
    expect((await t.app.inject({ url: '/v1/api-keys?limit=1', headers: { cookie: ada.cookie } })).statusCode).toBe(200);
    // An API key needs no CSRF token, and a stray cookie beside it is ignored.
    const withKey = await t.app.inject({ method: 'POST', url: '/v1/api-keys', payload: body, headers: { ...(await t.as('admin')), cookie: 'scrip_session=garbage' } });
    expect(withKey.statusCode).toBe(201);
  });

  it('refuses wrong passwords, unknown users and disabled users alike', async () => {
    const attempts = [
      { username: 'otto', password: 'wrong password 123' },
      { username: 'nobody-here', password: PASSWORD },
    ];
    const bodies = [];
    for (const payload of attempts) {
      const res = await t.app.inject({ method: 'POST', url: '/v1/sessions', payload, headers: { 'x-forwarded-for': '10.9.9.9' } });
      expect(res.statusCode).toBe(401);
      expect(res.cookies).toEqual([]);
      const { request_id: _id, ...rest } = res.json();
      bodies.push(rest);
    }
    expect(bodies[0]).toEqual(bodies[1]);
    expect(bodies[0].code).toBe('invalid_credentials');
    expect((await signIn(t.app, 'OTTO')).response.json().user.username).toBe('otto');
  });

  it('expires an idle session, renews a used one, and ends it at the absolute limit', async () => {
    const clock = new ManualClock('2026-03-01T00:00:00.000Z');
    const c = await testApp(db(), { sessionTtlMinutes: 30, sessionMaxHours: 2 }, clock);
    const idle = await signIn(c.app, 'otto');
    const used = await signIn(c.app, 'otto');
    for (let i = 0; i < 4; i++) {
      clock.advance(25 * 60_000);
      expect((await c.app.inject({ url: '/v1/sessions/current', headers: { cookie: used.cookie } })).statusCode).toBe(200);
    }
    const expired = await c.app.inject({ url: '/v1/sessions/current', headers: { cookie: idle.cookie } });
    expect([expired.statusCode, expired.json().code]).toEqual([401, 'session_expired']);
    expect(expired.cookies.map((k) => [k.name, k.value])).toEqual([
      ['scrip_session', ''],
      ['scrip_csrf', ''],
    ]);
    clock.advance(25 * 60_000); // 2 h 5 min after sign-in
    expect((await c.app.inject({ url: '/v1/sessions/current', headers: { cookie: used.cookie } })).json().code).toBe('session_expired');
    await c.app.close();
  });

  it('signs out (with CSRF), after which the cookie is worthless', async () => {
    const s = await signIn(t.app, 'otto');
    const noCsrf = await t.app.inject({ method: 'DELETE', url: '/v1/sessions/current', headers: { cookie: s.cookie } });
    expect(noCsrf.json().code).toBe('csrf_token_invalid');
    const out = await t.app.inject({ method: 'DELETE', url: '/v1/sessions/current', headers: s.headers });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.map((k) => k.value)).toEqual(['', '']);
    const after = await me({ cookie: s.cookie });
    expect([after.statusCode, after.json().code]).toEqual([401, 'session_invalid']);
    const keyOut = await t.app.inject({ method: 'DELETE', url: '/v1/sessions/current', headers: await t.as('admin') });
    expect(keyOut.json().code).toBe('session_not_found');
  });

  it('lets an admin end all sessions of a user, disable a user, and reset a password', async () => {
    const id = await makeStaff(db(), 'rita', 'customer_service');
    const admin = await t.as('admin');
    const a = await signIn(t.app, 'rita');
    const b = await signIn(t.app, 'rita');
    const revoke = await t.app.inject({ method: 'POST', url: `/v1/staff-users/${id}/sessions/revoke`, headers: admin });
    expect(revoke.json()).toEqual({ revoked: 2 });
    for (const s of [a, b]) expect((await me({ cookie: s.cookie })).json().code).toBe('session_invalid');

    const c = await signIn(t.app, 'rita');
    const newPassword = 'a much newer passphrase';
    const changed = await t.app.inject({ method: 'PATCH', url: `/v1/staff-users/${id}`, payload: { password: newPassword }, headers: admin });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).not.toContain(newPassword);
    expect((await me({ cookie: c.cookie })).json().code).toBe('session_invalid');
    expect((await t.app.inject({ method: 'POST', url: '/v1/sessions', payload: { username: 'rita', password: PASSWORD } })).statusCode).toBe(401);
    const d = await signIn(t.app, 'rita', newPassword);

    const disabled = await t.app.inject({ method: 'PATCH', url: `/v1/staff-users/${id}`, payload: { disabled: true }, headers: admin });
    expect(disabled.json()).toMatchObject({ disabled: true });
    expect((await me({ cookie: d.cookie })).json().code).toBe('session_invalid');
    const refused = await t.app.inject({ method: 'POST', url: '/v1/sessions', payload: { username: 'rita', password: newPassword } });
    expect(refused.json().code).toBe('invalid_credentials');

    const promoted = await t.app.inject({ method: 'PATCH', url: `/v1/staff-users/${id}`, payload: { disabled: false, role: 'merchant', merchant_id: 'm-7' }, headers: admin });
    expect(promoted.json()).toMatchObject({ role: 'merchant', merchant_id: 'm-7', disabled: false });
    expect((await signIn(t.app, 'rita', newPassword)).response.json().user).toMatchObject({ role: 'merchant', merchant_id: 'm-7' });
    const bad = await t.app.inject({ method: 'PATCH', url: `/v1/staff-users/${id}`, payload: { role: 'finance', merchant_id: 'm-7' }, headers: admin });
    expect(bad.json().code).toBe('merchant_id_not_allowed');
    const actions = await db().q.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('seq').execute();
    expect(actions.map((r) => r.action)).toEqual(['staff_user.create', 'staff_user.sessions_revoke', 'staff_user.update', 'staff_user.update', 'staff_user.update']);
  });

  it('creates staff users through the API, generating a password shown once', async () => {
    const admin = await t.as('admin');
    const res = await t.app.inject({ method: 'POST', url: '/v1/staff-users', payload: { username: 'Fiona', role: 'finance' }, headers: admin });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ username: 'fiona', role: 'finance', disabled: false });
    expect(created.password).toMatch(/^[A-Za-z0-9]{20}$/);
    const read = await t.app.inject({ url: `/v1/staff-users/${created.id}`, headers: await t.as('auditor') });
    expect(read.json()).not.toHaveProperty('password');
    expect(read.body).not.toContain(created.password);
    const stored = await db().q.selectFrom('staff_users').select('password_hash').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await signIn(t.app, 'fiona', created.password)).response.statusCode).toBe(201);

    const taken = await t.app.inject({ method: 'POST', url: '/v1/staff-users', payload: { username: 'FIONA', role: 'auditor', password: 'long enough password' }, headers: admin });
    expect([taken.statusCode, taken.json().code]).toEqual([409, 'username_taken']);
    const short = await t.app.inject({ method: 'POST', url: '/v1/staff-users', payload: { username: 'shorty', role: 'auditor', password: 'short' }, headers: admin });
    expect(short.json().code).toBe('validation_failed');
    const noMerchant = await t.app.inject({ method: 'POST', url: '/v1/staff-users', payload: { username: 'shop', role: 'merchant' }, headers: admin });
    expect(noMerchant.json().code).toBe('merchant_id_required');
    const machine = await t.app.inject({ method: 'POST', url: '/v1/staff-users', payload: { username: 'bot', role: 'storefront' }, headers: admin });
    expect(machine.json().code).toBe('validation_failed');

    const first = (await t.app.inject({ url: '/v1/staff-users?limit=2', headers: admin })).json();
    expect(first.items).toHaveLength(2);
    const second = (await t.app.inject({ url: `/v1/staff-users?limit=200&cursor=${first.next_cursor}`, headers: admin })).json();
    const all = [...first.items, ...second.items];
    expect(new Set(all.map((u: { id: string }) => u.id)).size).toBe(all.length);
    expect(all.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['ada', 'fiona', 'mei', 'otto']));
    expect(JSON.stringify(all)).not.toContain('argon2');
  });

  it('keeps the session cookie out of every response body', async () => {
    const s = await signIn(t.app, 'ada');
    const token = s.response.cookies.find((c) => c.name === 'scrip_session')?.value as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.response.body).not.toContain(token);
    expect((await me({ cookie: cookieHeader(s.response) })).body).not.toContain(token);
  });
});
