import { describe, expect, it } from 'vitest';
import { templateFreeze, templateValue } from './coupons-api.js';

describe('template value', () => {
  it('freezes the amount, or the cap of a percentage, times the quantity', () => {
    expect(templateValue({ type: 'amount_off', amount: 2_000 })).toBe(2_000);
    expect(templateValue({ type: 'percent_off', cap: 5_000 })).toBe(5_000);
    expect(templateValue({ type: 'percent_off' })).toBeNull();
    expect(templateFreeze(2_000, 1_000)).toBe(2_000_000);
    expect(templateFreeze(2_000, 0)).toBeNull();
    expect(templateFreeze(Number.MAX_SAFE_INTEGER, 2)).toBeNull();
  });
});
