import { describe, expect, it } from 'vitest';
import { cardQueryFrom, discountOf } from './giftcards-api.js';

describe('card search and denominations', () => {
  it('reads a number, last four, an owner or an order from what was typed', () => {
    expect(cardQueryFrom('6200 1234 5678 9012', 'auto')).toEqual({ number: '6200123456789012' });
    expect(cardQueryFrom('ab12', 'auto')).toEqual({ last4: 'AB12' });
    expect(cardQueryFrom('shopper-li', 'auto')).toEqual({ owner: 'shopper-li' });
    expect(cardQueryFrom('o-1', 'order')).toEqual({ order: 'o-1' });
    expect(cardQueryFrom('  ', 'auto')).toBeNull();
  });

  it('computes the discount of a sale price below face', () => {
    expect(discountOf({ face: 10_000, price: 9_500 })).toBe(500);
    expect(discountOf({ face: 10_000, price: 10_000 })).toBe(0);
  });
});
