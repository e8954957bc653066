import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROFILE_DEFAULTS } from './profiles.js';
import { type CardTerms, assertOrderAllowed, assertTermsAllowed, maskIdNumber, maskName, priceOf, returnSplit, withinReturnWindow } from './terms.js';

const CN = PROFILE_DEFAULTS['cn-prepaid'];
const DEFAULT = PROFILE_DEFAULTS.default;
const NOW = new Date('2026-03-01T00:00:00Z');
const terms = (over: Partial<CardTerms>): CardTerms => ({ currency: 'CNY', named: false, reloadable: false, validity: { kind: 'months', months: 36 }, accepted: 'all', ...over });

describe('compliance profiles', () => {
  it.each([
    ['named card with an expiry', terms({ named: true }), 1000, 'giftcard_validity_not_allowed'],
    ['anonymous card valid 12 months', terms({ validity: { kind: 'months', months: 12 } }), 1000, 'giftcard_validity_not_allowed'],
    ['anonymous card with a fixed date one year out', terms({ validity: { kind: 'fixed', until: '2027-03-01T00:00:00Z' } }), 1000, 'giftcard_validity_not_allowed'],
    ['named card over ¥5,000', terms({ named: true, validity: { kind: 'none' } }), 500_001, 'giftcard_over_max_balance'],
    ['anonymous card over ¥1,000', terms({}), 100_001, 'giftcard_over_max_balance'],
    ['reloadable anonymous card', terms({ reloadable: true }), 1000, 'giftcard_product_invalid'],
  ])('cn-prepaid refuses a %s', (_label, given, face, code) => {
    expect(() => assertTermsAllowed(CN, given, face, NOW)).toThrow(expect.objectContaining({ code }));
  });

  it('cn-prepaid allows the limits exactly; default allows what cn-prepaid refuses', () => {
    expect(() => assertTermsAllowed(CN, terms({ named: true, validity: { kind: 'none' } }), 500_000, NOW)).not.toThrow();
    expect(() => assertTermsAllowed(CN, terms({}), 100_000, NOW)).not.toThrow();
    expect(() => assertTermsAllowed(DEFAULT, terms({ named: true, validity: { kind: 'months', months: 1 } }), 10_000_000, NOW)).not.toThrow();
  });

  it.each([
    ['named card without identity', { namedFace: 100, anonymousFace: 0, priceTotal: 100, paymentMethod: 'online', hasIdentity: false, buyerKind: 'shopper' }, 'giftcard_identity_required'],
    ['¥10,000 of anonymous cards without identity', { namedFace: 0, anonymousFace: 1_000_000, priceTotal: 1_000_000, paymentMethod: 'bank_transfer', hasIdentity: false, buyerKind: 'company' }, 'giftcard_identity_required'],
    ['a company paying ¥5,000 online', { namedFace: 0, anonymousFace: 500_000, priceTotal: 500_000, paymentMethod: 'online', hasIdentity: false, buyerKind: 'company' }, 'giftcard_bank_transfer_required'],
    ['a person paying ¥50,000 online', { namedFace: 0, anonymousFace: 900_000, priceTotal: 5_000_000, paymentMethod: 'online', hasIdentity: true, buyerKind: 'shopper' }, 'giftcard_bank_transfer_required'],
  ] as const)('cn-prepaid refuses %s', (_label, order, code) => {
    expect(() => assertOrderAllowed(CN, order)).toThrow(expect.objectContaining({ code }));
    expect(() => assertOrderAllowed(DEFAULT, order)).not.toThrow();
  });

  it('just under the thresholds passes', () => {
    expect(() => assertOrderAllowed(CN, { namedFace: 0, anonymousFace: 999_999, priceTotal: 499_999, paymentMethod: 'online', hasIdentity: false, buyerKind: 'company' })).not.toThrow();
  });

  it('returns within the window only', () => {
    expect(withinReturnWindow(CN, NOW, new Date(NOW.getTime() + 7 * 86_400_000))).toBe(true);
    expect(withinReturnWindow(CN, NOW, new Date(NOW.getTime() + 7 * 86_400_000 + 1))).toBe(false);
    expect(withinReturnWindow(DEFAULT, NOW, new Date('2030-01-01T00:00:00Z'))).toBe(true);
  });
});

describe('prices and returns', () => {
  it('prices listed faces and custom amounts, refuses others', () => {
    const listed = [{ face: 10_000, price: 9_500 }];
    expect(priceOf(10_000, listed, null)).toBe(9_500);
    expect(priceOf(3_333, listed, { min: 1_000, max: 5_000, price_bp: 9_000 })).toBe(2_999);
    expect(() => priceOf(6_000, listed, { min: 1_000, max: 5_000, price_bp: 9_000 })).toThrow(expect.objectContaining({ code: 'giftcard_denomination_invalid' }));
  });

  it('splits a return into cash and discount that sum to the balance, cash in proportion to the price', () => {
    expect(returnSplit(4_000, 10_000, 9_500, 0)).toEqual({ cash: 3_800, discount: 200 });
    expect(returnSplit(10_000, 10_000, 10_000, 0)).toEqual({ cash: 10_000, discount: 0 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (face, pct, reloaded, used) => {
        const price = Math.floor((face * pct) / 100);
        const balance = Math.floor((face + reloaded) * used);
        const { cash, discount } = returnSplit(balance, face, price, reloaded);
        expect(cash + discount).toBe(balance);
        expect(cash).toBeGreaterThanOrEqual(0);
        expect(discount).toBeGreaterThanOrEqual(0);
        expect(cash).toBeLessThanOrEqual(price + reloaded);
      }),
    );
  });

  it('masks names and ID numbers', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskIdNumber('110105199001011234')).toBe('110***********1234');
  });
});
