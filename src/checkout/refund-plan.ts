import { assert } from '../assert.js';
import { problem } from '../errors.js';
import type { FundRow, LineRow } from './orders.repo.js';
import { portionForUnits } from './settle-math.js';

/**
 * Which money a refund returns. A refunded line's funds form two groups: what the shopper paid
 * (gift cards and the external payment) and the coupons' discount (back to their budgets). Each
 * group returns exactly its cumulative portion for the refunded units (portionForUnits on the
 * group's total), so refunding one of three ¥26.00 units gives back ¥26.00, not ¥25.99; inside a
 * group the fen are split over the funds in proportion to what each paid (largest remainder),
 * never more than a fund has left. Any sequence of partial refunds returns every fund exactly.
 * Pure.
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
    const lineFunds = funds.filter((f) => f.line_id === lineId);
    for (const group of [lineFunds.filter((f) => f.source !== 'coupon'), lineFunds.filter((f) => f.source === 'coupon')]) {
      plan.parts.push(...splitGroup(group, line.quantity, after));
    }
  }
  return plan;
}

/**
 * The parts of one group of funds that bring its cumulative refund to exactly its share of
 * `after` of `quantity` units: each fund's floored share first, then the fen left over to the
 * funds with the largest remainders (or taken back from the smallest) within what each has left.
 */
function splitGroup(group: readonly FundRow[], quantity: number, after: number): RefundPart[] {
  const total = group.reduce((s, f) => s + f.amount, 0);
  const refunded = group.reduce((s, f) => s + f.refunded_amount, 0);
  const target = portionForUnits(total, quantity, 0, after) - refunded;
  assert(target >= 0, 'a group was refunded beyond its share');
  const remainder = (f: FundRow) => (f.amount * after) % quantity;
  const amounts = group.map((f) => Math.min(Math.max(portionForUnits(f.amount, quantity, 0, after) - f.refunded_amount, 0), f.amount - f.refunded_amount));
  let missing = target - amounts.reduce((s, a) => s + a, 0);
  const order = group.map((_, i) => i).sort((a, b) => remainder(group[b] as FundRow) - remainder(group[a] as FundRow) || a - b);
  for (let pass = 0; missing > 0 && pass < target + group.length; pass++) {
    for (const i of order) {
      const f = group[i] as FundRow;
      if (missing > 0 && (amounts[i] as number) < f.amount - f.refunded_amount) {
        amounts[i] = (amounts[i] as number) + 1;
        missing--;
      }
    }
  }
  for (const i of [...order].reverse()) {
    while (missing < 0 && (amounts[i] as number) > 0) {
      amounts[i] = (amounts[i] as number) - 1;
      missing++;
    }
  }
  assert(missing === 0, 'a refund could not be split over its funds');
  return group.flatMap((fund, i) => ((amounts[i] as number) > 0 ? [{ fund, amount: amounts[i] as number }] : []));
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
