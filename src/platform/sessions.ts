import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';

/**
 * Staff console sessions. The session token lives only in an HttpOnly cookie; a second,
 * readable cookie carries the CSRF token, which the console echoes in X-CSRF-Token on every
 * mutation (a page on another site can neither read the cookie nor set the header). Both tokens
 * are 256 random bits and only their SHA-256 is stored.
 */

export const SESSION_COOKIE = 'scrip_session';
export const CSRF_COOKIE = 'scrip_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** How stale an idle expiry may get before a request pushes it forward (saves a write per request). */
export const RENEW_EVERY_MS = 60_000;

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Compares a presented token with a stored hash in constant time. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const given = Buffer.from(hashSessionToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export function sessionCookieOptions(secure: boolean): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'strict', secure };
}

export function csrfCookieOptions(secure: boolean): CookieSerializeOptions {
  return { path: '/', httpOnly: false, sameSite: 'strict', secure };
}

/** The idle expiry after a use at `now`: now + idle time-out, never past the absolute end. */
export function renewedExpiry(now: Date, idleMinutes: number, absoluteExpiresAt: string): string {
  const idle = new Date(now.getTime() + idleMinutes * 60_000).toISOString();
  return idle < absoluteExpiresAt ? idle : absoluteExpiresAt;
}

export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
