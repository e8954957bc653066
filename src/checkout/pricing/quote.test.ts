import { describe, expect, it } from 'vitest';
import { usableCard, walletCoupon } from '../../../test/checkout/wallet.js';
import { Problem } from '../../errors.js';
import { quote } from './quote.js';
import type { CartLine, QuoteInput } from './types.js';

const NOW = new Date('2026-03-01T00:00:00Z');
const line = (id: string, merchant: string, unit: number, quantity = 1, extra: Partial<CartLine> = {}): CartLine => ({
  line_id: id,
  sku: `sku-${id}`,
  merchant_id: merchant,
  category_id: 'food',
  unit_price: unit,
  quantity,
  ...extra,
});
const run = (lines: CartLine[], extra: Partial<QuoteInput> = {}) => quote({ currency: 'CNY', lines, wallet: [], now: NOW, maxLines: 200, ...extra });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof Problem) return [error.code, error.extra?.reason];
    throw error;
  }
  return null;
};

describe('quote', () => {
  it('applies the shop coupon first and the platform coupon on what is left, split by line', () => {
    const wallet = [
      walletCoupon('shop-a', { owner: 'merchant', merchantId: 'a', amount: 1000, condition: { kind: 'min_spend', amount: 5000 } }),
      walletCoupon('plat', { amount: 3000, condition: { kind: 'min_spend', amount: 8000 } }),
    ];
    const q = run([line('1', 'a', 3000, 2), line('2', 'b', 4000)], { wallet });
    expect(q.applied.map((a) => [a.coupon_id, a.discount])).toEqual([['shop-a', 1000], ['plat', 3000]]);
    // After the shop coupon: line 1 = 5000, line 2 = 4000; 3000 split 5:4 → 1667 / 1333.
    expect(q.lines.map((l) => [l.original_amount, l.shares, l.final_amount])).toEqual([
      [6000, [{ coupon_id: 'shop-a', amount: 1000 }, { coupon_id: 'plat', amount: 1667 }], 3333],
      [4000, [{ coupon_id: 'plat', amount: 1333 }], 2667],
    ]);
    expect(q.merchants).toEqual([
      { merchant_id: 'a', original_amount: 6000, discount_amount: 2667, final_amount: 3333, card_amount: 0, left_to_pay: 3333 },
      { merchant_id: 'b', original_amount: 4000, discount_amount: 1333, final_amount: 2667, card_amount: 0, left_to_pay: 2667 },
    ]);
    expect([q.original_amount, q.discount_amount, q.final_amount, q.left_to_pay]).toEqual([10_000, 4000, 6000, 6000]);
  });

  it('counts the platform threshold after shop discounts', () => {
    const wallet = [
      walletCoupon('shop', { owner: 'merchant', merchantId: 'a', amount: 500 }),
      walletCoupon('plat', { amount: 2000, condition: { kind: 'min_spend', amount: 10_000 } }),
    ];
    // 10 000 reaches the platform threshold only without the shop coupon: 2000 beats 500.
    const q = run([line('1', 'a', 10_000)], { wallet });
    expect(q.applied.map((a) => a.coupon_id)).toEqual(['plat']);
    expect(q.discount_amount).toBe(2000);
    const chosen = codeOf(() => run([line('1', 'a', 10_000)], { wallet, couponIds: ['shop', 'plat'] }));
    expect(chosen).toEqual(['coupon_not_usable', 'below_threshold']);
  });

  it('marks every wallet coupon with a reason code and words in both languages', () => {
    const wallet = [
      walletCoupon('far', { condition: { kind: 'min_spend', amount: 6200 } }),
      walletCoupon('elsewhere', { owner: 'merchant', merchantId: 'zz' }),
      walletCoupon('cat', { scope: { kind: 'categories', ids: ['toys'], excludeSkus: [], excludeCategories: [] } }),
      walletCoupon('soon', { validFrom: '2026-04-01T00:00:00Z' }),
      walletCoupon('old', { validUntil: '2026-02-01T00:00:00Z' }),
      walletCoupon('held', { state: 'locked', lockedByOrderId: 'o-9' }),
      walletCoupon('usd', { currency: 'USD' }),
      walletCoupon('items', { condition: { kind: 'min_items', count: 3 } }),
      walletCoupon('ok', { amount: 300 }),
    ];
    const q = run([line('1', 'a', 5000)], { wallet });
    const byId = Object.fromEntries(q.coupons.map((c) => [c.coupon_id, c]));
    expect(byId.far?.reason).toEqual({ code: 'below_threshold', missing: 1200, en: 'Spend ¥12.00 more to use', 'zh-CN': '再买 ¥12.00 可用' });
    expect(byId.elsewhere?.reason?.code).toBe('wrong_merchant');
    expect(byId.cat?.reason?.code).toBe('out_of_scope');
    expect(byId.soon?.reason?.code).toBe('not_started');
    expect(byId.old?.reason?.code).toBe('expired');
    expect(byId.held?.reason?.code).toBe('locked_by_other_order');
    expect(byId.usd?.reason?.code).toBe('wrong_currency');
    expect(byId.items?.reason).toMatchObject({ code: 'below_item_count', missing: 2, 'zh-CN': '再买 2 件可用' });
    expect(byId.ok).toMatchObject({ usable: true, reason: null, applied: true, discount_alone: 300 });
    expect(q.hints).toEqual([{ coupon_id: 'far', spend_more: 1200, save: 1000, en: 'Spend ¥12.00 more to save ¥10.00', 'zh-CN': '再买 ¥12.00 可省 ¥10.00' }]);
    // The order that holds a coupon may re-price with it.
    const own = run([line('1', 'a', 5000)], { wallet, orderId: 'o-9' });
    expect(own.coupons.find((c) => c.coupon_id === 'held')?.usable).toBe(true);
  });

  it('stops a percent coupon at its cap and never discounts more than the in-scope amount', () => {
    const pct = walletCoupon('pct', { type: 'percent_off', amount: null, percentBp: 1500, cap: 2000 });
    expect(run([line('1', 'a', 10_000)], { wallet: [pct] }).discount_amount).toBe(1500);
    expect(run([line('1', 'a', 100_000)], { wallet: [pct] }).discount_amount).toBe(2000);
    const big = walletCoupon('big', { type: 'no_threshold', amount: 50_000 });
    const q = run([line('1', 'a', 700), line('2', 'a', 300)], { wallet: [big] });
    expect([q.discount_amount, q.final_amount, q.lines.map((l) => l.final_amount)]).toEqual([1000, 0, [0, 0]]);
  });

  it('breaks ties by fewer coupons, then the earliest expiry, then the lowest id', () => {
    const a = walletCoupon('b-late', { amount: 500, validUntil: '2026-06-01T00:00:00Z' });
    const b = walletCoupon('c-early', { amount: 500, validUntil: '2026-05-01T00:00:00Z' });
    const c = walletCoupon('a-early', { amount: 500, validUntil: '2026-05-01T00:00:00Z' });
    expect(run([line('1', 'a', 5000)], { wallet: [a, b, c] }).applied.map((x) => x.coupon_id)).toEqual(['a-early']);
    // {shop 250 + platform 250} ties {shop 500}: the platform threshold fails after 500 off. Fewer coupons win.
    const small = walletCoupon('m250', { owner: 'merchant', merchantId: 'a', amount: 250 });
    const large = walletCoupon('m500', { owner: 'merchant', merchantId: 'a', amount: 500, validUntil: '2026-12-31T00:00:00Z' });
    const plat = walletCoupon('p250', { amount: 250, condition: { kind: 'min_spend', amount: 4700 } });
    expect(run([line('1', 'a', 5000)], { wallet: [small, plat, large] }).applied.map((x) => x.coupon_id)).toEqual(['m500']);
  });

  it('pays what is left with gift cards in order, only at merchants that accept them', () => {
    const cards = [usableCard('card-1', 3000, { acceptedBy: ['b'] }), usableCard('card-2', 100_000)];
    const q = run([line('1', 'a', 4000), line('2', 'b', 5000), line('3', 'a', 1000)], { cards });
    expect(q.cards).toEqual([
      { card_id: 'card-1', last4: 'rd-1', amount: 3000, merchants: [{ merchant_id: 'b', amount: 3000 }] },
      { card_id: 'card-2', last4: 'rd-2', amount: 7000, merchants: [{ merchant_id: 'a', amount: 5000 }, { merchant_id: 'b', amount: 2000 }] },
    ]);
    expect([q.card_amount, q.left_to_pay]).toEqual([10_000, 0]);
    expect(q.lines.map((l) => l.cards)).toEqual([[{ card_id: 'card-2', amount: 4000 }], [{ card_id: 'card-1', amount: 3000 }, { card_id: 'card-2', amount: 2000 }], [{ card_id: 'card-2', amount: 1000 }]]);
    const partial = run([line('1', 'a', 4000)], { cards: [usableCard('c', 1500)] });
    expect([partial.card_amount, partial.left_to_pay, partial.lines[0]?.left_to_pay]).toEqual([1500, 2500, 2500]);
  });

  it.each([
    ['an empty cart', [], {}, 'cart_empty'],
    ['more lines than the limit', Array.from({ length: 3 }, (_, i) => line(String(i), 'a', 100)), { maxLines: 2 }, 'cart_too_large'],
    ['a zero price', [line('1', 'a', 0)], {}, 'cart_line_invalid'],
    ['a negative quantity', [line('1', 'a', 100, -1)], {}, 'cart_line_invalid'],
    ['a fractional fen', [line('1', 'a', 99.5)], {}, 'cart_line_invalid'],
    ['a repeated line id', [line('1', 'a', 100), line('1', 'b', 100)], {}, 'cart_line_duplicate'],
    ['mixed currencies', [line('1', 'a', 100), line('2', 'a', 100, 1, { currency: 'USD' })], {}, 'cart_mixed_currencies'],
    ['an unknown coupon', [line('1', 'a', 100)], { couponIds: ['nope'] }, 'coupon_not_in_wallet'],
    ['a coupon of another merchant', [line('1', 'a', 100)], { couponIds: ['other'], wallet: [walletCoupon('other', { owner: 'merchant', merchantId: 'b' })] }, 'coupon_not_usable'],
    [
      'two coupons of one shop',
      [line('1', 'a', 10_000)],
      { couponIds: ['s1', 's2'], wallet: [walletCoupon('s1', { owner: 'merchant', merchantId: 'a' }), walletCoupon('s2', { owner: 'merchant', merchantId: 'a' })] },
      'coupon_combination_invalid',
    ],
    ['two platform coupons', [line('1', 'a', 10_000)], { couponIds: ['p1', 'p2'], wallet: [walletCoupon('p1'), walletCoupon('p2')] }, 'coupon_combination_invalid'],
    ['a card in another currency', [line('1', 'a', 100)], { cards: [usableCard('c', 100, { currency: 'USD' })] }, 'checkout_card_not_usable'],
  ] as const)('refuses %s', (_, lines, extra, code) => {
    expect(codeOf(() => run([...lines], extra as Partial<QuoteInput>))?.[0]).toBe(code);
  });
});
