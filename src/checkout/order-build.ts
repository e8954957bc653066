import { createHash } from 'node:crypto';
import { assert } from '../assert.js';
import { canonicalJson } from '../json.js';
import type { FundRow, LineRow, MerchantRow, OrderParts } from './orders.repo.js';
import type { Quote } from './pricing/types.js';

/** Turns a quote into the rows of a locked order. Pure. */

export const EXTERNAL = 'external';

export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

export function buildOrder(
  q: Quote,
  meta: { orderId: string; shopperId: string; requestHash: string; lockExpiresAt: Date; actorId: string; now: Date },
): OrderParts {
  const now = meta.now.toISOString();
  const lines: LineRow[] = [];
  const funds: FundRow[] = [];
  q.lines.forEach((line, position) => {
    lines.push({
      order_id: meta.orderId,
      line_id: line.line_id,
      position,
      sku: line.sku,
      merchant_id: line.merchant_id,
      category_id: line.category_id,
      unit_price: line.unit_price,
      quantity: line.quantity,
      original_amount: line.original_amount,
      discount_amount: line.discount_amount,
      final_amount: line.final_amount,
      refunded_quantity: 0,
    });
    const fund = (source: FundRow['source'], sourceId: string, amount: number) => {
      if (amount > 0) funds.push({ order_id: meta.orderId, line_id: line.line_id, source, source_id: sourceId, merchant_id: line.merchant_id, amount, refunded_amount: 0 });
    };
    for (const share of line.shares) fund('coupon', share.coupon_id, share.amount);
    for (const card of line.cards) fund('card', card.card_id, card.amount);
    fund('external', EXTERNAL, line.left_to_pay);
    const paid = funds.filter((f) => f.line_id === line.line_id).reduce((s, f) => s + f.amount, 0);
    assert(paid === line.original_amount, 'a line’s funds must add up to its amount');
  });
  const merchants: MerchantRow[] = q.merchants.map((m) => ({ order_id: meta.orderId, merchant_id: m.merchant_id, in_transit_amount: 0, receipt_confirmed_at: null }));
  return {
    order: {
      id: meta.orderId,
      shopper_id: meta.shopperId,
      currency: q.currency,
      state: 'locked',
      original_amount: q.original_amount,
      discount_amount: q.discount_amount,
      card_amount: q.card_amount,
      cash_amount: q.left_to_pay,
      refunded_amount: 0,
      payment_reference: null,
      lock_expires_at: meta.lockExpiresAt.toISOString(),
      request_hash: meta.requestHash,
      created_by: meta.actorId,
      created_at: now,
      updated_at: now,
    },
    lines,
    funds,
    merchants,
  };
}

/** Sums of funds by merchant for one source kind. */
export function fundsByMerchant(funds: readonly FundRow[], source: FundRow['source']): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of funds) if (f.source === source) out.set(f.merchant_id, (out.get(f.merchant_id) ?? 0) + f.amount);
  return out;
}

/** Per source id (coupon or card), its amounts per merchant: what the ports lock or authorize. */
export function sourcesByMerchant(funds: readonly FundRow[], source: 'coupon' | 'card'): { id: string; merchants: { merchantId: string; amount: number }[] }[] {
  const bySource = new Map<string, Map<string, number>>();
  for (const f of funds) {
    if (f.source !== source) continue;
    const m = bySource.get(f.source_id) ?? new Map<string, number>();
    m.set(f.merchant_id, (m.get(f.merchant_id) ?? 0) + f.amount);
    bySource.set(f.source_id, m);
  }
  return [...bySource].map(([id, m]) => ({ id, merchants: [...m].map(([merchantId, amount]) => ({ merchantId, amount })) }));
}
