import { dirname } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { type Db, openDatabase } from '../../src/db/database.js';
import { Problem, problem } from '../../src/errors.js';
import { consumeRateLimit, enforceRateLimits, limitFailures, purgeRateLimits } from '../../src/platform/rate-limit.repo.js';
import { testApp } from '../support/app.js';
import { PG_URL, describeEachDb } from '../support/databases.js';
import { PASSWORD, makeStaff } from '../support/identity.js';

/** A second, independent connection (pool) to the same database, as a second API process has. */
async function secondConnection(db: Db): Promise<Db> {
  if (db.dialect === 'sqlite') return openDatabase({ dataDir: dirname(db.location), sqliteSynchronous: 'normal' });
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db.q)).rows[0]?.s as string;
  return openDatabase({ databaseUrl: PG_URL, pgSchema: schema, pgPoolSize: 4 });
}

describeEachDb('rate limits in the database', ({ db, dialect }) => {
  const opened: Db[] = [];
  afterAll(async () => {
    for (const extra of opened) await extra.destroy();
  });
  const at = (iso: string) => new Date(iso);
  const rule = (key: string, limit = 3, windowS = 60) => ({ bucket: 'test', key, limit, windowS });

  it('counts up to the limit, refuses with Retry-After, and slides', async () => {
    const now = at('2026-03-01T00:00:10.000Z');
    for (let i = 0; i < 3; i++) expect((await consumeRateLimit(db(), rule('a'), now)).allowed).toBe(true);
    const refused = await consumeRateLimit(db(), rule('a'), now);
    // 50 s to the end of this window, then 20 s until the three fade enough: 3 × 40/60 + 1 ≤ 3.
    expect(refused).toEqual({ allowed: false, retryAfterS: 70 });
    // The next window still sees the previous one's three attempts, fading.
    expect((await consumeRateLimit(db(), rule('a'), at('2026-03-01T00:01:10.000Z'))).allowed).toBe(false);
    expect((await consumeRateLimit(db(), rule('a'), at('2026-03-01T00:01:19.000Z'))).allowed).toBe(false);
    expect((await consumeRateLimit(db(), rule('a'), at('2026-03-01T00:01:20.000Z'))).allowed).toBe(true);
    // Other keys and buckets are untouched.
    expect((await consumeRateLimit(db(), rule('b'), now)).allowed).toBe(true);
    const rows = await db().q.selectFrom('rate_limits').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('"a"');
  });

  it('refunds, and counts all checks or none', async () => {
    const now = at('2026-03-01T01:00:00.000Z');
    await expect(enforceRateLimits(db(), [rule('c', 1), rule('d', 1)], now)).resolves.toHaveLength(2);
    const error = await enforceRateLimits(db(), [rule('e', 1), rule('d', 1)], now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Problem);
    // With a limit of one, an attempt at the start of a window weighs on the whole next window.
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfterS: 120 });
    // 'e' was refunded when 'd' refused.
    expect((await consumeRateLimit(db(), rule('e', 1), now)).allowed).toBe(true);
  });

  it('limitFailures counts failures only', async () => {
    const now = at('2026-03-01T02:00:00.000Z');
    const checks = [rule('f', 2)];
    const fail = () => limitFailures(db(), checks, now, async () => { throw problem('invalid_credentials'); });
    const succeed = () => limitFailures(db(), checks, now, async () => 'ok');
    const crash = () => limitFailures(db(), checks, now, async () => { throw new Error('database down'); });
    for (let i = 0; i < 5; i++) expect(await succeed()).toBe('ok');
    await expect(crash()).rejects.toThrow('database down');
    await expect(fail()).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(fail()).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(succeed()).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('holds exactly under concurrent attempts from two processes', async () => {
    const other = await secondConnection(db());
    opened.push(other);
    const now = at('2026-03-01T03:00:00.000Z');
    const attempts = Array.from({ length: 40 }, (_, i) => consumeRateLimit(i % 2 ? other : db(), rule('g', 7), now));
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((o) => o.allowed)).toHaveLength(7);
    const row = await db().q.selectFrom('rate_limits').select('count').where('bucket', '=', 'test').where('window_start', '=', now.toISOString()).execute();
    expect(row.map((r) => r.count)).toContain(7);
  });

  it('purges windows that can no longer matter', async () => {
    const old = at('2026-02-01T00:00:00.000Z');
    await consumeRateLimit(db(), rule('h'), old);
    const removed = await purgeRateLimits(db(), at('2026-02-01T00:02:00.001Z'));
    expect(removed).toBeGreaterThanOrEqual(1);
    const left = await db().q.selectFrom('rate_limits').select('expires_at').where('expires_at', '<', '2026-02-01T00:02:00.001Z').execute();
    expect(left).toEqual([]);
  });

  it(`throttles staff sign-in across two app instances [${dialect}]`, async () => {
    const other = await secondConnection(db());
    opened.push(other);
    const clock = new ManualClock('2026-03-01T05:00:00.000Z');
    const limits = { ...loadConfig({}).rateLimits, signInPerUsername: { limit: 5, windowS: 900 }, signInPerIp: { limit: 8, windowS: 900 } };
    const one = await testApp(db(), { trustProxy: true, rateLimits: limits }, clock);
    const two = await testApp(other, { trustProxy: true, rateLimits: limits }, clock);
    await makeStaff(db(), 'victim', 'finance');
    const attempt = (app: typeof one, password: string, ip = '203.0.113.7') =>
      app.app.inject({ method: 'POST', url: '/v1/sessions', payload: { username: 'victim', password }, headers: { 'x-forwarded-for': ip } });

    for (let i = 0; i < 4; i++) expect((await attempt(i % 2 ? two : one, `guess ${i} wrong!!`)).statusCode).toBe(401);
    // A success does not count as a failure.
    expect((await attempt(two, PASSWORD)).statusCode).toBe(201);
    expect((await attempt(one, 'guess 5 wrong!!')).statusCode).toBe(401);
    const limited = await attempt(two, PASSWORD);
    expect([limited.statusCode, limited.json().code]).toEqual([429, 'rate_limited']);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    // Sliding window: five failures at the start of a window fade by a fifth of the next one.
    expect(retryAfter).toBe(900 + 180);
    expect((await attempt(one, PASSWORD, '198.51.100.1')).statusCode).toBe(429);

    // Per IP: other usernames from the same address are limited too.
    await makeStaff(db(), 'bystander', 'finance');
    const fromIp = (app: typeof one, n: number) =>
      app.app.inject({ method: 'POST', url: '/v1/sessions', payload: { username: `user-${n}`, password: 'nope nope nope' }, headers: { 'x-forwarded-for': '203.0.113.7' } });
    // Five failures so far from this address (refused and successful attempts do not count); the limit is eight.
    for (const n of [1, 2, 3]) expect((await fromIp(n % 2 ? one : two, n)).statusCode).toBe(401);
    expect((await fromIp(two, 4)).statusCode).toBe(429);
    const elsewhere = await one.app.inject({ method: 'POST', url: '/v1/sessions', payload: { username: 'bystander', password: PASSWORD }, headers: { 'x-forwarded-for': '192.0.2.1' } });
    expect(elsewhere.statusCode).toBe(201);

    clock.advance(retryAfter * 1000);
    expect((await attempt(one, PASSWORD, '192.0.2.2')).statusCode).toBe(201);
    await one.app.close();
    await two.app.close();
  });
});
