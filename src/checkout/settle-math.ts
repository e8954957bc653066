import { assert } from '../assert.js';

/**
 * Pure arithmetic for paying and refunding orders, in integer minor units.
 */

/**
 * The part of `amount` (paid for `quantity` units) that refunding units `before + 1 … after`
 * returns. Cumulative flooring means partial refunds never drift: refunding every unit, in any
 * number of steps, returns exactly `amount`.
 */
export function portionForUnits(amount: number, quantity: number, before: number, after: number): number {
  assert(Number.isSafeInteger(amount) && amount >= 0, 'amount must be a whole non-negative number');
  assert(Number.isSafeInteger(quantity) && quantity > 0, 'quantity must be positive');
  assert(0 <= before && before <= after && after <= quantity, 'refunded units out of range');
  const upTo = (units: number) => Number((BigInt(amount) * BigInt(units)) / BigInt(quantity));
  return upTo(after) - upTo(before);
}

export interface Share {
  id: string;
  amount: number;
}

/**
 * Splits each source (e.g. a gift card's amount) over the sinks (e.g. merchants' amounts to pay)
 * by filling sinks in order: both sides' totals are met exactly and the split is deterministic.
 * Requires the sources' total to be at most the sinks' total.
 */
export function fillInOrder(sources: readonly Share[], sinks: readonly Share[]): { source: string; sink: string; amount: number }[] {
  const sourceTotal = sources.reduce((s, x) => s + x.amount, 0);
  const sinkTotal = sinks.reduce((s, x) => s + x.amount, 0);
  assert(sourceTotal <= sinkTotal, 'sources exceed sinks');
  const out: { source: string; sink: string; amount: number }[] = [];
  let sinkIndex = 0;
  let sinkLeft = sinks[0]?.amount ?? 0;
  for (const source of sources) {
    let left = source.amount;
    while (left > 0) {
      while (sinkLeft === 0) sinkLeft = sinks[++sinkIndex]?.amount ?? 0;
      const take = Math.min(left, sinkLeft);
      out.push({ source: source.id, sink: (sinks[sinkIndex] as Share).id, amount: take });
      left -= take;
      sinkLeft -= take;
    }
  }
  return out;
}
