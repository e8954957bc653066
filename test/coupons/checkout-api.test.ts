import { afterAll, beforeAll, expect, it } from 'vitest';
import { activityFrozen, budgetAvailable } from '../../src/coupons/accounts.js';
import { couponPayments } from '../../src/coupons/checkout-api.js';
import { transaction } from '../../src/db/database.js';
import { merchantInTransit, merchantPayable } from '../../src/ledger/chart.js';
import { expirePendings, getAccount } from '../../src/ledger/ledger.js';
import { describeEachDb } from '../support/databases.js';
import { type CouponHarness, type Statement, claimActivity, couponHarness, ok } from './harness.js';

/** The coupon side of the checkout (src/checkout/ports.ts), called directly, with exact ledger amounts. */
describeEachDb('coupon checkout API', ({ db }) => {
  let h: CouponHarness;
  let budgetId: string;
  let activityId: string;
  let percentItem: string;
  let amountItem: string;
  beforeAll(async () => {
    h = await couponHarness(db());
    h.t.clock.set('2026-03-01T00:00:00.000Z');
    budgetId = await h.budget(100_000);
    const amountTemplate = await h.template(budgetId, { type: 'amount_off', amount: 2_000, quantity: 10 });
    const percentTemplate = await h.template(budgetId, { type: 'percent_off', percent_bp: 1_000, cap: 3_000, quantity: 10 });
    const input = claimActivity(budgetId, amountTemplate, {}, { quantity: 10, per_user_limit: 5 });
    input.coupons.push({ ...input.coupons[0], template_id: percentTemplate, condition: { kind: 'min_items', count: 1 } });
    const created = await h.activity(input);
    activityId = created.id;
    [amountItem, percentItem] = created.items.map((i) => i.id) as [string, string];
    await h.publish(activityId);
  });
  afterAll(async () => h.t.app.close());

  const claim = async (itemId: string, shopperId = 'buyer') => String(ok(await h.call('POST', '/v1/shopper/coupon-claims', await h.shopper(shopperId), { coupon_item_id: itemId }), 201).id);
  const run = <T>(fn: (tx: Parameters<typeof couponPayments.pay>[1]) => Promise<T>) => transaction(db(), fn);
  const ctx = () => h.t.app.ctx;
  const now = () => h.t.clock.now();
  const available = () => h.balance(budgetAvailable(budgetId));
  const frozen = () => h.balance(activityFrozen(activityId));
  const state = async (couponId: string) => (await db().q.selectFrom('coupons').select('state').where('id', '=', couponId).executeTakeFirstOrThrow()).state;

  it('lists the wallet as the quote reads it', async () => {
    const couponId = await claim(percentItem);
    const wallet = await couponPayments.walletForQuote(db(), 'buyer', 'CNY', now());
    expect(wallet.find((c) => c.couponId === couponId)).toMatchObject({
      owner: 'platform',
      merchantId: null,
      type: 'percent_off',
      percentBp: 1_000,
      cap: 3_000,
      condition: { kind: 'min_items', count: 1 },
      scope: { kind: 'all', ids: [], excludeSkus: [], excludeCategories: [] },
      state: 'available',
      currency: 'CNY',
    });
    expect(await couponPayments.walletForQuote(db(), 'buyer', 'USD', now())).toEqual([]);
  });

  it('lock → pay: the discount goes to each merchant in transit, the rest of the frozen value back to available', async () => {
    const couponId = await claim(percentItem);
    const [before, frozenBefore] = [await available(), await frozen()];
    const lock = { orderId: 'o-pay', shopperId: 'buyer', currency: 'CNY', timeoutS: 900, coupons: [{ couponId, merchants: [{ merchantId: 'm-1', amount: 700 }, { merchantId: 'm-2', amount: 500 }] }] };
    await run((tx) => couponPayments.lock(ctx(), tx, lock, now()));
    await run((tx) => couponPayments.lock(ctx(), tx, lock, now()));
    expect(await state(couponId)).toBe('locked');
    expect((await getAccount(db(), activityFrozen(activityId)))?.debits_pending).toBe(1_200);
    const again = run((tx) => couponPayments.lock(ctx(), tx, { ...lock, orderId: 'o-other' }, now()));
    await expect(again).rejects.toMatchObject({ code: 'coupon_unavailable' });

    await run((tx) => couponPayments.pay(ctx(), tx, 'o-pay', now()));
    await run((tx) => couponPayments.pay(ctx(), tx, 'o-pay', now()));
    expect(await state(couponId)).toBe('used');
    expect(await h.balance(merchantInTransit('m-1', 'CNY'))).toBe(700);
    expect(await h.balance(merchantInTransit('m-2', 'CNY'))).toBe(500);
    // cap 3,000 frozen, 1,200 given: 1,800 back to available.
    expect(await available()).toBe(before + 1_800);
    expect(await frozen()).toBe(frozenBefore - 3_000);
    const statement = ok(await h.call('GET', `/v1/coupon-budgets/${budgetId}`, await h.finance()), 200).statement as Statement;
    expect(statement.in_transit).toBe(1_200);
    expect(statement.available + statement.frozen + statement.in_transit + statement.spent).toBe(statement.funded);

    // Refund 300 of m-1 from in transit; then m-2's receipt, and 200 of it from payable.
    await run((tx) => couponPayments.refund(ctx(), tx, { orderId: 'o-pay', refundId: 'r1', parts: [{ couponId, merchantId: 'm-1', amount: 300, from: 'in_transit' }] }, now()));
    await run((tx) => couponPayments.refund(ctx(), tx, { orderId: 'o-pay', refundId: 'r1', parts: [{ couponId, merchantId: 'm-1', amount: 300, from: 'in_transit' }] }, now()));
    expect(await available()).toBe(before + 2_100);
    await h.call('POST', '/v1/ledger/transfers', await h.finance(), { transfers: [{ id: 'receipt-m2', debit_account_id: merchantInTransit('m-2', 'CNY'), credit_account_id: merchantPayable('m-2', 'CNY'), amount: 500, currency: 'CNY', code: 'checkout.receipt' }] });
    await run((tx) => couponPayments.markReceived(ctx(), tx, 'o-pay', 'm-2', now()));
    await run((tx) => couponPayments.refund(ctx(), tx, { orderId: 'o-pay', refundId: 'r2', parts: [{ couponId, merchantId: 'm-2', amount: 200, from: 'payable' }] }, now()));
    expect(await available()).toBe(before + 2_300);
    const tooMuch = run((tx) => couponPayments.refund(ctx(), tx, { orderId: 'o-pay', refundId: 'r3', parts: [{ couponId, merchantId: 'm-1', amount: 401, from: 'in_transit' }] }, now()));
    await expect(tooMuch).rejects.toMatchObject({ code: 'coupon_refund_exceeds_use' });
    const after = ok(await h.call('GET', `/v1/coupon-budgets/${budgetId}`, await h.finance()), 200).statement as Statement;
    expect([after.in_transit, after.spent]).toEqual([400, 300]);
    expect(after.available + after.frozen + after.in_transit + after.spent).toBe(after.funded);
    await h.verify();
  });

  it('a cart smaller than the face value returns the difference at payment', async () => {
    const couponId = await claim(amountItem);
    const before = await available();
    await run((tx) => couponPayments.lock(ctx(), tx, { orderId: 'o-small', shopperId: 'buyer', currency: 'CNY', timeoutS: 900, coupons: [{ couponId, merchants: [{ merchantId: 'm-1', amount: 1_234 }] }] }, now()));
    await run((tx) => couponPayments.pay(ctx(), tx, 'o-small', now()));
    expect(await available()).toBe(before + 766);
    const more = run((tx) => couponPayments.lock(ctx(), tx, { orderId: 'o-big', shopperId: 'buyer', currency: 'CNY', timeoutS: 900, coupons: [{ couponId, merchants: [{ merchantId: 'm-1', amount: 1 }] }] }, now()));
    await expect(more).rejects.toMatchObject({ code: 'coupon_unavailable' });
    await h.verify();
  });

  it('a shop coupon is funded by the shop’s budget and pays only that shop', async () => {
    const shop = await h.t.as('merchant', 'm-2');
    const shopBudget = await h.budget(5_000, 'm-2');
    const templateId = await h.template(shopBudget, { type: 'no_threshold', amount: 500, quantity: 4 }, shop);
    const created = await h.activity(claimActivity(shopBudget, templateId, {}, { quantity: 4, per_user_limit: 1, condition: { kind: 'none' }, scope: { kind: 'all' } }), shop);
    expect((await h.call('GET', `/v1/coupon-activities/${created.id}`, await h.t.as('merchant', 'm-1'))).json().code).toBe('coupon_activity_not_found');
    await h.publish(created.id, shop);
    const couponId = await claim(created.items[0]?.id as string, 'shop-buyer');
    const coupon = (await couponPayments.walletForQuote(db(), 'shop-buyer', 'CNY', now())).find((c) => c.couponId === couponId);
    expect(coupon).toMatchObject({ owner: 'merchant', merchantId: 'm-2', scope: { kind: 'merchants', ids: ['m-2'] } });
    const wrongShop = run((tx) => couponPayments.lock(ctx(), tx, { orderId: 'o-shop', shopperId: 'shop-buyer', currency: 'CNY', timeoutS: 900, coupons: [{ couponId, merchants: [{ merchantId: 'm-1', amount: 500 }] }] }, now()));
    await expect(wrongShop).rejects.toMatchObject({ code: 'coupon_unavailable' });
    const inTransit = await h.balance(merchantInTransit('m-2', 'CNY'));
    await run((tx) => couponPayments.lock(ctx(), tx, { orderId: 'o-shop', shopperId: 'shop-buyer', currency: 'CNY', timeoutS: 900, coupons: [{ couponId, merchants: [{ merchantId: 'm-2', amount: 500 }] }] }, now()));
    await run((tx) => couponPayments.pay(ctx(), tx, 'o-shop', now()));
    expect(await h.balance(merchantInTransit('m-2', 'CNY'))).toBe(inTransit + 500);
    const statement = ok(await h.call('GET', `/v1/coupon-budgets/${shopBudget}`, shop), 200).statement as Statement;
    expect(statement).toMatchObject({ funded: 5_000, available: 3_000, frozen: 1_500, in_transit: 500, spent: 0 });
    await h.verify();
  });

  it('release puts the coupon back in the wallet; a lapsed hold or a lapsed validity too', async () => {
    const couponId = await claim(amountItem);
    const frozenBefore = await frozen();
    const over = run((tx) => couponPayments.lock(ctx(), tx, { orderId: 'o-over', shopperId: 'buyer', currency: 'CNY', timeoutS: 900, coupons: [{ couponId, merchants: [{ merchantId: 'm-1', amount: 2_001 }] }] }, now()));
    await expect(over).rejects.toMatchObject({ code: 'coupon_discount_exceeds_value' });
    const lock = (orderId: string) => run((tx) => couponPayments.lock(ctx(), tx, { orderId, shopperId: 'buyer', currency: 'CNY', timeoutS: 60, coupons: [{ couponId, merchants: [{ merchantId: 'm-1', amount: 2_000 }] }] }, now()));
    await lock('o-cancel');
    await run((tx) => couponPayments.release(ctx(), tx, 'o-cancel', now()));
    expect(await state(couponId)).toBe('available');
    expect(await frozen()).toBe(frozenBefore);

    await lock('o-lapse');
    h.t.clock.advance(61_000);
    await expirePendings(db(), now());
    await expect(run((tx) => couponPayments.pay(ctx(), tx, 'o-lapse', now()))).rejects.toMatchObject({ code: 'coupon_hold_expired' });
    await run((tx) => couponPayments.release(ctx(), tx, 'o-lapse', now()));
    expect(await state(couponId)).toBe('available');

    await lock('o-late');
    const before = await available();
    h.t.clock.set('2026-03-20T00:00:00.000Z');
    await run((tx) => couponPayments.release(ctx(), tx, 'o-late', now()));
    expect(await state(couponId)).toBe('expired');
    expect(await available()).toBe(before + 2_000);
    h.t.clock.set('2026-03-01T00:00:00.000Z');
    await h.verify();
  });
});
