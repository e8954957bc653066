import { afterAll, beforeAll, expect, it } from 'vitest';
import { expirePendings } from '../../src/ledger/ledger.js';
import { merchantInTransit, merchantPayable, paymentsClearing } from '../../src/ledger/chart.js';
import { verifyAll } from '../../src/verify.js';
import { describeEachDb } from '../support/databases.js';
import { type CheckoutTest, LOCK_TIMEOUT_S, checkoutTest } from './harness.js';
import { walletCoupon } from './wallet.js';

/**
 * The order lifecycle over HTTP with the port doubles, asserting the checkout.* ledger transfers
 * and balances to the fen, and `verify` after every step.
 */

const CART = [
  { line_id: 'L1', sku: 'tea', merchant_id: 'shop-a', category_id: 'food', unit_price: 3000, quantity: 2 },
  { line_id: 'L2', sku: 'cup', merchant_id: 'shop-a', category_id: 'home', unit_price: 1000, quantity: 3 },
  { line_id: 'L3', sku: 'pen', merchant_id: 'shop-b', category_id: 'office', unit_price: 4000, quantity: 1 },
];

describeEachDb('checkout lifecycle', ({ db }) => {
  let c: CheckoutTest;
  const post = (url: string, payload: object, headers = c.integration) => c.t.app.inject({ method: 'POST', url, payload, headers });
  const get = (url: string, headers = c.integration) => c.t.app.inject({ method: 'GET', url, headers });
  const verified = async () => expect((await verifyAll(db())).summary).toMatch(/^verify ok/);
  const transfersOf = async (orderId: string) => (await get(`/v1/orders/${orderId}`)).json().transfers as { id: string; code: string; amount: number; debit_account_id: string; credit_account_id: string }[];

  beforeAll(async () => {
    c = await checkoutTest(db());
    await c.cards.issue(db(), 'card-0001', 'alice', 5000);
    await c.coupons.issue(db(), 'alice', walletCoupon('shop-a-10', { owner: 'merchant', merchantId: 'shop-a', amount: 1000, condition: { kind: 'min_spend', amount: 5000 } }));
    await c.coupons.issue(db(), 'alice', walletCoupon('plat-10pct', { type: 'percent_off', amount: null, percentBp: 1000, cap: 2000 }));
    await c.coupons.issue(db(), 'alice', walletCoupon('far', { amount: 5000, condition: { kind: 'min_spend', amount: 20_000 } }));
  });
  afterAll(async () => {
    await c.t.app.close();
  });

  it('quotes, locks, pays, confirms receipt and refunds in parts, every fen accounted for', async () => {
    const quoted = await post('/v1/checkout/quote', { shopper_id: 'alice', currency: 'CNY', lines: CART, card_ids: ['card-0001'] });
    expect(quoted.statusCode).toBe(200);
    const q = quoted.json();
    // Shop coupon 1000 first (667 / 333), then 10 % of the 12 000 left = 1200 (533 / 267 / 400).
    expect(q.applied.map((a: { coupon_id: string; discount: number }) => [a.coupon_id, a.discount])).toEqual([['shop-a-10', 1000], ['plat-10pct', 1200]]);
    expect(q.lines.map((l: { final_amount: number }) => l.final_amount)).toEqual([4800, 2400, 3600]);
    expect([q.original_amount, q.discount_amount, q.card_amount, q.left_to_pay]).toEqual([13_000, 2200, 5000, 5800]);
    expect(q.coupons.find((x: { coupon_id: string }) => x.coupon_id === 'far').reason.code).toBe('below_threshold');
    expect(q.hints[0]).toMatchObject({ coupon_id: 'far', spend_more: 7000, save: 5000 });

    const lockBody = {
      order_id: 'o-1',
      shopper_id: 'alice',
      currency: 'CNY',
      lines: CART,
      coupon_ids: ['shop-a-10', 'plat-10pct'],
      card_ids: ['card-0001'],
      expected: { original_amount: 13_000, discount_amount: 2200, card_amount: 5000, left_to_pay: 5800 },
    };
    const locked = await post('/v1/orders', lockBody);
    expect(locked.statusCode).toBe(201);
    expect(locked.json()).toMatchObject({ state: 'locked', discount_amount: 2200, card_amount: 5000, cash_amount: 5800 });
    expect(await c.cards.balance(db(), 'card-0001')).toBe(0);
    const again = await post('/v1/orders', lockBody);
    expect([again.statusCode, again.json().id]).toEqual([200, 'o-1']);
    const other = await post('/v1/orders', { ...lockBody, coupon_ids: [] });
    expect([other.statusCode, other.json().code]).toEqual([409, 'order_exists']);
    await verified();

    const wrongAmount = await post('/v1/orders/o-1/pay', { payment_reference: 'pay-1', amount: 5799 });
    expect([wrongAmount.statusCode, wrongAmount.json().code]).toEqual([422, 'order_payment_amount_mismatch']);
    const paid = await post('/v1/orders/o-1/pay', { payment_reference: 'pay-1', amount: 5800 });
    expect([paid.statusCode, paid.json().state]).toEqual([200, 'paid']);
    expect((await post('/v1/orders/o-1/pay', { payment_reference: 'pay-1', amount: 5800 })).statusCode).toBe(200);
    const otherRef = await post('/v1/orders/o-1/pay', { payment_reference: 'pay-2', amount: 5800 });
    expect([otherRef.statusCode, otherRef.json().code]).toEqual([409, 'order_already_paid']);
    const payments = (await transfersOf('o-1')).filter((t) => t.code === 'checkout.payment');
    expect(payments.map((t) => [t.id, t.debit_account_id, t.credit_account_id, t.amount])).toEqual([
      ['order:o-1:payment:shop-a', paymentsClearing('CNY'), merchantInTransit('shop-a', 'CNY'), 2200],
      ['order:o-1:payment:shop-b', paymentsClearing('CNY'), merchantInTransit('shop-b', 'CNY'), 3600],
    ]);
    // In transit per merchant = its original amount: coupons' shares + card + external.
    expect(await c.balance(merchantInTransit('shop-a', 'CNY'))).toBe(9000);
    expect(await c.balance(merchantInTransit('shop-b', 'CNY'))).toBe(4000);
    await verified();

    const receipt = await post('/v1/orders/o-1/merchants/shop-a/receipt', {});
    expect(receipt.statusCode).toBe(200);
    expect(receipt.json().merchants.find((m: { merchant_id: string }) => m.merchant_id === 'shop-a')).toMatchObject({ in_transit_amount: 0 });
    expect((await post('/v1/orders/o-1/merchants/shop-a/receipt', {})).statusCode).toBe(200);
    const receipts = (await transfersOf('o-1')).filter((t) => t.code === 'checkout.receipt');
    expect(receipts.map((t) => [t.debit_account_id, t.credit_account_id, t.amount])).toEqual([[merchantInTransit('shop-a', 'CNY'), merchantPayable('shop-a', 'CNY'), 9000]]);
    expect(c.coupons.received).toEqual(['o-1/shop-a']);
    await verified();

    // One cup of three (shop-a, from payable): the discounts 333 + 267 → 111 + 89 = 200, what was paid
    // (card 200 + external 2200) → exactly 800: 733 external and 67 card (the card has the larger remainder).
    const r1 = await post('/v1/orders/o-1/refunds', { refund_id: 'r-1', lines: [{ line_id: 'L2', quantity: 1 }] });
    expect(r1.statusCode).toBe(201);
    expect(r1.json().refunds).toEqual([expect.objectContaining({ refund_id: 'r-1', amount: 800, coupon_amount: 200, lines: [{ line_id: 'L2', quantity: 1 }] })]);
    const refunds1 = (await transfersOf('o-1')).filter((t) => t.id.startsWith('order:o-1:refund:r-1:'));
    expect(refunds1.map((t) => [t.code, t.debit_account_id, t.amount]).sort()).toEqual(
      [
        ['checkout.refund', merchantPayable('shop-a', 'CNY'), 733],
        ['coupon.refund', merchantPayable('shop-a', 'CNY'), 111],
        ['coupon.refund', merchantPayable('shop-a', 'CNY'), 89],
        ['giftcard.refund', merchantPayable('shop-a', 'CNY'), 67],
      ].sort(),
    );
    const replay = await post('/v1/orders/o-1/refunds', { refund_id: 'r-1', lines: [{ line_id: 'L2', quantity: 1 }] });
    expect([replay.statusCode, replay.json().refunds.length]).toEqual([201, 1]);
    const clash = await post('/v1/orders/o-1/refunds', { refund_id: 'r-1', lines: [{ line_id: 'L2', quantity: 2 }] });
    expect([clash.statusCode, clash.json().code]).toEqual([409, 'refund_exists']);
    const tooMany = await post('/v1/orders/o-1/refunds', { refund_id: 'r-x', lines: [{ line_id: 'L2', quantity: 3 }] });
    expect([tooMany.statusCode, tooMany.json().code]).toEqual([422, 'refund_exceeds_paid']);
    await verified();

    const r2 = await post('/v1/orders/o-1/refunds', { refund_id: 'r-2' });
    expect([r2.statusCode, r2.json().state, r2.json().refunded_amount]).toEqual([201, 'refunded', 10_800]);
    for (const line of r2.json().lines) {
      expect(line.refunded_quantity).toBe(line.quantity);
      for (const fund of line.funds) expect(fund.refunded_amount).toBe(fund.amount);
    }
    expect(await c.cards.balance(db(), 'card-0001')).toBe(5000);
    for (const m of ['shop-a', 'shop-b']) {
      expect(await c.balance(merchantInTransit(m, 'CNY'))).toBe(0);
      expect(await c.balance(merchantPayable(m, 'CNY'))).toBe(0);
    }
    const externalBack = (await transfersOf('o-1')).filter((t) => t.code === 'checkout.refund').reduce((s, t) => s + t.amount, 0);
    expect(externalBack).toBe(5800);
    const done = await post('/v1/orders/o-1/refunds', { refund_id: 'r-3' });
    expect([done.statusCode, done.json().code]).toEqual([409, 'order_fully_refunded']);
    const detail = (await get('/v1/orders/o-1')).json();
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(['locked', 'paid', 'receipt_confirmed', 'refunded', 'refunded']);
    await verified();
  });

  it('fails a lock cleanly with a code naming what changed since the quote', async () => {
    await c.cards.issue(db(), 'card-0002', 'bob', 3000);
    await c.coupons.issue(db(), 'bob', walletCoupon('bob-5', { amount: 500 }));
    const base = { shopper_id: 'bob', currency: 'CNY', lines: [CART[2]], card_ids: ['card-0002'] };
    const q = (await post('/v1/checkout/quote', base)).json();
    expect([q.discount_amount, q.card_amount]).toEqual([500, 3000]);
    const expected = { original_amount: 4000, discount_amount: 500, card_amount: 3000, left_to_pay: 500 };

    await c.cards.spend(db(), 'card-0002', 1000);
    const lower = await post('/v1/orders', { ...base, order_id: 'o-card', coupon_ids: ['bob-5'], expected });
    expect([lower.statusCode, lower.json().code, lower.json().field]).toEqual([409, 'quote_card_changed', 'card_amount']);

    const first = await post('/v1/orders', { ...base, card_ids: [], order_id: 'o-bob-1', coupon_ids: ['bob-5'] });
    expect(first.statusCode).toBe(201);
    const taken = await post('/v1/orders', { ...base, card_ids: [], order_id: 'o-bob-2', coupon_ids: ['bob-5'] });
    expect([taken.statusCode, taken.json().code, taken.json().reason]).toEqual([422, 'coupon_not_usable', 'locked_by_other_order']);
    const best = await post('/v1/orders', { ...base, card_ids: [], order_id: 'o-bob-3', expected: { discount_amount: 500 } });
    expect([best.statusCode, best.json().code]).toEqual([409, 'quote_discount_changed']);
    expect((await get('/v1/orders/o-bob-2')).statusCode).toBe(404);

    // Cancel releases the coupon: it is usable again and a cancelled order cannot be paid.
    const cancelled = await post('/v1/orders/o-bob-1/cancel', {});
    expect([cancelled.statusCode, cancelled.json().state]).toEqual([200, 'cancelled']);
    expect((await post('/v1/orders/o-bob-1/cancel', {})).statusCode).toBe(200);
    const payCancelled = await post('/v1/orders/o-bob-1/pay', { payment_reference: 'p', amount: 3500 });
    expect([payCancelled.statusCode, payCancelled.json().code]).toEqual([409, 'order_not_locked']);
    const relock = await post('/v1/orders', { ...base, card_ids: [], order_id: 'o-bob-4', coupon_ids: ['bob-5'] });
    expect([relock.statusCode, relock.json().discount_amount]).toEqual([201, 500]);
    await verified();
  });

  it('releases expired locks exactly once and refuses to pay them', async () => {
    await c.cards.issue(db(), 'card-0003', 'carol', 2000);
    const locked = await post('/v1/orders', { order_id: 'o-exp', shopper_id: 'carol', currency: 'CNY', lines: [CART[0]], card_ids: ['card-0003'] });
    expect(locked.statusCode).toBe(201);
    expect(await c.cards.balance(db(), 'card-0003')).toBe(0);
    c.t.clock.advance(LOCK_TIMEOUT_S * 1000);
    const late = await post('/v1/orders/o-exp/pay', { payment_reference: 'p', amount: 4000 });
    expect([late.statusCode, late.json().code]).toEqual([409, 'order_lock_expired']);
    const sweep = c.t.app.ctx.modules.find((m) => m.name === 'checkout')?.sweeps?.[0];
    const [n1, n2] = await Promise.all([sweep?.run(c.t.app.ctx, c.t.clock.now()), sweep?.run(c.t.app.ctx, c.t.clock.now())]);
    expect((n1 ?? 0) + (n2 ?? 0)).toBeGreaterThanOrEqual(1);
    expect(await sweep?.run(c.t.app.ctx, c.t.clock.now())).toBe(0);
    const order = (await get('/v1/orders/o-exp')).json();
    expect(order.state).toBe('expired');
    expect(order.timeline.filter((e: { kind: string }) => e.kind === 'expired')).toHaveLength(1);
    // Holds past their time-out are voided by the ledger's own sweep.
    await expirePendings(db(), c.t.clock.now());
    expect(await c.cards.balance(db(), 'card-0003')).toBe(2000);
    const pay = await post('/v1/orders/o-exp/pay', { payment_reference: 'p', amount: 4000 });
    expect([pay.statusCode, pay.json().code]).toEqual([409, 'order_not_locked']);
    await verified();
  });

  it('lets a shopper check out through the storefront, only their own orders', async () => {
    await c.cards.issue(db(), 'card-0004', 'dave', 100_000);
    const dave = c.shopper('dave');
    const quoted = await post('/v1/shopper/checkout/quote', { currency: 'CNY', lines: [CART[2]], card_ids: ['card-0004'] }, dave);
    expect([quoted.statusCode, quoted.json().left_to_pay]).toEqual([200, 0]);
    const locked = await post('/v1/shopper/orders', { order_id: 'o-dave', currency: 'CNY', lines: [CART[2]], card_ids: ['card-0004'] }, dave);
    expect([locked.statusCode, locked.json().shopper_id]).toEqual([201, 'dave']);
    expect((await get('/v1/shopper/orders/o-dave', c.shopper('eve'))).statusCode).toBe(404);
    expect((await post('/v1/shopper/orders/o-dave/cancel', {}, c.shopper('eve'))).statusCode).toBe(404);
    const paid = await post('/v1/shopper/orders/o-dave/pay', { payment_reference: 'cards-only', amount: 0 }, dave);
    expect([paid.statusCode, paid.json().state]).toEqual([200, 'paid']);
    const received = await post('/v1/shopper/orders/o-dave/merchants/shop-b/receipt', {}, dave);
    expect(received.json().merchants[0].receipt_confirmed_at).not.toBeNull();
    const mine = (await get('/v1/shopper/orders', dave)).json();
    expect(mine.items.map((o: { id: string }) => o.id)).toEqual(['o-dave']);
    await verified();
  });
});
