import { describe, expect, it } from 'vitest';
import { isEventPattern, matchesFilter, normaliseFilter } from './event-filter.js';

describe('event type filters', () => {
  it.each([
    [['*'], 'giftcard.issued', true],
    [['giftcard.*'], 'giftcard.issued', true],
    [['giftcard.*'], 'giftcard.balance.changed', true],
    [['giftcard.*'], 'giftcard', false],
    [['giftcard.*'], 'giftcards.issued', false],
    [['giftcard.issued'], 'giftcard.issued', true],
    [['giftcard.issued'], 'giftcard.issued.late', false],
    [['coupon.claimed', 'giftcard.expired'], 'giftcard.expired', true],
    [['coupon.claimed', 'giftcard.expired'], 'giftcard.issued', false],
  ])('%j matches %s: %s', (patterns, type, expected) => {
    expect(matchesFilter(patterns, type)).toBe(expected);
  });

  it.each(['*', 'giftcard.*', 'giftcard.issued', 'a_b.c_d.*', 'x'])('accepts pattern %s', (pattern) => {
    expect(isEventPattern(pattern)).toBe(true);
  });

  it.each(['', 'giftcard.', '.issued', 'giftcard.*.issued', 'GiftCard.issued', 'gift card', 'giftcard*', '**'])('refuses pattern %j', (pattern) => {
    expect(isEventPattern(pattern)).toBe(false);
  });

  it('normalises: sorted, unique, nothing another pattern covers', () => {
    expect(normaliseFilter(['giftcard.issued', 'coupon.claimed', 'giftcard.*', 'giftcard.issued', 'giftcard.balance.*'])).toEqual(['coupon.claimed', 'giftcard.*']);
    expect(normaliseFilter(['coupon.claimed', '*'])).toEqual(['*']);
  });
});
