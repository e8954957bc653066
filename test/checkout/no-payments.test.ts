import { afterAll, beforeAll, expect, it } from 'vitest';
import { transaction } from '../../src/db/database.js';
import { merchantPayable, paymentsClearing } from '../../src/ledger/chart.js';
import { getAccount } from '../../src/ledger/ledger.js';
import { upsertMerchant } from '../../src/platform/catalog.js';
import { verifyAll } from '../../src/verify.js';
import { type TestApp, testApp } from '../support/app.js';
import { describeEachDb } from '../support/databases.js';

/** The app as src/modules.ts assembles it today: the checkout without gift card and coupon payments. */

describeEachDb('checkout as wired in src/modules.ts (no gift card or coupon payments yet)', ({ db }) => {
  let t: TestApp;
  let headers: Record<string, string>;
  beforeAll(async () => {
    t = await testApp(db());
    headers = await t.as('integration');
    await transaction(db(), (tx) => upsertMerchant(tx, { id: 'shop-x', name: 'X' }, new Date('2026-01-01T00:00:00Z')));
  });
  afterAll(async () => {
    await t.app.close();
  });
  const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload, headers });

  it('settles an externally paid order from lock to refund', async () => {
    const lines = [{ line_id: '1', sku: 'a', merchant_id: 'shop-x', category_id: 'c', unit_price: 1250, quantity: 4 }];
    const quoted = (await post('/v1/checkout/quote', { shopper_id: 's', currency: 'CNY', lines })).json();
    expect([quoted.coupons, quoted.left_to_pay]).toEqual([[], 5000]);
    const card = await post('/v1/orders', { order_id: 'n-0', shopper_id: 's', currency: 'CNY', lines, card_ids: ['any'] });
    expect([card.statusCode, card.json().code]).toEqual([422, 'checkout_card_not_usable']);
    expect((await post('/v1/orders', { order_id: 'n-1', shopper_id: 's', currency: 'CNY', lines })).statusCode).toBe(201);
    expect((await post('/v1/orders/n-1/pay', { payment_reference: 'ext-1', amount: 5000 })).statusCode).toBe(200);
    expect((await post('/v1/orders/n-1/merchants/shop-x/receipt', {})).statusCode).toBe(200);
    const refunded = await post('/v1/orders/n-1/refunds', { refund_id: 'r1', lines: [{ line_id: '1', quantity: 1 }] });
    expect([refunded.statusCode, refunded.json().refunded_amount]).toEqual([201, 1250]);
    const payable = await getAccount(db(), merchantPayable('shop-x', 'CNY'));
    expect((payable?.credits_posted ?? 0) - (payable?.debits_posted ?? 0)).toBe(3750);
    const clearing = await getAccount(db(), paymentsClearing('CNY'));
    expect((clearing?.debits_posted ?? 0) - (clearing?.credits_posted ?? 0)).toBe(3750);
    expect((await verifyAll(db())).summary).toMatch(/^verify ok/);
  });
});
