import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { codeFailureChecks, currentCapacity, retryAfterS, signInChecks, windowOf } from './rate-limit.js';

/** Whether one more attempt is allowed dtMs after the moment (previous, current, elapsed) was seen. */
function allowedAfter(limit: number, previous: number, current: number, elapsedMs: number, windowMs: number, dtMs: number): boolean {
  const at = elapsedMs + dtMs;
  const windowsLater = Math.floor(at / windowMs);
  const [prev, cur] = windowsLater === 0 ? [previous, current] : windowsLater === 1 ? [current, 0] : [0, 0];
  return cur < currentCapacity(limit, prev, at % windowMs, windowMs);
}

describe('sliding-window arithmetic', () => {
  it('allows exactly the limit in a quiet window, and less while the previous window still weighs', () => {
    expect(currentCapacity(5, 0, 0, 900_000)).toBe(5);
    expect(currentCapacity(5, 5, 0, 900_000)).toBe(0);
    expect(currentCapacity(5, 5, 450_000, 900_000)).toBe(2);
    expect(currentCapacity(5, 5, 899_999, 900_000)).toBe(4);
  });

  it('places a moment in its fixed window', () => {
    expect(windowOf(new Date('2026-03-01T00:16:40.000Z'), 900)).toEqual({ startMs: Date.parse('2026-03-01T00:15:00.000Z'), elapsedMs: 100_000, windowMs: 900_000 });
  });

  it('Retry-After is the first whole second at which an attempt is allowed again', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 3600 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (limit, windowS, p, c, e) => {
          const windowMs = windowS * 1000;
          const previous = Math.floor(p * limit);
          const elapsedMs = Math.min(windowMs - 1, Math.floor(e * windowMs));
          const current = Math.min(Math.floor(c * (limit + 1)), Math.max(0, currentCapacity(limit, previous, elapsedMs, windowMs)));
          if (current < currentCapacity(limit, previous, elapsedMs, windowMs)) return; // allowed now: no wait to check
          const wait = retryAfterS(limit, previous, current, elapsedMs, windowMs);
          expect(wait).toBeGreaterThanOrEqual(1);
          expect(allowedAfter(limit, previous, current, elapsedMs, windowMs, wait * 1000)).toBe(true);
          if (wait > 1) expect(allowedAfter(limit, previous, current, elapsedMs, windowMs, (wait - 1) * 1000)).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('which limits apply', () => {
  const limits = loadConfig({}).rateLimits;
  it('limits code guesses per IP, per caller and per shopper', () => {
    const checks = codeFailureChecks(limits, 'giftcard.code', { principal: { kind: 'api_key', id: 'key:1', role: 'storefront', shopperId: 's-1' }, ip: '10.0.0.1' });
    expect(checks.map((c) => [c.bucket, c.key, c.limit])).toEqual([
      ['giftcard.code:ip', '10.0.0.1', 20],
      ['giftcard.code:caller', 'key:1', 500],
      ['giftcard.code:shopper', 's-1', 5],
    ]);
  });
  it('limits sign-in failures per IP and per username, whatever its case', () => {
    expect(signInChecks(limits, 'Alice', '::1').map((c) => [c.bucket, c.key])).toEqual([
      ['sign-in:ip', '::1'],
      ['sign-in:username', 'alice'],
    ]);
  });
  it('reads limits from the environment and refuses nonsense', () => {
    expect(loadConfig({ RATE_LIMIT_SIGN_IN_PER_USERNAME: '3/60' }).rateLimits.signInPerUsername).toEqual({ limit: 3, windowS: 60 });
    expect(() => loadConfig({ RATE_LIMIT_SIGN_IN_PER_USERNAME: '3 per minute' })).toThrow(/limit\/seconds/);
    expect(() => loadConfig({ RATE_LIMIT_SIGN_IN_PER_USERNAME: '0/60' })).toThrow(/limit\/seconds/);
  });
});
