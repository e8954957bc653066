import type { WalletCoupon } from '../ports.js';
import type { CartLine } from './types.js';

/**
 * What a coupon applies to and how much it takes off, as pure functions of the cart.
 * Exclusions win over inclusions; a merchant coupon never reaches another shop's lines.
 */

export function inScope(coupon: WalletCoupon, line: CartLine): boolean {
  if (coupon.owner === 'merchant' && line.merchant_id !== coupon.merchantId) return false;
  const { scope } = coupon;
  if (scope.excludeSkus.includes(line.sku) || scope.excludeCategories.includes(line.category_id)) return false;
  switch (scope.kind) {
    case 'all':
      return true;
    case 'merchants':
      return scope.ids.includes(line.merchant_id);
    case 'categories':
      return scope.ids.includes(line.category_id);
    case 'skus':
      return scope.ids.includes(line.sku);
  }
}

/** Basis points of an amount, rounded down (percent coupons never round in the shopper's favour past the cap). */
export function basisPoints(amount: number, bp: number): number {
  if (amount <= 900_000_000_000) return Math.floor((amount * bp) / 10_000);
  return Number((BigInt(amount) * BigInt(bp)) / 10_000n);
}

/** The discount on an in-scope amount whose condition is met: never more than the amount. */
export function discountFor(coupon: WalletCoupon, inScopeAmount: number): number {
  if (inScopeAmount <= 0) return 0;
  if (coupon.type === 'percent_off') {
    const off = basisPoints(inScopeAmount, coupon.percentBp ?? 0);
    return Math.min(off, coupon.cap ?? off, inScopeAmount);
  }
  return Math.min(coupon.amount ?? 0, inScopeAmount);
}

export type ConditionGap = { code: 'below_threshold'; missing: number } | { code: 'below_item_count'; missing: number } | null;

/** How far the in-scope amount or item count is from the coupon's condition; null when met. */
export function conditionGap(coupon: WalletCoupon, inScopeAmount: number, inScopeItems: number): ConditionGap {
  const { condition } = coupon;
  if (condition.kind === 'min_spend' && inScopeAmount < condition.amount) {
    return { code: 'below_threshold', missing: condition.amount - inScopeAmount };
  }
  if (condition.kind === 'min_items' && inScopeItems < condition.count) {
    return { code: 'below_item_count', missing: condition.count - inScopeItems };
  }
  return null;
}

/** The discount given on an in-scope amount and item count, 0 when the condition is not met. */
export function discountIfMet(coupon: WalletCoupon, inScopeAmount: number, inScopeItems: number): number {
  return conditionGap(coupon, inScopeAmount, inScopeItems) ? 0 : discountFor(coupon, inScopeAmount);
}
