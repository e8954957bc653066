import type { WalletCoupon } from '../ports.js';
import { discountIfMet } from './coupon-rules.js';
import type { Eligibility, MerchantOption, PlatformOption } from './eligibility.js';

/**
 * The best combination: at most one merchant coupon per shop, then at most one platform coupon
 * on the amounts left after merchant discounts. Best = largest total discount; ties → fewer
 * coupons, then the earliest expiries, then the lowest ids.
 *
 * For each platform choice, shops whose merchant coupons do not touch the platform coupon's
 * in-scope lines are chosen on their own; the others are searched exhaustively (bounded by
 * MAX_COMBINATIONS; past it only each shop's largest discounts are tried).
 */

export const MAX_COMBINATIONS = 20_000;

export interface Selection {
  merchant: MerchantOption[];
  platform: PlatformOption | null;
  platformDiscount: number;
  total: number;
}

interface Candidate {
  total: number;
  coupons: WalletCoupon[];
}

/** True when a beats b under the tie-break rules. */
export function beats(a: Candidate, b: Candidate): boolean {
  if (a.total !== b.total) return a.total > b.total;
  if (a.coupons.length !== b.coupons.length) return a.coupons.length < b.coupons.length;
  const ea = a.coupons.map((c) => Date.parse(c.validUntil)).sort((x, y) => x - y);
  const eb = b.coupons.map((c) => Date.parse(c.validUntil)).sort((x, y) => x - y);
  for (let i = 0; i < ea.length; i++) if (ea[i] !== eb[i]) return (ea[i] as number) < (eb[i] as number);
  const ia = a.coupons.map((c) => c.couponId).sort();
  const ib = b.coupons.map((c) => c.couponId).sort();
  for (let i = 0; i < ia.length; i++) if (ia[i] !== ib[i]) return (ia[i] as string) < (ib[i] as string);
  return false;
}

/** How much a merchant coupon lowers the platform coupon's in-scope amount. */
function reduction(m: MerchantOption, p: PlatformOption): number {
  let r = 0;
  for (let k = 0; k < m.lines.length; k++) if (p.inScope[m.lines[k] as number]) r += m.shares[k] as number;
  return r;
}

/** The platform coupon's discount on the amounts after the given merchant coupons. */
export function platformDiscount(p: PlatformOption, amounts: readonly number[], merchant: readonly MerchantOption[]): number {
  let s = 0;
  for (const i of p.lines) s += amounts[i] as number;
  for (const m of merchant) s -= reduction(m, p);
  return discountIfMet(p.coupon, s, p.items);
}

/** A shop's best coupon on its own: largest discount, then earliest expiry, then lowest id. */
function bestAlone(options: readonly MerchantOption[]): MerchantOption | null {
  let best: MerchantOption | null = null;
  for (const o of options) {
    if (!best || beats({ total: o.discount, coupons: [o.coupon] }, { total: best.discount, coupons: [best.coupon] })) best = o;
  }
  return best;
}

export function bestSelection(eligibility: Eligibility, amounts: readonly number[]): Selection {
  const shops = [...eligibility.merchantOptions.keys()].sort();
  const alone = shops.map((shop) => bestAlone(eligibility.merchantOptions.get(shop) ?? [])).filter((o): o is MerchantOption => o !== null);
  let best: Selection = { merchant: alone, platform: null, platformDiscount: 0, total: alone.reduce((s, o) => s + o.discount, 0) };
  let bestCoupons = alone.map((o) => o.coupon);
  for (const p of eligibility.platformOptions) {
    const found = bestWithPlatform(p, shops, eligibility, amounts);
    if (!found) continue;
    const coupons = [...found.merchant.map((o) => o.coupon), p.coupon];
    if (beats({ total: found.total, coupons }, { total: best.total, coupons: bestCoupons })) {
      best = found;
      bestCoupons = coupons;
    }
  }
  return best;
}

function bestWithPlatform(p: PlatformOption, shops: readonly string[], eligibility: Eligibility, amounts: readonly number[]): Selection | null {
  let base = 0;
  for (const i of p.lines) base += amounts[i] as number;
  const fixed: MerchantOption[] = [];
  const searched: { option: MerchantOption; r: number }[][] = [];
  for (const shop of shops) {
    const options = eligibility.merchantOptions.get(shop) ?? [];
    const withR = options.map((option) => ({ option, r: reduction(option, p) }));
    if (withR.every((o) => o.r === 0)) {
      const chosen = bestAlone(options);
      if (chosen) fixed.push(chosen);
    } else {
      searched.push(trimmed(withR));
    }
  }
  boundSearch(searched);
  const fixedDiscount = fixed.reduce((s, o) => s + o.discount, 0);
  // Odometer over each searched shop's options; index = length means "no coupon for this shop".
  const index = searched.map((opts) => opts.length);
  let best: { total: number; coupons: WalletCoupon[]; picks: MerchantOption[]; pd: number } | null = null;
  for (;;) {
    let d = fixedDiscount;
    let r = 0;
    for (let s = 0; s < searched.length; s++) {
      const pick = (searched[s] as { option: MerchantOption; r: number }[])[index[s] as number];
      if (pick) {
        d += pick.option.discount;
        r += pick.r;
      }
    }
    const pd = discountIfMet(p.coupon, base - r, p.items);
    if (pd > 0 && (!best || d + pd >= best.total)) {
      const picks = [...fixed];
      for (let s = 0; s < searched.length; s++) {
        const pick = (searched[s] as { option: MerchantOption }[])[index[s] as number];
        if (pick) picks.push(pick.option);
      }
      const coupons = [...picks.map((o) => o.coupon), p.coupon];
      if (!best || beats({ total: d + pd, coupons }, best)) best = { total: d + pd, coupons, picks, pd };
    }
    let s = 0;
    while (s < searched.length) {
      const next = (index[s] as number) - 1;
      if (next >= 0) {
        index[s] = next;
        break;
      }
      index[s] = (searched[s] as unknown[]).length;
      s++;
    }
    if (s === searched.length) break;
  }
  if (!best) return null;
  return { merchant: best.picks, platform: p, platformDiscount: best.pd, total: best.total };
}

function trimmed<T extends { option: MerchantOption }>(options: T[]): T[] {
  return [...options].sort((a, b) => b.option.discount - a.option.discount || a.option.coupon.couponId.localeCompare(b.option.coupon.couponId));
}

/** Keeps the search within MAX_COMBINATIONS by dropping the smallest discounts of the widest shops. */
function boundSearch(searched: { option: MerchantOption }[][]): void {
  const size = () => searched.reduce((n, opts) => n * (opts.length + 1), 1);
  while (size() > MAX_COMBINATIONS) {
    let widest = 0;
    for (let s = 1; s < searched.length; s++) if ((searched[s] as unknown[]).length > (searched[widest] as unknown[]).length) widest = s;
    (searched[widest] as unknown[]).pop();
  }
}
