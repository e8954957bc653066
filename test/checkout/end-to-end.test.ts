import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CouponHarness, claimActivity, couponHarness, ok } from '../coupons/harness.js';
import { describeEachDb } from '../support/databases.js';
import { cardProductInput } from '../support/giftcard-products.js';

/**
 * The checkout on the real gift card and coupon domains: a two-merchant cart priced with a
 * claimed platform coupon and a gift card, locked, paid, one line refunded, receipt confirmed for
 * one merchant — and every fen accounted for in the ledger.
 */
describeEachDb('checkout with real coupons and gift cards', ({ db, dialect }) => {
  let h: CouponHarness;
  let couponId: string;
  let cardId: string;
  const shopper = `e2e-${dialect}`;

  const posted = (id: string) => h.balance(id);

  beforeAll(async () => {
    h = await couponHarness(db());
    h.t.clock.set('2026-03-01T00:00:00.000Z');
    const budgetId = await h.budget(100_000);
    const templateId = await h.template(budgetId, { type: 'amount_off', amount: 2_000, quantity: 10 });
    const { id, items } = await h.activity(claimActivity(budgetId, templateId));
    await h.publish(id);
    await h.runJobs();
    const claimed = ok(await h.call('POST', '/v1/shopper/coupon-claims', await h.shopper(shopper), { coupon_item_id: items[0]?.id }), 201);
    couponId = String((claimed.coupon as { id: string } | undefined)?.id ?? claimed.id);

    const ops = await h.t.as('operations');
    const product = ok(
      await h.call('POST', '/v1/giftcard-products', ops, cardProductInput({ denominations: [{ face: 5_000, price: 4_750 }] })),
      201,
    );
    const integration = await h.t.as('integration');
    const order = ok(
      await h.call('POST', '/v1/giftcard-orders', integration, {
        buyer: { kind: 'shopper', shopper_id: shopper },
        currency: 'CNY',
        payment_method: 'online',
        lines: [{ product_id: product.id, face: 5_000, price: 4_750, quantity: 1 }],
      }),
      201,
    );
    const paid = ok(await h.call('POST', `/v1/giftcard-orders/${order.id}/pay`, integration, { payment_reference: `gc-${order.id}` }), 200);
    const card = (paid.issued_cards as { id: string; code: string }[])[0];
    ok(await h.call('POST', '/v1/wallet/cards', await h.shopper(shopper), { code: card?.code }), 200);
    cardId = String(card?.id);
  });
  afterAll(async () => h.t.app.close());

  const cart = {
    currency: 'CNY',
    lines: [
      { line_id: 'tea', sku: 'tea-1', merchant_id: 'm-1', category_id: 'c-food', unit_price: 3_000, quantity: 3 },
      { line_id: 'cake', sku: 'cake-1', merchant_id: 'm-2', category_id: 'c-food', unit_price: 6_000, quantity: 1 },
    ],
  };

  it('quotes the best coupon with exact shares and applies the gift card', async () => {
    const quote = ok(await h.call('POST', '/v1/shopper/checkout/quote', await h.shopper(shopper), { ...cart, card_ids: [cardId] }), 200);
    expect(quote.original_amount).toBe(15_000);
    expect(quote.discount_amount).toBe(2_000);
    const applied = quote.applied as { coupon_id: string; merchants: { merchant_id: string; amount: number }[] }[];
    expect(applied.map((a) => a.coupon_id)).toEqual([couponId]);
    // 9 000 : 6 000 of ¥20 → 1 200 and 800.
    expect(applied[0]?.merchants).toEqual([
      { merchant_id: 'm-1', amount: 1_200 },
      { merchant_id: 'm-2', amount: 800 },
    ]);
    expect(quote.card_amount).toBe(5_000);
    expect(quote.left_to_pay).toBe(8_000);
  });

  it('locks, pays, refunds one line and confirms receipt without losing a fen', async () => {
    const me = await h.shopper(shopper);
    const orderId = `order-${dialect}`;
    const locked = ok(await h.call('POST', '/v1/shopper/orders', me, { order_id: orderId, ...cart, card_ids: [cardId] }), 201);
    expect(locked.state).toBe('locked');
    expect(locked.cash_amount).toBe(8_000);

    // A second order cannot use the locked coupon.
    const other = ok(await h.call('POST', '/v1/shopper/checkout/quote', me, cart), 200);
    const verdict = (other.coupons as { coupon_id: string; usable: boolean; reason: { code: string } | null }[]).find((c) => c.coupon_id === couponId);
    expect(verdict?.usable).toBe(false);
    expect(verdict?.reason?.code).toBe('locked_by_other_order');

    const clearingBefore = await posted('payments:clearing:CNY');
    const paid = ok(await h.call('POST', `/v1/orders/${orderId}/pay`, await h.t.as('integration'), { payment_reference: `pay-${orderId}`, amount: 8_000 }), 200);
    expect(paid.state).toBe('paid');
    expect((await posted('payments:clearing:CNY')) - clearingBefore).toBe(-8_000);
    expect(await posted('merchant:m-1:in_transit:CNY')).toBe(9_000);
    expect(await posted('merchant:m-2:in_transit:CNY')).toBe(6_000);
    expect(await posted(`card:${cardId}`)).toBe(0);

    const coupon = ok(await h.call('GET', `/v1/coupons/${couponId}`, await h.t.as('operations')), 200);
    expect(coupon.state).toBe('used');

    // Refund one of the three tea units: its price, its coupon share and its card part go back exactly.
    const refunded = ok(
      await h.call('POST', `/v1/orders/${orderId}/refunds`, await h.t.as('integration'), { refund_id: 'r1', lines: [{ line_id: 'tea', quantity: 1 }] }),
      201,
    );
    const refunds = refunded.refunds as { amount: number; coupon_amount: number }[];
    expect(refunds).toHaveLength(1);
    expect((refunds[0]?.amount ?? 0) + (refunds[0]?.coupon_amount ?? 0)).toBe(3_000);
    expect(refunds[0]?.coupon_amount).toBe(400);
    expect(await posted('merchant:m-1:in_transit:CNY')).toBe(6_000);

    const receipt = ok(await h.call('POST', `/v1/shopper/orders/${orderId}/merchants/m-2/receipt`, me, {}), 200);
    expect((receipt.merchants as { merchant_id: string; receipt_confirmed_at: string | null }[]).find((m) => m.merchant_id === 'm-2')?.receipt_confirmed_at).not.toBeNull();
    expect(await posted('merchant:m-2:in_transit:CNY')).toBe(0);
    expect(await posted('merchant:m-2:payable:CNY')).toBe(6_000);

    // Whatever the split, the shopper got back exactly the tea unit's price less its coupon share.
    const cardBack = await posted(`card:${cardId}`);
    const clearingBack = (await posted('payments:clearing:CNY')) - (clearingBefore - 8_000);
    expect(cardBack + clearingBack).toBe(2_600);
    await h.verify();
  });
});
