import { assert } from '../assert.js';
import type { CouponLock, CouponPayments, CouponRefund, WalletCoupon } from '../checkout/ports.js';
import type { Db, Tx } from '../db/database.js';
import { problem } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { ensureMerchantAccounts, merchantInTransit, merchantPayable } from '../ledger/chart.js';
import { createTransfers, requireTransfers } from '../ledger/ledger.js';
import { succeeded } from '../ledger/types.js';
import { emitEvent } from '../platform/events.js';
import { activityFrozen, budgetAvailable } from './accounts.js';
import { returnCoupon } from './expiry.js';
import { couponRow, toWalletCoupon, walletRows } from './wallet.js';

/**
 * What the checkout calls on coupons (src/checkout/ports.ts), always inside the order step's own
 * transaction. Transfer ids derive from the order (and refund) id, so a retried step is harmless.
 *
 * - lock:   coupon available → locked; per merchant a pending coupon.use activity → merchant in transit
 * - pay:    posts the holds; coupon used; value − discount back to available (coupon.unused_return)
 * - release: voids the holds; coupon back to the wallet, or expired (value back) if past validity
 * - refund: coupon.refund merchant in transit / payable → the budget's available money
 */

const useTransferId = (orderId: string, couponId: string, merchantId: string) => `order:${orderId}:coupon:${couponId}:${merchantId}`;

async function walletForQuote(db: Db | Tx, shopperId: string, currency: string, now: Date): Promise<WalletCoupon[]> {
  const rows = await walletRows(db, shopperId, { states: ['available', 'locked'], currency });
  return rows.map((row) => toWalletCoupon(row, now));
}

async function lockOne(tx: Tx, input: CouponLock, chosen: CouponLock['coupons'][number], now: Date): Promise<void> {
  const row = await couponRow(tx, chosen.couponId);
  if (!row || row.shopper_id !== input.shopperId) throw problem('coupon_unavailable', 'no such coupon in this shopper’s wallet');
  if (row.state === 'locked' && row.locked_order_id === input.orderId) return;
  const at = now.toISOString();
  if (row.state !== 'available' || row.currency !== input.currency || row.valid_from > at || row.valid_until < at) {
    throw problem('coupon_unavailable', `the coupon is ${row.state === 'available' ? 'not valid now' : row.state}`);
  }
  const merchants = chosen.merchants.filter((m) => m.amount !== 0);
  let total = 0;
  for (const m of merchants) {
    if (!Number.isSafeInteger(m.amount) || m.amount < 0) throw problem('validation_failed', 'coupon amounts are positive whole minor units');
    if (row.merchant_id !== null && m.merchantId !== row.merchant_id) throw problem('coupon_unavailable', 'a shop coupon pays only its own shop');
    total += m.amount;
  }
  if (total > row.value) throw problem('coupon_discount_exceeds_value', `discount ${total} > coupon value ${row.value}`);
  const moved = await tx.q
    .updateTable('coupons')
    .set({ state: 'locked', locked_order_id: input.orderId, updated_at: at })
    .where('id', '=', row.id)
    .where('state', '=', 'available')
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw problem('coupon_unavailable', 'the coupon was just used elsewhere');
  for (const m of merchants) {
    await ensureMerchantAccounts(tx, m.merchantId, input.currency, now);
    await tx.q
      .insertInto('coupon_uses')
      .values({ order_id: input.orderId, coupon_id: row.id, merchant_id: m.merchantId, budget_id: row.budget_id, amount: m.amount, state: 'locked', refunded_in_transit: 0, refunded_payable: 0, received_at: null, created_at: at })
      .execute();
  }
  await requireTransfers(
    tx,
    merchants.map((m) => ({
      id: useTransferId(input.orderId, row.id, m.merchantId),
      debit_account_id: activityFrozen(row.activity_id),
      credit_account_id: merchantInTransit(m.merchantId, input.currency),
      amount: m.amount,
      currency: input.currency,
      code: 'coupon.use',
      flags: ['pending' as const],
      timeout_s: input.timeoutS,
      refs: { order: input.orderId, coupon: row.id, activity: row.activity_id, merchant: m.merchantId },
    })),
    now,
  );
}

async function lock(_ctx: AppContext, tx: Tx, input: CouponLock, now: Date): Promise<void> {
  assert(input.timeoutS > 0, 'a coupon lock needs a timeout');
  for (const chosen of input.coupons) await lockOne(tx, input, chosen, now);
}

async function usesOf(tx: Tx, orderId: string, state: 'locked' | 'paid') {
  return tx.q.selectFrom('coupon_uses').selectAll().where('order_id', '=', orderId).where('state', '=', state).orderBy('coupon_id').orderBy('merchant_id').execute();
}

