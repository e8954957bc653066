import type { RateLimitSetting, RateLimits } from '../config.js';
import type { Principal } from './principal.js';

/**
 * Sliding-window rate limits, computed from two fixed-window counters: the current window's
 * count plus the previous window's count weighted by how much of it still overlaps the sliding
 * window. Integer arithmetic in milliseconds, so the same inputs always give the same answer.
 */

export interface RateLimitCheck {
  /** What is limited, e.g. `sign-in:ip` or `giftcard.code:shopper`. */
  bucket: string;
  /** Who is limited: an IP, a username, a shopper id, an API key id. Never a secret. */
  key: string;
  limit: number;
  windowS: number;
}

export interface WindowPosition {
  startMs: number;
  elapsedMs: number;
  windowMs: number;
}

export function windowOf(now: Date, windowS: number): WindowPosition {
  const windowMs = windowS * 1000;
  const startMs = Math.floor(now.getTime() / windowMs) * windowMs;
  return { startMs, elapsedMs: now.getTime() - startMs, windowMs };
}

/**
 * How many attempts the current window may hold right now: an attempt is allowed while the
 * current count is below this. previous × (remaining overlap) + current + 1 ≤ limit.
 */
export function currentCapacity(limit: number, previousCount: number, elapsedMs: number, windowMs: number): number {
  return Math.floor((limit * windowMs - previousCount * (windowMs - elapsedMs)) / windowMs);
}

/**
 * Whole seconds until an attempt would be allowed again, at least 1. Either later in this
 * window (the previous window's weight fades), or in the next one (this window becomes the
 * previous one and fades in turn).
 */
export function retryAfterS(limit: number, previousCount: number, currentCount: number, elapsedMs: number, windowMs: number): number {
  let waitMs: number;
  const spare = limit - currentCount - 1;
  if (spare >= 0 && previousCount === 0) {
    waitMs = 0;
  } else if (spare >= 0) {
    // previous × (windowMs − elapsed − t) ≤ spare × windowMs
    waitMs = Math.max(0, windowMs - elapsedMs - Math.floor((spare * windowMs) / previousCount));
  } else {
    const intoNextMs = currentCount > 0 ? Math.max(0, windowMs - Math.floor(((limit - 1) * windowMs) / currentCount)) : 0;
    waitMs = windowMs - elapsedMs + intoNextMs;
  }
  return Math.max(1, Math.ceil(waitMs / 1000));
}

/** Limits for guessing secret codes (gift card codes, coupon codes): per shopper, per IP, per caller (API key or staff user). */
export function codeFailureChecks(limits: RateLimits, scope: string, caller: { principal: Principal; ip: string }): RateLimitCheck[] {
  const checks: RateLimitCheck[] = [check(`${scope}:ip`, caller.ip, limits.codeFailuresPerIp)];
  if (caller.principal.kind !== 'anonymous') checks.push(check(`${scope}:caller`, caller.principal.id, limits.codeFailuresPerKey));
  if (caller.principal.shopperId) checks.push(check(`${scope}:shopper`, caller.principal.shopperId, limits.codeFailuresPerShopper));
  return checks;
}

/** Limits for staff sign-in failures: per client IP and per username. */
export function signInChecks(limits: RateLimits, username: string, ip: string): RateLimitCheck[] {
  return [check('sign-in:ip', ip, limits.signInPerIp), check('sign-in:username', username.toLowerCase(), limits.signInPerUsername)];
}

function check(bucket: string, key: string, setting: RateLimitSetting): RateLimitCheck {
  return { bucket, key, limit: setting.limit, windowS: setting.windowS };
}
