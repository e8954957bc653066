import { transaction } from '../db/database.js';
import { problem } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { recordAudit } from '../platform/audit.js';
import { emitEvent } from '../platform/events.js';
import type { Actor } from '../platform/principal.js';
import { type MerchantSide, postExternalRefunds } from './checkout-ledger.js';
import type { CheckoutPorts } from './checkout-ports.js';
import { requestHash } from './order-build.js';
import { type OrderDetail, orderDetail } from './order-view.js';
import { addEvent, findRefund, insertRefund, loadParts, setFundRefunded, setLineRefunded, setMerchant, setRefunded } from './orders.repo.js';
import { type RefundLineRequest, partsBySource, planRefund } from './refund-plan.js';
import { type OrderScope, orderForUpdate } from './transitions.js';

export interface RefundRequest {
  /** The caller's id for this refund: retrying it is harmless. */
  refund_id: string;
  /** Lines and quantities to refund; absent = everything not yet refunded. */
  lines?: RefundLineRequest[] | undefined;
}

/**
 * Refund after payment, whole or by line and quantity: gift card money back to the exact cards,
 * the coupons' share back to their budgets, the external part back through payments clearing —
 * from each merchant's in transit, or payable once its receipt was confirmed.
 */
export async function refundOrder(
  ctx: AppContext,
  ports: CheckoutPorts,
  orderId: string,
  request: RefundRequest,
  scope: OrderScope,
  actor: Actor,
  now: Date,
): Promise<OrderDetail> {
  const hash = requestHash(request);
  return transaction(ctx.db, async (tx) => {
    const order = await orderForUpdate(tx, orderId, scope);
    const existing = await findRefund(tx, orderId, request.refund_id);
    if (existing) {
      if (existing.request_hash !== hash) throw problem('refund_exists');
      return orderDetail(tx, orderId);
    }
    if (order.state === 'refunded') throw problem('order_fully_refunded');
    if (order.state !== 'paid') throw problem('order_not_paid');
    const { lines, funds, merchants } = await loadParts(tx, order);
    const plan = planRefund(lines, funds, request.lines);
    const side = new Map(merchants.map((m): [string, MerchantSide] => [m.merchant_id, m.receipt_confirmed_at === null ? 'in_transit' : 'payable']));
    const from = (merchantId: string) => side.get(merchantId) ?? 'in_transit';

    const cards = partsBySource(plan.parts, 'card').map((p) => ({ cardId: p.sourceId, merchantId: p.merchantId, amount: p.amount, from: from(p.merchantId) }));
    const coupons = partsBySource(plan.parts, 'coupon').map((p) => ({ couponId: p.sourceId, merchantId: p.merchantId, amount: p.amount, from: from(p.merchantId) }));
    const external = partsBySource(plan.parts, 'external').map((p) => ({ merchantId: p.merchantId, amount: p.amount, from: from(p.merchantId) }));
    if (cards.length > 0) await ports.cards.refund(ctx, tx, { orderId, refundId: request.refund_id, parts: cards }, now);
    if (coupons.length > 0) await ports.coupons.refund(ctx, tx, { orderId, refundId: request.refund_id, parts: coupons }, now);
    await postExternalRefunds(tx, orderId, request.refund_id, order.currency, external, now);

    for (const { fund, amount } of plan.parts) await setFundRefunded(tx, fund, fund.refunded_amount + amount);
    for (const line of plan.lines) await setLineRefunded(tx, orderId, line.line_id, line.refundedAfter);
    for (const m of merchants) {
      if (from(m.merchant_id) !== 'in_transit') continue;
      const out = plan.parts.filter((p) => p.fund.merchant_id === m.merchant_id).reduce((s, p) => s + p.amount, 0);
      if (out > 0) await setMerchant(tx, orderId, m.merchant_id, { in_transit_amount: m.in_transit_amount - out });
    }
    const toShopper = [...cards, ...external].reduce((s, p) => s + p.amount, 0);
    const couponAmount = coupons.reduce((s, p) => s + p.amount, 0);
    const refundedLines = new Map(plan.lines.map((l) => [l.line_id, l.refundedAfter]));
    const complete = lines.every((l) => (refundedLines.get(l.line_id) ?? l.refunded_quantity) === l.quantity);
    await setRefunded(tx, orderId, order.refunded_amount + toShopper, complete ? 'refunded' : 'paid', now);
    const refundedLineList = plan.lines.map((l) => ({ line_id: l.line_id, quantity: l.quantity }));
    await insertRefund(tx, {
      order_id: orderId,
      refund_id: request.refund_id,
      request_hash: hash,
      amount: toShopper,
      coupon_amount: couponAmount,
      lines: JSON.stringify(refundedLineList),
      created_by: actor.principal.id,
      created_at: now.toISOString(),
    });
    const detail = { refund_id: request.refund_id, amount: toShopper, coupon_amount: couponAmount, lines: refundedLineList };
    await addEvent(tx, orderId, 'refunded', detail, actor.principal.id, now);
    await recordAudit(tx, actor, { action: 'order.refund', entityType: 'order', entityId: orderId, after: detail }, now);
    await emitEvent(tx, 'order.refunded', { order_id: orderId, shopper_id: order.shopper_id, currency: order.currency, ...detail }, now);
    return orderDetail(tx, orderId);
  });
}