async function pay(_ctx: AppContext, tx: Tx, orderId: string, now: Date): Promise<void> {
  const uses = await usesOf(tx, orderId, 'locked');
  const coupons = await tx.q.selectFrom('coupons').selectAll().where('locked_order_id', '=', orderId).where('state', '=', 'locked').execute();
  const outcomes = await createTransfers(
    tx,
    uses.map((use) => ({ id: `${useTransferId(orderId, use.coupon_id, use.merchant_id)}:post`, pending_id: useTransferId(orderId, use.coupon_id, use.merchant_id), code: 'coupon.use', flags: ['post_pending' as const] })),
    now,
  );
  const failed = outcomes.find((o) => !succeeded(o.result));
  if (failed) throw problem(failed.result === 'pending_expired' ? 'coupon_hold_expired' : 'coupon_unavailable', `transfer ${failed.id}: ${failed.result}`);
  for (const coupon of coupons) {
    const discount = uses.filter((u) => u.coupon_id === coupon.id).reduce((sum, u) => sum + u.amount, 0);
    assert(discount <= coupon.value, 'a coupon never gives more than its value');
    await tx.q.updateTable('coupons').set({ state: 'used', discount, updated_at: now.toISOString() }).where('id', '=', coupon.id).where('state', '=', 'locked').execute();
    const activity = await tx.q.selectFrom('coupon_activities as a').innerJoin('coupon_budgets as b', 'b.id', 'a.budget_id').select(['a.budget_id', 'b.currency']).where('a.id', '=', coupon.activity_id).executeTakeFirstOrThrow();
    if (coupon.value > discount) {
      await requireTransfers(
        tx,
        [
          {
            id: `order:${orderId}:coupon:${coupon.id}:unused`,
            debit_account_id: activityFrozen(coupon.activity_id),
            credit_account_id: budgetAvailable(activity.budget_id),
            amount: coupon.value - discount,
            currency: activity.currency,
            code: 'coupon.unused_return',
            refs: { order: orderId, coupon: coupon.id },
          },
        ],
        now,
      );
    }
    await emitEvent(tx, 'coupon.used', { coupon_id: coupon.id, order_id: orderId, discount }, now);
  }
  await tx.q.updateTable('coupon_uses').set({ state: 'paid' }).where('order_id', '=', orderId).where('state', '=', 'locked').execute();
}

async function release(_ctx: AppContext, tx: Tx, orderId: string, now: Date): Promise<void> {
  const uses = await usesOf(tx, orderId, 'locked');
  const outcomes = await createTransfers(
    tx,
    uses.map((use) => ({ id: `${useTransferId(orderId, use.coupon_id, use.merchant_id)}:void`, pending_id: useTransferId(orderId, use.coupon_id, use.merchant_id), code: 'coupon.use', flags: ['void_pending' as const] })),
    now,
  );
  // A hold that timed out was already voided by the ledger's sweep: the coupon still comes back.
  const failed = outcomes.find((o) => !succeeded(o.result) && o.result !== 'pending_expired' && o.result !== 'pending_already_voided');
  if (failed) throw problem('coupon_unavailable', `transfer ${failed.id}: ${failed.result}`);
  await tx.q.updateTable('coupon_uses').set({ state: 'released' }).where('order_id', '=', orderId).where('state', '=', 'locked').execute();
  const coupons = await tx.q.selectFrom('coupons').select(['id', 'valid_until']).where('locked_order_id', '=', orderId).where('state', '=', 'locked').execute();
  for (const coupon of coupons) {
    await tx.q.updateTable('coupons').set({ state: 'available', locked_order_id: null, updated_at: now.toISOString() }).where('id', '=', coupon.id).execute();
    if (coupon.valid_until < now.toISOString()) await returnCoupon(tx, coupon.id, 'expired', now);
  }
}

async function refund(_ctx: AppContext, tx: Tx, input: CouponRefund, now: Date): Promise<void> {
  for (const part of input.parts) {
    if (!Number.isSafeInteger(part.amount) || part.amount <= 0) throw problem('validation_failed', 'refund amounts are positive whole minor units');
    const use = await tx.q
      .selectFrom('coupon_uses as u')
      .innerJoin('coupon_budgets as b', 'b.id', 'u.budget_id')
      .innerJoin('coupons as c', 'c.id', 'u.coupon_id')
      .selectAll('u')
      .select(['b.currency', 'c.activity_id'])
      .where('u.order_id', '=', input.orderId)
      .where('u.coupon_id', '=', part.couponId)
      .where('u.merchant_id', '=', part.merchantId)
      .where('u.state', '=', 'paid')
      .executeTakeFirst();
    if (!use) throw problem('coupon_not_found', 'this coupon paid nothing for this merchant of the order');
    const outcomes = await createTransfers(
      tx,
      [
        {
          id: `order:${input.orderId}:refund:${input.refundId}:coupon:${part.couponId}:${part.merchantId}`,
          debit_account_id: part.from === 'payable' ? merchantPayable(part.merchantId, use.currency) : merchantInTransit(part.merchantId, use.currency),
          credit_account_id: budgetAvailable(use.budget_id),
          amount: part.amount,
          currency: use.currency,
          code: 'coupon.refund',
          refs: { order: input.orderId, refund: input.refundId, coupon: part.couponId, activity: use.activity_id, budget: use.budget_id, merchant: part.merchantId },
        },
      ],
      now,
    );
    const result = outcomes[0]?.result;
    if (result === 'exists') continue;
    if (result !== 'ok') throw problem(result === 'exceeds_credits' ? 'coupon_refund_exceeds_use' : 'coupon_unavailable', `refund transfer: ${result}`);
    if (use.refunded_in_transit + use.refunded_payable + part.amount > use.amount) throw problem('coupon_refund_exceeds_use');
    const column = part.from === 'payable' ? 'refunded_payable' : 'refunded_in_transit';
    await tx.q
      .updateTable('coupon_uses')
      .set((eb) => ({ [column]: eb(column, '+', part.amount) }))
      .where('order_id', '=', input.orderId)
      .where('coupon_id', '=', part.couponId)
      .where('merchant_id', '=', part.merchantId)
      .execute();
  }
}

async function markReceived(_ctx: AppContext, tx: Tx, orderId: string, merchantId: string, now: Date): Promise<void> {
  await tx.q
    .updateTable('coupon_uses')
    .set({ received_at: now.toISOString() })
    .where('order_id', '=', orderId)
    .where('merchant_id', '=', merchantId)
    .where('state', '=', 'paid')
    .where('received_at', 'is', null)
    .execute();
}

export const couponPayments: CouponPayments = { walletForQuote, lock, pay, release, refund, markReceived };
