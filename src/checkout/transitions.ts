import { type Tx, transaction } from '../db/database.js';
import { problem } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { recordAudit } from '../platform/audit.js';
import { emitEvent } from '../platform/events.js';
import type { Actor } from '../platform/principal.js';
import { postPayments, postReceipt } from './checkout-ledger.js';
import type { CheckoutPorts } from './checkout-ports.js';
import { fundsByMerchant } from './order-build.js';
import { type OrderDetail, orderDetail } from './order-view.js';
import { type OrderRow, addEvent, dueLocks, loadParts, lockOrderRow, moveState, setMerchant } from './orders.repo.js';

/** Who may act on an order: the platform (any order) or a shopper (only their own). */
export interface OrderScope {
  shopperId?: string | undefined;
}

/** Reads and row-locks the order; a shopper sees another shopper's order as missing. */
export async function orderForUpdate(tx: Tx, orderId: string, scope: OrderScope): Promise<OrderRow> {
  const order = await lockOrderRow(tx, orderId);
  if (!order || (scope.shopperId !== undefined && order.shopper_id !== scope.shopperId)) throw problem('order_not_found');
  return order;
}

export interface PayRequest {
  payment_reference: string;
  /** What the platform collected; must equal the order's amount left to pay. */
  amount: number;
}

/**
 * Pay: posts the coupon and gift card holds, and books the externally paid part per merchant
 * (checkout.payment: payments clearing → merchant in transit). Paying again with the same
 * payment reference answers the paid order; another reference is refused.
 */
export async function payOrder(ctx: AppContext, ports: CheckoutPorts, orderId: string, request: PayRequest, scope: OrderScope, actor: Actor, now: Date): Promise<OrderDetail> {
  return transaction(ctx.db, async (tx) => {
    const order = await orderForUpdate(tx, orderId, scope);
    if (order.state === 'paid' || order.state === 'refunded') {
      if (order.payment_reference === request.payment_reference) return orderDetail(tx, orderId);
      throw problem('order_already_paid');
    }
    if (order.state !== 'locked') throw problem('order_not_locked', `the order is ${order.state}`);
    if (order.lock_expires_at <= now.toISOString()) throw problem('order_lock_expired');
    if (request.amount !== order.cash_amount) {
      throw problem('order_payment_amount_mismatch', `left to pay is ${order.cash_amount}`, { extra: { left_to_pay: order.cash_amount } });
    }
    const moved = await moveState(tx, orderId, 'locked', 'paid', now, { payment_reference: request.payment_reference });
    if (!moved) throw problem('order_not_locked');
    const { funds, merchants } = await loadParts(tx, order);
    if (funds.some((f) => f.source === 'coupon')) await ports.coupons.pay(ctx, tx, orderId, now);
    if (funds.some((f) => f.source === 'card')) await ports.cards.capture(ctx, tx, orderId, now);
    const external = fundsByMerchant(funds, 'external');
    const perMerchant = new Map(merchants.map((m) => [m.merchant_id, external.get(m.merchant_id) ?? 0]));
    await postPayments(tx, orderId, order.currency, perMerchant, request.payment_reference, now);
    for (const m of merchants) {
      const total = funds.filter((f) => f.merchant_id === m.merchant_id).reduce((s, f) => s + f.amount, 0);
      await setMerchant(tx, orderId, m.merchant_id, { in_transit_amount: total });
    }
    await addEvent(tx, orderId, 'paid', { payment_reference: request.payment_reference, amount: request.amount }, actor.principal.id, now);
    await recordAudit(tx, actor, { action: 'order.pay', entityType: 'order', entityId: orderId, before: { state: 'locked' }, after: { state: 'paid', amount: request.amount } }, now);
    await emitEvent(tx, 'order.paid', { order_id: orderId, shopper_id: order.shopper_id, currency: order.currency, amount: request.amount }, now);
    return orderDetail(tx, orderId);
  });
}

