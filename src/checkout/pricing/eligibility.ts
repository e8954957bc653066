import type { WalletCoupon } from '../ports.js';
import { allocate } from './allocate.js';
import { conditionGap, discountFor, inScope } from './coupon-rules.js';
import { reason } from './reasons.js';
import type { CartLine, CouponVerdict, Reason } from './types.js';

/** A usable merchant coupon with its split over its shop's in-scope lines (on original amounts). */
export interface MerchantOption {
  coupon: WalletCoupon;
  discount: number;
  /** Cart line indexes in scope, and the share of each. */
  lines: number[];
  shares: number[];
}

/** A usable platform coupon; its discount depends on the merchant coupons chosen with it. */
export interface PlatformOption {
  coupon: WalletCoupon;
  lines: number[];
  inScope: Uint8Array;
  items: number;
}

export interface Eligibility {
  verdicts: CouponVerdict[];
  merchantOptions: Map<string, MerchantOption[]>;
  platformOptions: PlatformOption[];
}

/** Marks every wallet coupon usable or not (with the reason) against the cart's original amounts. */
export function assessWallet(
  wallet: readonly WalletCoupon[],
  lines: readonly CartLine[],
  amounts: readonly number[],
  context: { currency: string; now: Date; orderId?: string | undefined },
): Eligibility {
  const merchants = new Set(lines.map((line) => line.merchant_id));
  const verdicts: CouponVerdict[] = [];
  const merchantOptions = new Map<string, MerchantOption[]>();
  const platformOptions: PlatformOption[] = [];
  const nowIso = context.now.toISOString();
  for (const coupon of wallet) {
    let why: Reason | null = staticReason(coupon, context.currency, nowIso, context.orderId, merchants);
    let discount = 0;
    if (!why) {
      const scoped: number[] = [];
      let amount = 0;
      let items = 0;
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] as CartLine;
        if (!inScope(coupon, line)) continue;
        scoped.push(i);
        amount += amounts[i] as number;
        items += line.quantity;
      }
      const gap = scoped.length === 0 ? null : conditionGap(coupon, amount, items);
      discount = gap ? 0 : discountFor(coupon, amount);
      if (scoped.length === 0 || (!gap && discount === 0)) why = reason('out_of_scope', context.currency);
      else if (gap) why = reason(gap.code, context.currency, gap.missing);
      else if (coupon.owner === 'merchant') {
        const shop = coupon.merchantId as string;
        const shares = allocate(discount, scoped.map((i) => amounts[i] as number));
        const options = merchantOptions.get(shop) ?? [];
        options.push({ coupon, discount, lines: scoped, shares });
        merchantOptions.set(shop, options);
      } else {
        const mask = new Uint8Array(lines.length);
        for (const i of scoped) mask[i] = 1;
        platformOptions.push({ coupon, lines: scoped, inScope: mask, items });
      }
    }
    verdicts.push({
      coupon_id: coupon.couponId,
      owner: coupon.owner,
      merchant_id: coupon.merchantId,
      name: coupon.name,
      usable: why === null,
      reason: why,
      discount_alone: why === null ? discount : 0,
      applied: false,
      valid_until: coupon.validUntil,
    });
  }
  return { verdicts, merchantOptions, platformOptions };
}

function staticReason(
  coupon: WalletCoupon,
  currency: string,
  nowIso: string,
  orderId: string | undefined,
  merchants: ReadonlySet<string>,
): Reason | null {
  if (coupon.currency !== currency) return reason('wrong_currency', currency);
  if (coupon.state === 'used') return reason('used', currency);
  if (coupon.state === 'expired' || compareInstant(coupon.validUntil, nowIso) <= 0) return reason('expired', currency);
  if (compareInstant(coupon.validFrom, nowIso) > 0) return reason('not_started', currency);
  if (coupon.state === 'locked' && (orderId === undefined || coupon.lockedByOrderId !== orderId)) return reason('locked_by_other_order', currency);
  if (coupon.owner === 'merchant' && (coupon.merchantId === null || !merchants.has(coupon.merchantId))) return reason('wrong_merchant', currency);
  return null;
}

function compareInstant(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b);
}
