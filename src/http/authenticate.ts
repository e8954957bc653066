import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, problem } from '../errors.js';
import { authenticateKey } from '../platform/api-keys.js';
import { ANONYMOUS, type Principal } from '../platform/principal.js';
import { resolveShopperSecret } from '../platform/shopper-secret.repo.js';
import { SHOPPER_TOKEN_HEADER, verifyShopperToken } from '../platform/shopper-token.js';
import { authenticateSession } from '../platform/sessions.repo.js';
import { CSRF_COOKIE, CSRF_HEADER, SAFE_METHODS, SESSION_COOKIE, csrfCookieOptions, sessionCookieOptions, tokenMatches } from '../platform/sessions.js';
import type { AppContext } from './context.js';

/**
 * Who is calling. An `Authorization: Bearer sk_live_…` API key wins; otherwise the console's
 * session cookie, which for any mutation must come with X-CSRF-Token. A storefront key may add
 * an X-Shopper-Token to act for one shopper, and a shopper token alone acts as the storefront
 * for its shopper.
 */

declare module 'fastify' {
  interface FastifyRequest {
    /** The staff session behind a cookie-authenticated request. */
    staffSession?: { id: string; expiresAt: string };
  }
}

/** True when the request reached us over HTTPS (directly, or per a trusted proxy's X-Forwarded-Proto). */
export function isHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

export function clearSessionCookies(request: FastifyRequest, reply: FastifyReply): void {
  const secure = isHttps(request);
  reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(secure));
  reply.clearCookie(CSRF_COOKIE, csrfCookieOptions(secure));
}

export async function identifyCaller(request: FastifyRequest, reply: FastifyReply, ctx: AppContext): Promise<Principal> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = match ? await authenticateKey(ctx.db, match[1] as string, ctx.clock.now()) : null;
    if (!principal) throw problem('invalid_api_key');
    return principal;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (token === undefined) return request.headers[SHOPPER_TOKEN_HEADER] === undefined ? ANONYMOUS : SHOPPER;
  const lifetime = { idleMinutes: ctx.config.sessionTtlMinutes, maxHours: ctx.config.sessionMaxHours };
  const checked = await authenticateSession(ctx.db, token, lifetime, ctx.clock.now());
  if (checked.state !== 'active') {
    clearSessionCookies(request, reply);
    throw problem(checked.state === 'expired' ? 'session_expired' : 'session_invalid');
  }
  if (!SAFE_METHODS.has(request.method)) {
    const csrf = request.headers[CSRF_HEADER];
    if (typeof csrf !== 'string' || !tokenMatches(csrf, checked.session.csrfHash)) throw problem('csrf_token_invalid');
  }
  request.staffSession = { id: checked.session.id, expiresAt: checked.session.expiresAt };
  return checked.session.principal;
}

/**
 * A shopper token alone (a browser app holds no API key) acts as the storefront for that one
 * shopper: the platform's signature is what vouches for the shopper.
 */
const SHOPPER: Principal = { kind: 'shopper', id: 'shopper:unverified', role: 'storefront', name: 'shopper' };

const secretWarned = new WeakSet<AppContext>();

/** Verifies X-Shopper-Token, when sent, and returns the principal acting for that shopper. */
export async function attachShopper(request: FastifyRequest, ctx: AppContext, principal: Principal): Promise<Principal> {
  const header = request.headers[SHOPPER_TOKEN_HEADER];
  if (header === undefined) return principal;
  if (principal.role !== 'storefront') throw problem('shopper_token_not_allowed');
  if (typeof header !== 'string') throw problem('shopper_token_malformed', 'send one X-Shopper-Token header');
  const now = ctx.clock.now();
  const secret = await resolveShopperSecret(ctx.db, ctx.config.shopperTokenSecret, now);
  if (secret.development && !secretWarned.has(ctx)) {
    secretWarned.add(ctx);
    request.log.warn('SHOPPER_TOKEN_SECRET is not set: shopper tokens are checked with a development secret kept in the database');
  }
  const verified = verifyShopperToken(secret.value, header, now, ctx.config.shopperTokenMaxTtlS);
  if (!verified.ok) throw problem(verified.error satisfies ErrorCode);
  return {
    ...principal,
    shopperId: verified.shopperId,
    ...(principal.kind === 'shopper' ? { id: `shopper:${verified.shopperId}` } : {}),
  };
}
