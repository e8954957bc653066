import type { Db, Tx } from '../db/database.js';
import { problem } from '../errors.js';
import { type Transfer, transferFlagsFromBits } from '../ledger/types.js';
import { type OrderRow, findOrder, listEvents, listRefunds, loadParts, orderTransfers } from './orders.repo.js';

/** What GET /v1/orders/:id answers: the order, its allocation, its ledger transfers and a timeline. */

export interface OrderSummary {
  id: string;
  shopper_id: string;
  currency: string;
  state: string;
  original_amount: number;
  discount_amount: number;
  card_amount: number;
  cash_amount: number;
  refunded_amount: number;
  payment_reference: string | null;
  lock_expires_at: string;
  created_at: string;
  updated_at: string;
}

export interface OrderDetail extends OrderSummary {
  lines: {
    line_id: string;
    sku: string;
    merchant_id: string;
    category_id: string;
    unit_price: number;
    quantity: number;
    original_amount: number;
    discount_amount: number;
    final_amount: number;
    refunded_quantity: number;
    funds: { source: string; source_id: string; amount: number; refunded_amount: number }[];
  }[];
  merchants: { merchant_id: string; original_amount: number; discount_amount: number; final_amount: number; in_transit_amount: number; receipt_confirmed_at: string | null }[];
  coupons: { coupon_id: string; amount: number; refunded_amount: number }[];
  cards: { card_id: string; amount: number; refunded_amount: number }[];
  refunds: { refund_id: string; amount: number; coupon_amount: number; lines: { line_id: string; quantity: number }[]; created_at: string }[];
  transfers: (Omit<Transfer, 'flags'> & { flags: string[] })[];
  timeline: { kind: string; at: string; actor_id: string; detail: Record<string, unknown> }[];
}

export function orderSummary(order: OrderRow): OrderSummary {
  return {
    id: order.id,
    shopper_id: order.shopper_id,
    currency: order.currency,
    state: order.state,
    original_amount: order.original_amount,
    discount_amount: order.discount_amount,
    card_amount: order.card_amount,
    cash_amount: order.cash_amount,
    refunded_amount: order.refunded_amount,
    payment_reference: order.payment_reference,
    lock_expires_at: order.lock_expires_at,
    created_at: order.created_at,
    updated_at: order.updated_at,
  };
}

export async function orderDetail(db: Db | Tx, id: string): Promise<OrderDetail> {
  const order = await findOrder(db, id);
  if (!order) throw problem('order_not_found');
  const { lines, funds, merchants } = await loadParts(db, order);
  const [refunds, events, transfers] = await Promise.all([listRefunds(db, id), listEvents(db, id), orderTransfers(db, id)]);
  const bySource = (source: 'coupon' | 'card') => {
    const out = new Map<string, { amount: number; refunded_amount: number }>();
    for (const f of funds) {
      if (f.source !== source) continue;
      const sum = out.get(f.source_id) ?? { amount: 0, refunded_amount: 0 };
      sum.amount += f.amount;
      sum.refunded_amount += f.refunded_amount;
      out.set(f.source_id, sum);
    }
    return [...out];
  };
  return {
    ...orderSummary(order),
    lines: lines.map((l) => ({
      line_id: l.line_id,
      sku: l.sku,
      merchant_id: l.merchant_id,
      category_id: l.category_id,
      unit_price: l.unit_price,
      quantity: l.quantity,
      original_amount: l.original_amount,
      discount_amount: l.discount_amount,
      final_amount: l.final_amount,
      refunded_quantity: l.refunded_quantity,
      funds: funds.filter((f) => f.line_id === l.line_id).map((f) => ({ source: f.source, source_id: f.source_id, amount: f.amount, refunded_amount: f.refunded_amount })),
    })),
    merchants: merchants.map((m) => {
      const own = lines.filter((l) => l.merchant_id === m.merchant_id);
      const sum = (pick: (l: (typeof own)[number]) => number) => own.reduce((s, l) => s + pick(l), 0);
      return {
        merchant_id: m.merchant_id,
        original_amount: sum((l) => l.original_amount),
        discount_amount: sum((l) => l.discount_amount),
        final_amount: sum((l) => l.final_amount),
        in_transit_amount: m.in_transit_amount,
        receipt_confirmed_at: m.receipt_confirmed_at,
      };
    }),
    coupons: bySource('coupon').map(([coupon_id, s]) => ({ coupon_id, ...s })),
    cards: bySource('card').map(([card_id, s]) => ({ card_id, ...s })),
    refunds: refunds.map((r) => ({
      refund_id: r.refund_id,
      amount: r.amount,
      coupon_amount: r.coupon_amount,
      lines: JSON.parse(r.lines) as { line_id: string; quantity: number }[],
      created_at: r.created_at,
    })),
    transfers: transfers.map((t) => ({ ...t, flags: transferFlagsFromBits(t.flags) })),
    timeline: events.map((e) => ({ kind: e.kind, at: e.at, actor_id: e.actor_id, detail: JSON.parse(e.detail) as Record<string, unknown> })),
  };
}
