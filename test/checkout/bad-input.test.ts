import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../support/databases.js';
import { type CheckoutTest, checkoutTest } from './harness.js';
import { walletCoupon } from './wallet.js';

/** Every bad request gets its own code and changes nothing: no order, event, refund or transfer. */

const line = (id: string, extra: object = {}) => ({ line_id: id, sku: `sku-${id}`, merchant_id: 'shop-a', category_id: 'food', unit_price: 2000, quantity: 2, ...extra });
const cart = (extra: object = {}) => ({ shopper_id: 'frank', currency: 'CNY', lines: [line('1')], coupon_ids: [], ...extra });

describeEachDb('checkout bad input', ({ db }) => {
  let c: CheckoutTest;

  beforeAll(async () => {
    c = await checkoutTest(db(), { checkoutMaxLines: 5 });
    await c.coupons.issue(db(), 'frank', walletCoupon('frank-a1', { owner: 'merchant', merchantId: 'shop-a', amount: 100 }));
    await c.coupons.issue(db(), 'frank', walletCoupon('frank-a2', { owner: 'merchant', merchantId: 'shop-a', amount: 200 }));
    await c.coupons.issue(db(), 'frank', walletCoupon('frank-b', { owner: 'merchant', merchantId: 'shop-b', amount: 200 }));
    await c.coupons.issue(db(), 'gina', walletCoupon('gina-1', { amount: 100 }));
    for (let i = 0; i < 11; i++) await c.cards.issue(db(), `card-f${String(i).padStart(2, '0')}`, 'frank', 10);
    const post = (url: string, payload: object) => c.t.app.inject({ method: 'POST', url, payload, headers: c.integration });
    expect((await post('/v1/orders', { ...cart(), order_id: 'o-locked' })).statusCode).toBe(201);
    expect((await post('/v1/orders', { ...cart(), order_id: 'o-cancelled' })).statusCode).toBe(201);
    expect((await post('/v1/orders/o-cancelled/cancel', {})).statusCode).toBe(200);
    expect((await post('/v1/orders', { ...cart(), order_id: 'o-paid' })).statusCode).toBe(201);
    expect((await post('/v1/orders/o-paid/pay', { payment_reference: 'p', amount: 4000 })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await c.t.app.close();
  });

  async function snapshot() {
    const count = async (table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db().q)).rows[0]?.n);
    const states = await db().q.selectFrom('orders').select(['id', 'state', 'refunded_amount']).orderBy('id').execute();
    return { orders: await count('orders'), events: await count('order_events'), refunds: await count('order_refunds'), transfers: await count('ledger_transfers'), states };
  }

  const cases: [string, string, string, object, number, string][] = [
    ['an empty cart', 'POST', '/v1/orders', { ...cart({ lines: [] }), order_id: 'x1' }, 400, 'cart_empty'],
    ['more lines than the limit', 'POST', '/v1/orders', { ...cart({ lines: ['1', '2', '3', '4', '5', '6'].map((id) => line(id)) }), order_id: 'x2' }, 400, 'cart_too_large'],
    ['a zero price', 'POST', '/v1/orders', { ...cart({ lines: [line('1', { unit_price: 0 })] }), order_id: 'x3' }, 400, 'cart_line_invalid'],
    ['a negative price', 'POST', '/v1/checkout/quote', cart({ lines: [line('1', { unit_price: -5 })] }), 400, 'cart_line_invalid'],
    ['a zero quantity', 'POST', '/v1/orders', { ...cart({ lines: [line('1', { quantity: 0 })] }), order_id: 'x4' }, 400, 'cart_line_invalid'],
    ['a negative quantity', 'POST', '/v1/orders', { ...cart({ lines: [line('1', { quantity: -1 })] }), order_id: 'x5' }, 400, 'cart_line_invalid'],
    ['a fractional fen', 'POST', '/v1/orders', { ...cart({ lines: [line('1', { unit_price: 19.99 })] }), order_id: 'x6' }, 400, 'validation_failed'],
    ['mixed currencies', 'POST', '/v1/orders', { ...cart({ lines: [line('1'), line('2', { currency: 'USD' })] }), order_id: 'x7' }, 400, 'cart_mixed_currencies'],
    ['a repeated line id', 'POST', '/v1/orders', { ...cart({ lines: [line('1'), line('1')] }), order_id: 'x8' }, 400, 'cart_line_duplicate'],
    ['a malformed currency', 'POST', '/v1/orders', { ...cart({ currency: 'cny' }), order_id: 'x9' }, 400, 'validation_failed'],
    ['an order id with a colon', 'POST', '/v1/orders', { ...cart(), order_id: 'a:b' }, 400, 'validation_failed'],
    ['an unknown merchant', 'POST', '/v1/orders', { ...cart({ lines: [line('1', { merchant_id: 'no-such-shop' })] }), order_id: 'x10' }, 422, 'unknown_merchant'],
    ['an unknown coupon', 'POST', '/v1/orders', { ...cart({ coupon_ids: ['nope'] }), order_id: 'x11' }, 422, 'coupon_not_in_wallet'],
    ["someone else's coupon", 'POST', '/v1/orders', { ...cart({ coupon_ids: ['gina-1'] }), order_id: 'x12' }, 422, 'coupon_not_in_wallet'],
    ['a coupon of another merchant', 'POST', '/v1/orders', { ...cart({ coupon_ids: ['frank-b'] }), order_id: 'x13' }, 422, 'coupon_not_usable'],
    ['two coupons of one shop', 'POST', '/v1/orders', { ...cart({ coupon_ids: ['frank-a1', 'frank-a2'] }), order_id: 'x14' }, 422, 'coupon_combination_invalid'],
    ['an unknown gift card', 'POST', '/v1/orders', { ...cart({ card_ids: ['card-nope'] }), order_id: 'x15' }, 422, 'checkout_card_not_usable'],
    ['too many gift cards', 'POST', '/v1/orders', { ...cart({ card_ids: Array.from({ length: 11 }, (_, i) => `card-f${String(i).padStart(2, '0')}`) }), order_id: 'x16' }, 400, 'checkout_too_many_cards'],
    ['a total that changed since the quote', 'POST', '/v1/orders', { ...cart(), order_id: 'x17', expected: { original_amount: 3999 } }, 409, 'quote_price_changed'],
    ['an order id locked with another cart', 'POST', '/v1/orders', { ...cart({ lines: [line('9')] }), order_id: 'o-locked' }, 409, 'order_exists'],
    ['paying an unknown order', 'POST', '/v1/orders/o-missing/pay', { payment_reference: 'p', amount: 4000 }, 404, 'order_not_found'],
    ['paying a cancelled order', 'POST', '/v1/orders/o-cancelled/pay', { payment_reference: 'p', amount: 4000 }, 409, 'order_not_locked'],
    ['paying the wrong amount', 'POST', '/v1/orders/o-locked/pay', { payment_reference: 'p', amount: 3999 }, 422, 'order_payment_amount_mismatch'],
    ['paying a fractional amount', 'POST', '/v1/orders/o-locked/pay', { payment_reference: 'p', amount: 39.5 }, 400, 'validation_failed'],
    ['paying again with another reference', 'POST', '/v1/orders/o-paid/pay', { payment_reference: 'other', amount: 4000 }, 409, 'order_already_paid'],
    ['cancelling a paid order', 'POST', '/v1/orders/o-paid/cancel', {}, 409, 'order_not_locked'],
    ['refunding an unpaid order', 'POST', '/v1/orders/o-locked/refunds', { refund_id: 'r' }, 409, 'order_not_paid'],
    ['refunding an unknown line', 'POST', '/v1/orders/o-paid/refunds', { refund_id: 'r', lines: [{ line_id: 'nope', quantity: 1 }] }, 422, 'order_line_not_found'],
    ['refunding more than was paid', 'POST', '/v1/orders/o-paid/refunds', { refund_id: 'r', lines: [{ line_id: '1', quantity: 3 }] }, 422, 'refund_exceeds_paid'],
    ['refunding the same line twice past its quantity', 'POST', '/v1/orders/o-paid/refunds', { refund_id: 'r', lines: [{ line_id: '1', quantity: 1 }, { line_id: '1', quantity: 2 }] }, 422, 'refund_exceeds_paid'],
    ['refunding a zero quantity', 'POST', '/v1/orders/o-paid/refunds', { refund_id: 'r', lines: [{ line_id: '1', quantity: 0 }] }, 400, 'validation_failed'],
    ['confirming receipt of an unpaid order', 'POST', '/v1/orders/o-locked/merchants/shop-a/receipt', {}, 409, 'order_not_paid'],
    ['confirming receipt for a merchant not in the order', 'POST', '/v1/orders/o-paid/merchants/shop-b/receipt', {}, 404, 'order_merchant_not_found'],
    ['reading an unknown order', 'GET', '/v1/orders/o-missing', {}, 404, 'order_not_found'],
  ];

  it.each(cases)('refuses %s', async (_, method, url, payload, status, code) => {
    const before = await snapshot();
    const res = await c.t.app.inject({ method: method as 'POST', url, headers: c.integration, ...(method === 'POST' ? { payload } : {}) });
    expect([res.statusCode, res.json().code]).toEqual([status, code]);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a shopper paying an amount the platform must collect, and other shoppers’ orders', async () => {
    const before = await snapshot();
    const frank = c.shopper('frank');
    const pay = await c.t.app.inject({ method: 'POST', url: '/v1/shopper/orders/o-locked/pay', headers: frank, payload: { payment_reference: 'p', amount: 4000 } });
    expect([pay.statusCode, pay.json().code]).toEqual([422, 'order_payment_amount_mismatch']);
    const other = await c.t.app.inject({ method: 'POST', url: '/v1/shopper/orders/o-locked/cancel', headers: c.shopper('gina'), payload: {} });
    expect([other.statusCode, other.json().code]).toEqual([404, 'order_not_found']);
    expect(await snapshot()).toEqual(before);
  });
});
