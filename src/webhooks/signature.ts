import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures. Each request carries
 *
 *   Scrip-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * with one `v1` per secret that currently signs (two for a while after a rotation). A receiver
 * recomputes the HMAC over the raw body with its secret, compares in constant time, and refuses
 * timestamps older than its tolerance so a captured request cannot be replayed later.
 * This file has no Scrip imports so receivers can copy it as is.
 */

export const SIGNATURE_HEADER = 'scrip-signature';
export const SECRET_PREFIX = 'whsec_';
export const DEFAULT_TOLERANCE_S = 300;

/** `whsec_` + 32 URL-safe base64 characters (192 random bits). The whole string is the HMAC key. */
export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString('base64url')}`;
}

export function computeSignature(secret: string, timestampS: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampS}.${body}`, 'utf8').digest('hex');
}

/** The Scrip-Signature header value for a body, signed with every given secret. */
export function signatureHeader(secrets: readonly string[], timestampS: number, body: string): string {
  return [`t=${timestampS}`, ...secrets.map((secret) => `v1=${computeSignature(secret, timestampS, body)}`)].join(',');
}

export type SignatureCheck = { ok: true; timestampS: number } | { ok: false; reason: 'missing' | 'malformed' | 'too_old' | 'too_new' | 'mismatch' };

/**
 * Checks a Scrip-Signature header against the raw body (exactly the bytes received, before any
 * JSON parsing) and the endpoint's secret.
 */
export function verifySignature(
  header: string | undefined,
  body: string,
  secret: string,
  options: { nowS?: number; toleranceS?: number } = {},
): SignatureCheck {
  if (header === undefined || header === '') return { ok: false, reason: 'missing' };
  let timestampS: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const [key, value = ''] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value)) timestampS = Number(value);
    if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) candidates.push(value);
  }
  if (timestampS === undefined || candidates.length === 0) return { ok: false, reason: 'malformed' };
  const nowS = options.nowS ?? Math.floor(Date.now() / 1000);
  const toleranceS = options.toleranceS ?? DEFAULT_TOLERANCE_S;
  if (timestampS < nowS - toleranceS) return { ok: false, reason: 'too_old' };
  if (timestampS > nowS + toleranceS) return { ok: false, reason: 'too_new' };
  const expected = Buffer.from(computeSignature(secret, timestampS, body), 'hex');
  const matches = candidates.some((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), expected));
  return matches ? { ok: true, timestampS } : { ok: false, reason: 'mismatch' };
}
