import { assert } from '../assert.js';
import { problem } from '../errors.js';
import type { FundRow, LineRow } from './orders.repo.js';
import { portionForUnits } from './settle-math.js';

/**
 * Which money a refund returns. Each fund of a refunded line (a coupon's share, a gift card's
 * part, the external part) gives back its portion for the refunded units with cumulative
 * flooring (portionForUnits), so any sequence of partial refunds returns every fund exactly and
 * never more. Pure.
 */

export interface RefundLineRequest {
  line_id: string;
  quantity: number;
}

export interface RefundPart {
  fund: FundRow;
  amount: number;
}

export interface RefundPlan {
  lines: { line_id: string; quantity: number; refundedAfter: number }[];
  parts: RefundPart[];
}

export function planRefund(lines: readonly LineRow[], funds: readonly FundRow[], request?: readonly RefundLineRequest[]): RefundPlan {
  const byId = new Map(lines.map((l) => [l.line_id, l]));
  const wanted = new Map<string, number>();
  if (request === undefined) {
    for (const l of lines) if (l.refunded_quantity < l.quantity) wanted.set(l.line_id, l.quantity - l.refunded_quantity);
    if (wanted.size === 0) throw problem('order_fully_refunded');
  } else {
    for (const r of request) {
      if (!byId.has(r.line_id)) throw problem('order_line_not_found', `no line ${r.line_id} in this order`, { extra: { line_id: r.line_id } });
      wanted.set(r.line_id, (wanted.get(r.line_id) ?? 0) + r.quantity);
    }
  }
  const plan: RefundPlan = { lines: [], parts: [] };
  for (const [lineId, quantity] of wanted) {
    const line = byId.get(lineId) as LineRow;
    const after = line.refunded_quantity + quantity;
    if (!Number.isSafeInteger(quantity) || quantity <= 0 || after > line.quantity) {
      throw problem('refund_exceeds_paid', `line ${lineId}: ${line.quantity - line.refunded_quantity} of ${line.quantity} left to refund`, {
        extra: { line_id: lineId, refundable_quantity: line.quantity - line.refunded_quantity },
      });
    }
    plan.lines.push({ line_id: lineId, quantity, refundedAfter: after });
    for (const fund of funds) {
      if (fund.line_id !== lineId) continue;
      const amount = portionForUnits(fund.amount, line.quantity, line.refunded_quantity, after);
      assert(fund.refunded_amount + amount <= fund.amount, 'a refund would return more than a fund paid');
      if (amount > 0) plan.parts.push({ fund, amount });
    }
  }
  return plan;
}

/** Sums parts by (source id, merchant) for one source kind. */
export function partsBySource(parts: readonly RefundPart[], source: FundRow['source']): { sourceId: string; merchantId: string; amount: number }[] {
  const out = new Map<string, { sourceId: string; merchantId: string; amount: number }>();
  for (const { fund, amount } of parts) {
    if (fund.source !== source) continue;
    const key = `${fund.source_id}\u0000${fund.merchant_id}`;
    const sum = out.get(key) ?? { sourceId: fund.source_id, merchantId: fund.merchant_id, amount: 0 };
    sum.amount += amount;
    out.set(key, sum);
  }
  return [...out.values()];
}
