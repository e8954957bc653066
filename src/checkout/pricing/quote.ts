import { assert } from '../../assert.js';
import { problem } from '../../errors.js';
import type { WalletCoupon } from '../ports.js';
import { allocate } from './allocate.js';
import { type Selection, bestSelection, platformDiscount } from './best.js';
import { cardCoverage, cardsOnLines } from './cards.js';
import { lineAmounts } from './cart.js';
import { conditionGap, discountFor } from './coupon-rules.js';
import { type Eligibility, type MerchantOption, assessWallet } from './eligibility.js';
import { hintWords, reason } from './reasons.js';
import type { AppliedCoupon, CouponVerdict, Hint, LineShare, Quote, QuoteInput, QuotedLine, QuotedMerchant } from './types.js';

export const MAX_HINTS = 3;

/**
 * Prices a cart: every wallet coupon's verdict, the chosen or best combination, each coupon's
 * split over its lines, per-merchant subtotals, gift card coverage and what is left to pay.
 * Pure: the same input always gives the same quote.
 */
export function quote(input: QuoteInput): Quote {
  const { currency, lines } = input;
  const amounts = lineAmounts(lines, currency, input.maxLines);
  const eligibility = assessWallet(input.wallet, lines, amounts, { currency, now: input.now, orderId: input.orderId });
  const selection = input.couponIds === undefined ? bestSelection(eligibility, amounts) : chosenSelection(input.couponIds, input.wallet, eligibility, amounts, currency);

  const shares: LineShare[][] = lines.map(() => []);
  const after = [...amounts];
  const applied: AppliedCoupon[] = [];
  for (const m of selection.merchant) {
    m.lines.forEach((i, k) => {
      const amount = m.shares[k] as number;
      if (amount > 0) (shares[i] as LineShare[]).push({ coupon_id: m.coupon.couponId, amount });
      after[i] = (after[i] as number) - amount;
    });
    applied.push(appliedCoupon(m.coupon, m.discount, m.lines, m.shares, lines));
  }
  if (selection.platform && selection.platformDiscount > 0) {
    const p = selection.platform;
    const split = allocate(selection.platformDiscount, p.lines.map((i) => after[i] as number));
    p.lines.forEach((i, k) => {
      const amount = split[k] as number;
      if (amount > 0) (shares[i] as LineShare[]).push({ coupon_id: p.coupon.couponId, amount });
      after[i] = (after[i] as number) - amount;
    });
    applied.push(appliedCoupon(p.coupon, selection.platformDiscount, p.lines, split, lines));
  }

  const due = new Map<string, number>();
  lines.forEach((line, i) => {
    due.set(line.merchant_id, (due.get(line.merchant_id) ?? 0) + (after[i] as number));
  });
  const cards = cardCoverage(input.cards ?? [], due, currency);

  const quoted: QuotedLine[] = lines.map((line, i) => {
    const final = after[i] as number;
    assert(final >= 0, 'a line went below zero');
    return {
      line_id: line.line_id,
      sku: line.sku,
      merchant_id: line.merchant_id,
      category_id: line.category_id,
      unit_price: line.unit_price,
      quantity: line.quantity,
      original_amount: amounts[i] as number,
      shares: shares[i] as LineShare[],
      discount_amount: (amounts[i] as number) - final,
      final_amount: final,
      cards: [],
      left_to_pay: final,
    };
  });
  const merchants = merchantTotals(quoted, cards);
  const appliedIds = new Set(applied.map((a) => a.coupon_id));
  const verdicts: CouponVerdict[] = eligibility.verdicts.map((v) => (appliedIds.has(v.coupon_id) ? { ...v, applied: true } : v));
  const sum = (pick: (m: QuotedMerchant) => number) => merchants.reduce((s, m) => s + pick(m), 0);
  return {
    currency,
    selection: input.couponIds === undefined ? 'best' : 'chosen',
    original_amount: sum((m) => m.original_amount),
    discount_amount: sum((m) => m.discount_amount),
    final_amount: sum((m) => m.final_amount),
    card_amount: sum((m) => m.card_amount),
    left_to_pay: sum((m) => m.left_to_pay),
    coupons: verdicts,
    applied,
    lines: quoted,
    merchants,
    cards,
    hints: hints(input.wallet, verdicts, currency),
  };
}

function appliedCoupon(coupon: WalletCoupon, discount: number, at: readonly number[], split: readonly number[], lines: QuoteInput['lines']): AppliedCoupon {
  const byMerchant = new Map<string, number>();
  at.forEach((i, k) => {
    const merchantId = (lines[i] as { merchant_id: string }).merchant_id;
    byMerchant.set(merchantId, (byMerchant.get(merchantId) ?? 0) + (split[k] as number));
  });
  return {
    coupon_id: coupon.couponId,
    owner: coupon.owner,
    merchant_id: coupon.merchantId,
    discount,
    merchants: [...byMerchant].filter(([, amount]) => amount > 0).map(([merchant_id, amount]) => ({ merchant_id, amount })),
  };
}

