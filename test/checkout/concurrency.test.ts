import { afterAll, beforeAll, expect, it } from 'vitest';
import { merchantInTransit, merchantPayable } from '../../src/ledger/chart.js';
import { verifyAll } from '../../src/verify.js';
import { describeEachDb } from '../support/databases.js';
import { type CheckoutTest, checkoutTest } from './harness.js';
import { walletCoupon } from './wallet.js';

/**
 * Races on PostgreSQL with real connections: one order paid many times at once, pay against
 * cancel, parallel refunds of one line, a refund against a receipt confirmation, one coupon
 * locked by two orders. The database decides; money is never doubled or over-refunded.
 */

const line = (id: string, merchant: string, unit: number, quantity: number) => ({ line_id: id, sku: `sku-${id}`, merchant_id: merchant, category_id: 'food', unit_price: unit, quantity });

describeEachDb(
  'checkout concurrency',
  ({ db }) => {
    let c: CheckoutTest;
    const post = (url: string, payload: object) => c.t.app.inject({ method: 'POST', url, payload, headers: c.integration });
    const lock = async (orderId: string, shopperId: string, lines: object[], extra: object = {}) => {
      const res = await post('/v1/orders', { order_id: orderId, shopper_id: shopperId, currency: 'CNY', lines, coupon_ids: [], ...extra });
      expect(res.statusCode).toBe(201);
      return res.json() as { cash_amount: number };
    };
    const verified = async () => expect((await verifyAll(db())).summary).toMatch(/^verify ok/);
    const codes = (results: { statusCode: number; body: string }[]) =>
      results.map((r) => `${r.statusCode}${r.statusCode >= 400 ? ` ${JSON.parse(r.body).code}` : ''}`).sort();

    beforeAll(async () => {
      c = await checkoutTest(db());
    });
    afterAll(async () => {
      await c.t.app.close();
    });

    it('pays an order once however many times it is paid at once', async () => {
      await c.cards.issue(db(), 'card-p1', 'payer', 1000);
      const order = await lock('o-pay', 'payer', [line('1', 'shop-a', 2500, 2)], { card_ids: ['card-p1'] });
      const same = await Promise.all(Array.from({ length: 8 }, () => post('/v1/orders/o-pay/pay', { payment_reference: 'ref-1', amount: order.cash_amount })));
      expect(codes(same)).toEqual(Array(8).fill('200'));
      const others = await Promise.all(Array.from({ length: 6 }, (_, i) => post('/v1/orders/o-pay/pay', { payment_reference: `ref-x${i}`, amount: order.cash_amount })));
      expect(codes(others)).toEqual(Array(6).fill('409 order_already_paid'));
      const transfers = (await c.t.app.inject({ method: 'GET', url: '/v1/orders/o-pay', headers: c.integration })).json().transfers as { code: string }[];
      expect(transfers.filter((t) => t.code === 'checkout.payment')).toHaveLength(1);
      expect(await c.balance(merchantInTransit('shop-a', 'CNY'))).toBe(5000);
      expect(await c.cards.balance(db(), 'card-p1')).toBe(0);
      await verified();
    });

    it('lets exactly one of pay and cancel win', async () => {
      for (let i = 0; i < 6; i++) {
        await c.cards.issue(db(), `card-r${i}`, 'racer', 700);
        const order = await lock(`o-race-${i}`, 'racer', [line('1', 'shop-b', 1000, 1)], { card_ids: [`card-r${i}`] });
        const [pay, cancel] = await Promise.all([
          post(`/v1/orders/o-race-${i}/pay`, { payment_reference: `ref-${i}`, amount: order.cash_amount }),
          post(`/v1/orders/o-race-${i}/cancel`, {}),
        ]);
        const state = (await c.t.app.inject({ method: 'GET', url: `/v1/orders/o-race-${i}`, headers: c.integration })).json().state;
        if (state === 'paid') {
          expect([pay.statusCode, cancel.statusCode, cancel.json().code]).toEqual([200, 409, 'order_not_locked']);
          expect(await c.cards.balance(db(), `card-r${i}`)).toBe(0);
        } else {
          expect(state).toBe('cancelled');
          expect([cancel.statusCode, pay.statusCode, pay.json().code]).toEqual([200, 409, 'order_not_locked']);
          expect(await c.cards.balance(db(), `card-r${i}`)).toBe(700);
        }
      }
      await verified();
    });

    it('never refunds more than was paid when refunds of one line run at once', async () => {
      await c.cards.issue(db(), 'card-f1', 'refunder', 1234);
      await c.coupons.issue(db(), 'refunder', walletCoupon('ref-cpn', { amount: 777 }));
      const order = await lock('o-refunds', 'refunder', [line('1', 'shop-c', 1999, 5)], { coupon_ids: ['ref-cpn'], card_ids: ['card-f1'] });
      expect((await post('/v1/orders/o-refunds/pay', { payment_reference: 'ref', amount: order.cash_amount })).statusCode).toBe(200);
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => post('/v1/orders/o-refunds/refunds', { refund_id: `r-${i}`, lines: [{ line_id: '1', quantity: 1 }] })));
      const got = codes(results);
      expect(got.filter((x) => x === '201')).toHaveLength(5);
      expect(got.filter((x) => x !== '201').every((x) => x === '422 refund_exceeds_paid' || x === '409 order_fully_refunded')).toBe(true);
      const detail = (await c.t.app.inject({ method: 'GET', url: '/v1/orders/o-refunds', headers: c.integration })).json();
      expect([detail.state, detail.refunded_amount]).toEqual(['refunded', 1999 * 5 - 777]);
      for (const fund of detail.lines[0].funds) expect(fund.refunded_amount).toBe(fund.amount);
      expect(await c.cards.balance(db(), 'card-f1')).toBe(1234);
      expect(await c.balance(merchantInTransit('shop-c', 'CNY'))).toBe(0);
      await verified();
    });

    it('keeps in transit and payable exact when a refund races a receipt confirmation', async () => {
      for (let i = 0; i < 4; i++) {
        const order = await lock(`o-rr-${i}`, 'racer2', [line('1', 'shop-a', 1001, 3), line('2', 'shop-a', 500, 1)]);
        expect((await post(`/v1/orders/o-rr-${i}/pay`, { payment_reference: `rr-${i}`, amount: order.cash_amount })).statusCode).toBe(200);
        const inTransit = await c.balance(merchantInTransit('shop-a', 'CNY'));
        const payable = await c.balance(merchantPayable('shop-a', 'CNY'));
        const [refund, receipt] = await Promise.all([
          post(`/v1/orders/o-rr-${i}/refunds`, { refund_id: 'r', lines: [{ line_id: '1', quantity: 2 }] }),
          post(`/v1/orders/o-rr-${i}/merchants/shop-a/receipt`, {}),
        ]);
        expect([refund.statusCode, receipt.statusCode]).toEqual([201, 200]);
        // 2 of 3 units of 3003 = 2002 went back, whichever side it left from; the rest is payable.
        expect(await c.balance(merchantInTransit('shop-a', 'CNY'))).toBe(inTransit - 3503);
        expect(await c.balance(merchantPayable('shop-a', 'CNY'))).toBe(payable + 3503 - 2002);
      }
      await verified();
    });

    it('lets only one of two orders lock the same coupon', async () => {
      await c.coupons.issue(db(), 'twin', walletCoupon('twin-cpn', { amount: 300 }));
      const results = await Promise.all(
        ['o-twin-1', 'o-twin-2'].map((id) =>
          post('/v1/orders', { order_id: id, shopper_id: 'twin', currency: 'CNY', lines: [line('1', 'shop-b', 1000, 1)], coupon_ids: ['twin-cpn'] }),
        ),
      );
      const got = codes(results);
      expect(got.filter((x) => x === '201')).toHaveLength(1);
      expect(got.find((x) => x !== '201')).toMatch(/^(409|422) /);
      await verified();
    });
  },
  ['postgres'],
);
