import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mintShopperToken, verifyShopperToken } from './shopper-token.js';

const SECRET = 'a-shared-secret-of-at-least-32-bytes!!';
const NOW = new Date('2026-03-01T12:00:00.000Z');
const NOW_S = NOW.getTime() / 1000;
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Signs arbitrary header and claims, as a (possibly misbehaving) platform would. */
function forge(header: unknown, claims: unknown, secret = SECRET): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const HS256 = { alg: 'HS256', typ: 'JWT' };
const good = { sub: 'shopper-42', aud: 'scrip', iat: NOW_S, exp: NOW_S + 600 };

describe('shopper tokens', () => {
  it('accepts a token minted with the shared secret', () => {
    const token = mintShopperToken(SECRET, { shopperId: 'shopper-42', ttlS: 600 }, NOW);
    expect(verifyShopperToken(SECRET, token, NOW, 3600)).toEqual({ ok: true, shopperId: 'shopper-42', expiresAt: new Date((NOW_S + 600) * 1000) });
    expect(verifyShopperToken(SECRET, forge(HS256, { ...good, aud: ['other', 'scrip'] }), NOW, 3600).ok).toBe(true);
    expect(verifyShopperToken(SECRET, forge({ alg: 'HS256' }, good), NOW, 3600).ok).toBe(true);
  });

  it.each([
    ['another secret', forge(HS256, good, 'not-the-shared-secret-but-just-as-long'), 'shopper_token_invalid'],
    ['a changed payload', (() => { const [h, , s] = forge(HS256, good).split('.'); return `${h}.${b64({ ...good, sub: 'someone-else' })}.${s}`; })(), 'shopper_token_invalid'],
    ['no signature', `${b64(HS256)}.${b64(good)}.`, 'shopper_token_malformed'],
    ['alg none', `${b64({ alg: 'none' })}.${b64(good)}.${b64('x')}`, 'shopper_token_malformed'],
    ['alg HS512', forge({ alg: 'HS512' }, good), 'shopper_token_malformed'],
    ['two parts', `${b64(HS256)}.${b64(good)}`, 'shopper_token_malformed'],
    ['garbage', 'not a token', 'shopper_token_malformed'],
    ['JSON that is not an object', forge(HS256, [1, 2]), 'shopper_token_malformed'],
    ['no sub', forge(HS256, { ...good, sub: undefined }), 'shopper_token_malformed'],
    ['sub with spaces', forge(HS256, { ...good, sub: 'a b' }), 'shopper_token_malformed'],
    ['exp as text', forge(HS256, { ...good, exp: String(good.exp) }), 'shopper_token_malformed'],
    ['fractional iat', forge(HS256, { ...good, iat: NOW_S + 0.5 }), 'shopper_token_malformed'],
    ['wrong audience', forge(HS256, { ...good, aud: 'another-service' }), 'shopper_token_wrong_audience'],
    ['no audience', forge(HS256, { ...good, aud: undefined }), 'shopper_token_wrong_audience'],
    ['expired', forge(HS256, { ...good, iat: NOW_S - 900, exp: NOW_S - 61 }), 'shopper_token_expired'],
    ['issued in the future', forge(HS256, { ...good, iat: NOW_S + 120, exp: NOW_S + 600 }), 'shopper_token_not_yet_valid'],
    ['not before later', forge(HS256, { ...good, nbf: NOW_S + 120 }), 'shopper_token_not_yet_valid'],
    ['too long-lived', forge(HS256, { ...good, exp: NOW_S + 7200 }), 'shopper_token_too_long_lived'],
    ['huge', 'a'.repeat(5000), 'shopper_token_malformed'],
  ])('refuses %s', (_name, token, error) => {
    expect(verifyShopperToken(SECRET, token, NOW, 3600)).toEqual({ ok: false, error });
  });

  it('tolerates a minute of clock difference, not more', () => {
    const token = mintShopperToken(SECRET, { shopperId: 's', ttlS: 60 }, NOW);
    expect(verifyShopperToken(SECRET, token, new Date(NOW.getTime() + 119_000), 3600).ok).toBe(true);
    expect(verifyShopperToken(SECRET, token, new Date(NOW.getTime() + 120_000), 3600)).toEqual({ ok: false, error: 'shopper_token_expired' });
  });

  it('never accepts a token with any single character changed', () => {
    const token = mintShopperToken(SECRET, { shopperId: 'shopper-42' }, NOW);
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'AQgw_-.x'), (index, replacement) => {
        if (token[index] === replacement) return;
        const changed = token.slice(0, index) + replacement + token.slice(index + 1);
        expect(verifyShopperToken(SECRET, changed, NOW, 3600).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