/** Cancel before payment: releases every hold; coupons go back to the wallet. Cancelling again is harmless. */
export async function cancelOrder(ctx: AppContext, ports: CheckoutPorts, orderId: string, scope: OrderScope, actor: Actor, now: Date): Promise<OrderDetail> {
  return transaction(ctx.db, async (tx) => {
    const order = await orderForUpdate(tx, orderId, scope);
    if (order.state === 'cancelled' || order.state === 'expired') return orderDetail(tx, orderId);
    if (order.state !== 'locked') throw problem('order_not_locked', `the order is ${order.state}; refund it instead`);
    await moveState(tx, orderId, 'locked', 'cancelled', now);
    await releaseHolds(ctx, ports, tx, order, now);
    await addEvent(tx, orderId, 'cancelled', {}, actor.principal.id, now);
    await recordAudit(tx, actor, { action: 'order.cancel', entityType: 'order', entityId: orderId, before: { state: 'locked' }, after: { state: 'cancelled' } }, now);
    await emitEvent(tx, 'order.cancelled', { order_id: orderId, shopper_id: order.shopper_id }, now);
    return orderDetail(tx, orderId);
  });
}

async function releaseHolds(ctx: AppContext, ports: CheckoutPorts, tx: Tx, order: OrderRow, now: Date): Promise<void> {
  const { funds } = await loadParts(tx, order);
  if (funds.some((f) => f.source === 'coupon')) await ports.coupons.release(ctx, tx, order.id, now);
  if (funds.some((f) => f.source === 'card')) await ports.cards.release(ctx, tx, order.id, now);
}

/** Receipt confirmed for one merchant: its in-transit money for the order becomes payable. */
export async function confirmReceipt(
  ctx: AppContext,
  ports: CheckoutPorts,
  orderId: string,
  merchantId: string,
  scope: OrderScope,
  actor: Actor,
  now: Date,
): Promise<OrderDetail> {
  return transaction(ctx.db, async (tx) => {
    const order = await orderForUpdate(tx, orderId, scope);
    const { funds, merchants } = await loadParts(tx, order);
    const merchant = merchants.find((m) => m.merchant_id === merchantId);
    if (!merchant) throw problem('order_merchant_not_found');
    if (order.state !== 'paid' && order.state !== 'refunded') throw problem('order_not_paid');
    if (merchant.receipt_confirmed_at !== null) return orderDetail(tx, orderId);
    await postReceipt(tx, orderId, order.currency, merchantId, merchant.in_transit_amount, now);
    await setMerchant(tx, orderId, merchantId, { in_transit_amount: 0, receipt_confirmed_at: now.toISOString() });
    if (funds.some((f) => f.source === 'coupon' && f.merchant_id === merchantId)) await ports.coupons.markReceived(ctx, tx, orderId, merchantId, now);
    const detail = { merchant_id: merchantId, amount: merchant.in_transit_amount };
    await addEvent(tx, orderId, 'receipt_confirmed', detail, actor.principal.id, now);
    await recordAudit(tx, actor, { action: 'order.confirm_receipt', entityType: 'order', entityId: orderId, after: detail }, now);
    await emitEvent(tx, 'order.receipt_confirmed', { order_id: orderId, ...detail }, now);
    return orderDetail(tx, orderId);
  });
}

/**
 * The sweep: orders whose lock ran out are marked expired and their holds released. The
 * conditional state change makes each release happen exactly once, whichever process runs it.
 */
export async function expireLocks(ctx: AppContext, ports: CheckoutPorts, actor: Actor, now: Date, limit = 100): Promise<number> {
  let expired = 0;
  for (const orderId of await dueLocks(ctx.db, now, limit)) {
    const done = await transaction(ctx.db, async (tx) => {
      const order = await lockOrderRow(tx, orderId);
      if (!order || !(await moveState(tx, orderId, 'locked', 'expired', now, {}, { lockExpiredBy: now }))) return false;
      await releaseHolds(ctx, ports, tx, order, now);
      await addEvent(tx, orderId, 'expired', { lock_expires_at: order.lock_expires_at }, actor.principal.id, now);
      await recordAudit(tx, actor, { action: 'order.expire', entityType: 'order', entityId: orderId, before: { state: 'locked' }, after: { state: 'expired' } }, now);
      await emitEvent(tx, 'order.expired', { order_id: orderId, shopper_id: order.shopper_id }, now);
      return true;
    });
    if (done) expired++;
  }
  return expired;
}