/** Per-merchant subtotals, merchants in cart order; fills each line's gift card part. */
function merchantTotals(quoted: QuotedLine[], cards: Quote['cards']): QuotedMerchant[] {
  const order: string[] = [];
  const byMerchant = new Map<string, QuotedLine[]>();
  for (const line of quoted) {
    const list = byMerchant.get(line.merchant_id);
    if (list) list.push(line);
    else {
      byMerchant.set(line.merchant_id, [line]);
      order.push(line.merchant_id);
    }
  }
  return order.map((merchantId) => {
    const own = byMerchant.get(merchantId) as QuotedLine[];
    const byLine = new Map(own.map((line) => [line.line_id, line]));
    for (const part of cardsOnLines(cards, merchantId, own)) {
      const line = byLine.get(part.line_id) as QuotedLine;
      line.cards.push({ card_id: part.card_id, amount: part.amount });
      line.left_to_pay -= part.amount;
    }
    const total = (pick: (l: QuotedLine) => number) => own.reduce((s, l) => s + pick(l), 0);
    const final = total((l) => l.final_amount);
    const left = total((l) => l.left_to_pay);
    return {
      merchant_id: merchantId,
      original_amount: total((l) => l.original_amount),
      discount_amount: total((l) => l.discount_amount),
      final_amount: final,
      card_amount: final - left,
      left_to_pay: left,
    };
  });
}

/** The shopper's own pick, checked against the rules; throws a problem naming the coupon. */
function chosenSelection(
  ids: readonly string[],
  wallet: readonly WalletCoupon[],
  eligibility: Eligibility,
  amounts: readonly number[],
  currency: string,
): Selection {
  const byId = new Map(wallet.map((c) => [c.couponId, c]));
  const verdicts = new Map(eligibility.verdicts.map((v) => [v.coupon_id, v]));
  const merchant = new Map<string, MerchantOption>();
  let platformId: string | null = null;
  for (const id of new Set(ids)) {
    const coupon = byId.get(id);
    if (!coupon) throw problem('coupon_not_in_wallet', `coupon ${id} is not in this shopper's wallet`, { extra: { coupon_id: id } });
    const verdict = verdicts.get(id) as CouponVerdict;
    if (!verdict.usable) throw notUsable(id, verdict.reason?.code ?? 'out_of_scope', verdict.reason ?? undefined);
    if (coupon.owner === 'platform') {
      if (platformId !== null) throw problem('coupon_combination_invalid', 'at most one platform coupon', { extra: { coupon_id: id } });
      platformId = id;
      continue;
    }
    const shop = coupon.merchantId as string;
    if (merchant.has(shop)) throw problem('coupon_combination_invalid', `at most one coupon of shop ${shop}`, { extra: { coupon_id: id } });
    merchant.set(shop, (eligibility.merchantOptions.get(shop) ?? []).find((o) => o.coupon.couponId === id) as MerchantOption);
  }
  const picks = [...merchant.values()];
  const total = picks.reduce((s, o) => s + o.discount, 0);
  if (platformId === null) return { merchant: picks, platform: null, platformDiscount: 0, total };
  const p = eligibility.platformOptions.find((o) => o.coupon.couponId === platformId);
  assert(p !== undefined, 'a usable platform coupon has an option');
  const pd = platformDiscount(p, amounts, picks);
  if (pd === 0) {
    let left = 0;
    for (const i of p.lines) left += amounts[i] as number;
    for (const o of picks) o.lines.forEach((i, k) => { if (p.inScope[i]) left -= o.shares[k] as number; });
    const gap = conditionGap(p.coupon, left, p.items);
    const why = gap ? reason(gap.code, currency, gap.missing) : reason('out_of_scope', currency);
    throw notUsable(p.coupon.couponId, why.code, why);
  }
  return { merchant: picks, platform: p, platformDiscount: pd, total: total + pd };
}

function notUsable(id: string, code: string, why?: { en: string }) {
  return problem('coupon_not_usable', `coupon ${id}: ${why?.en ?? code}`, { extra: { coupon_id: id, reason: code } });
}

/** "Spend ¥X more to save ¥Y" for coupons just out of reach, nearest first. */
function hints(wallet: readonly WalletCoupon[], verdicts: readonly CouponVerdict[], currency: string): Hint[] {
  const byId = new Map(wallet.map((c) => [c.couponId, c]));
  const out: Hint[] = [];
  for (const v of verdicts) {
    if (v.reason?.code !== 'below_threshold' || v.reason.missing === undefined) continue;
    const coupon = byId.get(v.coupon_id) as WalletCoupon;
    if (coupon.condition.kind !== 'min_spend') continue;
    const save = discountFor(coupon, coupon.condition.amount);
    if (save > 0) out.push({ coupon_id: v.coupon_id, spend_more: v.reason.missing, save, ...hintWords(v.reason.missing, save, currency) });
  }
  out.sort((a, b) => a.spend_more - b.spend_more || b.save - a.save || a.coupon_id.localeCompare(b.coupon_id));
  return out.slice(0, MAX_HINTS);
}
