import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Shopper tokens: the platform owns shopper identity and vouches for a shopper with a short-lived
 * token, signed with a secret it shares with Scrip. The format is a compact JWS (a JWT) signed
 * with HMAC-SHA256, so any JWT library can mint one:
 *
 *   base64url({"alg":"HS256","typ":"JWT"}) . base64url({"sub":…,"aud":"scrip","iat":…,"exp":…}) . base64url(HMAC-SHA256(secret, first two parts))
 *
 * `sub` is the platform's shopper id; `iat`/`exp` are Unix seconds; `aud` must be (or contain)
 * "scrip"; `nbf` is honoured when present. Only HS256 is accepted (never `none`).
 */

export const SHOPPER_TOKEN_AUDIENCE = 'scrip';
export const SHOPPER_TOKEN_HEADER = 'x-shopper-token';
/** Clock difference tolerated between the platform and Scrip. */
export const CLOCK_LEEWAY_S = 60;
const MAX_TOKEN_CHARS = 4096;
const SHOPPER_ID = /^[A-Za-z0-9._:@/-]{1,128}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export type ShopperTokenError =
  | 'shopper_token_malformed'
  | 'shopper_token_invalid'
  | 'shopper_token_expired'
  | 'shopper_token_not_yet_valid'
  | 'shopper_token_too_long_lived'
  | 'shopper_token_wrong_audience';

export type ShopperTokenResult = { ok: true; shopperId: string; expiresAt: Date } | { ok: false; error: ShopperTokenError };

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

function sign(secret: string, signingInput: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

export interface MintInput {
  shopperId: string;
  /** Lifetime in seconds; keep it short (minutes). */
  ttlS?: number;
  audience?: string;
}

/** Mints a token as the platform would (for tests, the demo storefront and `scrip shoppers token`). */
export function mintShopperToken(secret: string, input: MintInput, now: Date): string {
  const iat = Math.floor(now.getTime() / 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ sub: input.shopperId, aud: input.audience ?? SHOPPER_TOKEN_AUDIENCE, iat, exp: iat + (input.ttlS ?? 900) }));
  return `${header}.${payload}.${base64url(sign(secret, `${header}.${payload}`))}`;
}

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const isSeconds = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export function verifyShopperToken(secret: string, token: string, now: Date, maxTtlS: number): ShopperTokenResult {
  const fail = (error: ShopperTokenError): ShopperTokenResult => ({ ok: false, error });
  if (token.length > MAX_TOKEN_CHARS) return fail('shopper_token_malformed');
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return fail('shopper_token_malformed');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  if (header?.alg !== 'HS256') return fail('shopper_token_malformed');
  // Compared as text, so only the one canonical encoding of the signature is accepted.
  const expected = Buffer.from(base64url(sign(secret, `${headerPart}.${payloadPart}`)));
  const given = Buffer.from(signaturePart);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fail('shopper_token_invalid');
  const claims = decodeJson(payloadPart);
  if (!claims || typeof claims.sub !== 'string' || !SHOPPER_ID.test(claims.sub) || !isSeconds(claims.iat) || !isSeconds(claims.exp)) {
    return fail('shopper_token_malformed');
  }
  if (claims.nbf !== undefined && !isSeconds(claims.nbf)) return fail('shopper_token_malformed');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(SHOPPER_TOKEN_AUDIENCE)) return fail('shopper_token_wrong_audience');
  const nowS = Math.floor(now.getTime() / 1000);
  if (claims.exp + CLOCK_LEEWAY_S <= nowS) return fail('shopper_token_expired');
  if (claims.iat - CLOCK_LEEWAY_S > nowS || (claims.nbf ?? 0) - CLOCK_LEEWAY_S > nowS) return fail('shopper_token_not_yet_valid');
  if (claims.exp - claims.iat > maxTtlS) return fail('shopper_token_too_long_lived');
  return { ok: true, shopperId: claims.sub, expiresAt: new Date(claims.exp * 1000) };
}
