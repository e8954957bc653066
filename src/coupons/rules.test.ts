import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesRule, regionPrefix } from './audience.js';
import { ALPHABET, deriveCode, formatCode, normaliseCode } from './codes.js';
import { validityPeriod } from './validity.js';
import { checkWindow, templateValue } from './values.js';

describe('template values', () => {
  it('freezes the face value, or the cap of a percent coupon', () => {
    expect(templateValue({ name_zh: 'a', name_en: 'a', type: 'amount_off', amount: 2_000, quantity: 3 }).value).toBe(2_000);
    expect(templateValue({ name_zh: 'a', name_en: 'a', type: 'percent_off', percent_bp: 1_500, cap: 800, quantity: 3 })).toEqual({ amount: null, percent_bp: 1_500, cap: 800, value: 800 });
    expect(() => templateValue({ name_zh: 'a', name_en: 'a', type: 'amount_off', amount: Number.MAX_SAFE_INTEGER, quantity: 2 })).toThrow(/too large/);
  });

  it('needs a window for claim and link activities only', () => {
    expect(() => checkWindow('claim', { startsAt: null, endsAt: null })).toThrow();
    expect(checkWindow('auto', { startsAt: null, endsAt: null })).toEqual({ startsAt: null, endsAt: null });
    expect(() => checkWindow('code', { startsAt: '2026-01-02T00:00:00Z', endsAt: '2026-01-01T00:00:00Z' })).toThrow();
  });
});

describe('validity after claim', () => {
  it('ends at the end of the N-th day in the platform time zone', () => {
    // 23:30 UTC on 1 March is already 2 March in Shanghai.
    expect(validityPeriod({ kind: 'days', days: 1 }, new Date('2026-03-01T23:30:00Z'), 'Asia/Shanghai').until).toBe('2026-03-03T15:59:59.999Z');
    expect(validityPeriod({ kind: 'days', days: 1 }, new Date('2026-03-01T10:00:00Z'), 'UTC').until).toBe('2026-03-02T23:59:59.999Z');
    // Across a daylight-saving change: New York midnight of 9 March is 04:00 UTC.
    expect(validityPeriod({ kind: 'days', days: 1 }, new Date('2026-03-07T12:00:00Z'), 'America/New_York').until).toBe('2026-03-09T03:59:59.999Z');
  });

  it('a fixed validity is what it says', () => {
    expect(validityPeriod({ kind: 'fixed', from: 'a', until: 'b' }, new Date(), 'UTC')).toEqual({ from: 'a', until: 'b' });
  });
});

describe('audience rules', () => {
  const shopper = { region_code: '110105', registered_at: '2025-05-01T00:00:00.000Z', tags: ['vip', 'new'], real_name_verified: true };
  it('matches provinces, cities and districts by their code prefix', () => {
    expect([regionPrefix('110000'), regionPrefix('110100'), regionPrefix('110105')]).toEqual(['11', '1101', '110105']);
    expect(matchesRule({ kind: 'rule', regions: ['110000'] }, shopper)).toBe(true);
    expect(matchesRule({ kind: 'rule', regions: ['310000', '110101'] }, shopper)).toBe(false);
  });
  it('combines registration range, tags any/all and real-name verification', () => {
    expect(matchesRule({ kind: 'rule', registered_from: '2025-01-01T00:00:00.000Z', registered_until: '2025-06-01T00:00:00.000Z' }, shopper)).toBe(true);
    expect(matchesRule({ kind: 'rule', registered_until: '2025-05-01T00:00:00.000Z' }, shopper)).toBe(false);
    expect(matchesRule({ kind: 'rule', tags_any: ['gold', 'vip'], tags_all: ['vip', 'new'] }, shopper)).toBe(true);
    expect(matchesRule({ kind: 'rule', tags_all: ['vip', 'gold'] }, shopper)).toBe(false);
    expect(matchesRule({ kind: 'rule', real_name_verified: false }, shopper)).toBe(false);
  });
});

describe('coupon codes', () => {
  it('normalise what people type and catch any single mistyped character', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.nat(1_000_000), fc.nat(16), fc.nat(31), (item, serial, position, replacement) => {
        const code = deriveCode('key', item, serial);
        expect(normaliseCode(formatCode(code).toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l'))).toBe(code);
        const typo = code.slice(0, position) + ALPHABET[replacement] + code.slice(position + 1);
        if (typo !== code) expect(normaliseCode(typo)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
  it('differ per key, coupon and serial', () => {
    expect(new Set([deriveCode('k', 'i', 0), deriveCode('k', 'i', 1), deriveCode('k', 'j', 0), deriveCode('l', 'i', 0)]).size).toBe(4);
  });
});
