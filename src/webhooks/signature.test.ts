import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSignature, generateSecret, signatureHeader, verifySignature } from './signature.js';

const NOW_S = 1_772_323_200;

describe('webhook signatures', () => {
  it('makes whsec_ secrets with 192 random bits', () => {
    const secrets = new Set(Array.from({ length: 200 }, generateSecret));
    expect(secrets.size).toBe(200);
    for (const secret of secrets) expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
  });

  it('signs HMAC-SHA256 over "<t>.<body>" (a fixed vector receivers can check against)', () => {
    expect(computeSignature('whsec_test', 1700000000, '{"a":1}')).toBe('38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789');
    expect(signatureHeader(['k'], 5, 'x')).toBe(`t=5,v1=${computeSignature('k', 5, 'x')}`);
  });

  it('verifies what it signs and refuses any other body, secret or stale time', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.integer({ min: 0, max: 299 }), (body, secret, other, skew) => {
        const header = signatureHeader([secret], NOW_S - skew, body);
        expect(verifySignature(header, body, secret, { nowS: NOW_S })).toEqual({ ok: true, timestampS: NOW_S - skew });
        expect(verifySignature(header, `${body} `, secret, { nowS: NOW_S }).ok).toBe(false);
        if (other !== secret) expect(verifySignature(header, body, other, { nowS: NOW_S })).toEqual({ ok: false, reason: 'mismatch' });
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    [undefined, 'missing'],
    ['', 'missing'],
    ['v1=abc', 'malformed'],
    ['t=123', 'malformed'],
    [`t=abc,v1=${'0'.repeat(64)}`, 'malformed'],
    [`t=${NOW_S - 301},v1=${'0'.repeat(64)}`, 'too_old'],
    [`t=${NOW_S + 301},v1=${'0'.repeat(64)}`, 'too_new'],
    [`t=${NOW_S},v1=${'0'.repeat(64)}`, 'mismatch'],
  ])('refuses header %j as %s', (header, reason) => {
    expect(verifySignature(header, 'body', 'secret', { nowS: NOW_S })).toEqual({ ok: false, reason });
  });

  it('accepts either signature while two secrets sign (rotation overlap)', () => {
    const header = signatureHeader(['new', 'old'], NOW_S, 'body');
    expect(header.split(',')).toHaveLength(3);
    expect(verifySignature(header, 'body', 'new', { nowS: NOW_S }).ok).toBe(true);
    expect(verifySignature(header, 'body', 'old', { nowS: NOW_S }).ok).toBe(true);
    expect(verifySignature(header, 'body', 'other', { nowS: NOW_S }).ok).toBe(false);
  });
});
