import { expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { mintShopperToken } from '../../src/platform/shopper-token.js';
import { describeEachDb } from '../support/databases.js';
import { PASSWORD, cookieHeader, makeStaff } from '../support/identity.js';

const SHOPPER_SECRET = 'log-test-shopper-secret-0123456789abcdef';

describeEachDb('secrets never reach the logs', ({ db }) => {
  it('logs every request at trace level without a password, key, session token, CSRF token or shopper token', async () => {
    const lines: string[] = [];
    const stream = { write: (line: string) => void lines.push(line) };
    const config = { ...loadConfig({}), shopperTokenSecret: SHOPPER_SECRET, trustProxy: true as const };
    const clock = new ManualClock('2026-03-01T00:00:00.000Z');
    const app = await buildApp(config, { db: db(), clock, logger: { level: 'trace', stream } });
    await app.ready();
    await makeStaff(db(), 'logger-admin', 'admin');
    const secrets: string[] = [PASSWORD];

    const wrong = 'a wrong password that must not be logged';
    secrets.push(wrong);
    expect((await app.inject({ method: 'POST', url: '/v1/sessions', payload: { username: 'logger-admin', password: wrong } })).statusCode).toBe(401);
    const signedIn = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { username: 'logger-admin', password: PASSWORD }, headers: { 'x-forwarded-proto': 'https' } });
    const cookie = cookieHeader(signedIn);
    const csrf = signedIn.json().csrf_token as string;
    secrets.push(csrf, ...signedIn.cookies.map((c) => c.value));
    const console = { cookie, 'x-csrf-token': csrf };

    const key = await app.inject({ method: 'POST', url: '/v1/api-keys', payload: { name: 'logged?', role: 'storefront' }, headers: console });
    const secret = key.json().secret as string;
    secrets.push(secret);
    const staff = await app.inject({ method: 'POST', url: '/v1/staff-users', payload: { username: 'generated', role: 'auditor' }, headers: console });
    secrets.push(staff.json().password);
    const newPassword = 'another password for the log test';
    secrets.push(newPassword);
    await app.inject({ method: 'PATCH', url: `/v1/staff-users/${staff.json().id}`, payload: { password: newPassword }, headers: console });

    const storefront = { authorization: `Bearer ${secret}` };
    const shopperToken = mintShopperToken(SHOPPER_SECRET, { shopperId: 'logged-shopper' }, clock.now());
    const forged = mintShopperToken('a-forged-secret-0123456789abcdef0123', { shopperId: 'x' }, clock.now());
    secrets.push(shopperToken, forged, SHOPPER_SECRET);
    await app.inject({ url: '/v1/shopper', headers: { ...storefront, 'x-shopper-token': shopperToken } });
    await app.inject({ url: '/v1/shopper', headers: { ...storefront, 'x-shopper-token': forged } });
    await app.inject({ url: '/v1/sessions/current', headers: { authorization: `Bearer ${secret.slice(0, -1)}X` } });
    await app.inject({ method: 'DELETE', url: '/v1/sessions/current', headers: console });

    // Whatever code logs by hand goes through the same redaction.
    app.log.info({ req: { headers: { authorization: `Bearer ${secret}`, cookie, 'x-shopper-token': shopperToken } } }, 'hand-logged request');
    app.log.info({ body: { password: PASSWORD, secret, csrf_token: csrf } }, 'hand-logged body');

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    expect(log).toContain('staff sign-in failed');
    expect(log).toContain('[redacted]');
    for (const value of secrets) {
      expect(value.length).toBeGreaterThan(10);
      expect(log.includes(value), `log contains a secret (${value.slice(0, 4)}…)`).toBe(false);
    }
    await app.close();
  });
});
