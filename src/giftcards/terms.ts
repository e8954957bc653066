import { problem } from '../errors.js';
import type { ComplianceProfile } from './profiles.js';

/**
 * A product's terms and the compliance rules over them, as pure functions. A card copies the
 * terms at sale, so later product changes never reach cards already sold.
 */

export type Validity = { kind: 'none' } | { kind: 'months'; months: number } | { kind: 'fixed'; until: string };

export interface CardTerms {
  currency: string;
  named: boolean;
  reloadable: boolean;
  validity: Validity;
  /** Merchant ids accepting the card, or 'all'. */
  accepted: 'all' | string[];
}

export interface Denomination {
  face: number;
  price: number;
}

export interface CustomRange {
  min: number;
  max: number;
  /** Sale price in basis points of the face value. */
  price_bp: number;
}

export function maxBalanceFor(profile: ComplianceProfile, named: boolean): number | null {
  return named ? profile.namedMaxBalance : profile.anonymousMaxBalance;
}

const MONTH_MS = 30 * 86_400_000;

/** Throws unless the profile allows these terms for a card of this face value. */
export function assertTermsAllowed(profile: ComplianceProfile, terms: CardTerms, largestFace: number, now: Date): void {
  if (terms.reloadable && !terms.named) throw problem('giftcard_product_invalid', 'only named cards can be reloadable');
  const { validity } = terms;
  if (terms.named && profile.namedNoExpiry && validity.kind !== 'none') {
    throw problem('giftcard_validity_not_allowed', `profile ${profile.name}: named cards have no expiry`);
  }
  const minMonths = profile.anonymousMinValidityMonths;
  if (!terms.named && minMonths !== null) {
    const tooShort =
      (validity.kind === 'months' && validity.months < minMonths) ||
      (validity.kind === 'fixed' && Date.parse(validity.until) - now.getTime() < minMonths * MONTH_MS);
    if (tooShort) throw problem('giftcard_validity_not_allowed', `profile ${profile.name}: anonymous cards are valid at least ${minMonths} months`);
  }
  if (validity.kind === 'fixed' && Date.parse(validity.until) <= now.getTime()) {
    throw problem('giftcard_validity_not_allowed', 'the fixed expiry date has passed');
  }
  const max = maxBalanceFor(profile, terms.named);
  if (max !== null && largestFace > max) {
    throw problem('giftcard_over_max_balance', `profile ${profile.name}: a ${terms.named ? 'named' : 'anonymous'} card holds at most ${max}`);
  }
}

/** When a card activated at `activatedAt` expires, or null for never. */
export function expiryOf(validity: Validity, activatedAt: Date): string | null {
  if (validity.kind === 'none') return null;
  if (validity.kind === 'fixed') return new Date(validity.until).toISOString();
  return addMonths(activatedAt, validity.months).toISOString();
}

export function addMonths(at: Date, months: number): Date {
  const out = new Date(at.getTime());
  const day = out.getUTCDate();
  out.setUTCDate(1);
  out.setUTCMonth(out.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(out.getUTCFullYear(), out.getUTCMonth() + 1, 0)).getUTCDate();
  out.setUTCDate(Math.min(day, lastDay));
  return out;
}

/** The configured sale price of a face value: a listed denomination, or the custom range. */
export function priceOf(face: number, denominations: readonly Denomination[], custom: CustomRange | null): number {
  const listed = denominations.find((d) => d.face === face);
  if (listed) return listed.price;
  if (custom && face >= custom.min && face <= custom.max) return Math.floor((face * custom.price_bp) / 10_000);
  throw problem('giftcard_denomination_invalid', `face value ${face} is not offered`);
}

export function assertDenominations(denominations: readonly Denomination[], custom: CustomRange | null): void {
  if (denominations.length === 0 && !custom) throw problem('giftcard_product_invalid', 'a product needs denominations or a custom range');
  const faces = new Set<number>();
  for (const d of denominations) {
    if (d.price > d.face) throw problem('giftcard_product_invalid', `price ${d.price} is above face ${d.face}`);
    if (faces.has(d.face)) throw problem('giftcard_product_invalid', `face ${d.face} is listed twice`);
    faces.add(d.face);
  }
  if (custom && (custom.min > custom.max || custom.price_bp > 10_000)) throw problem('giftcard_product_invalid', 'the custom range is not valid');
}

export interface OrderCompliance {
  buyerKind: 'shopper' | 'company';
  namedFace: number;
  anonymousFace: number;
  priceTotal: number;
  paymentMethod: string;
  hasIdentity: boolean;
}

/** Real-name and payment-method rules of a purchase. */
export function assertOrderAllowed(profile: ComplianceProfile, order: OrderCompliance): void {
  const identityNeeded =
    (profile.identityForNamed && order.namedFace > 0) ||
    (profile.identityAnonymousThreshold !== null && order.anonymousFace >= profile.identityAnonymousThreshold);
  if (identityNeeded && !order.hasIdentity) throw problem('giftcard_identity_required', `profile ${profile.name} records the buyer's identity for this purchase`);
  const threshold = order.buyerKind === 'company' ? profile.bankTransferCompanyThreshold : profile.bankTransferPersonThreshold;
  if (threshold !== null && order.priceTotal >= threshold && order.paymentMethod !== 'bank_transfer') {
    throw problem('giftcard_bank_transfer_required', `profile ${profile.name}: purchases of ${threshold} or more by a ${order.buyerKind} are paid by bank transfer`);
  }
}

/** Whether a purchase made at `purchasedAt` may still be returned at `now`. */
export function withinReturnWindow(profile: ComplianceProfile, purchasedAt: Date, now: Date): boolean {
  if (profile.returnWindowDays === null) return true;
  return now.getTime() - purchasedAt.getTime() <= profile.returnWindowDays * 86_400_000;
}

/**
 * What a returned card gives back in cash: the balance in proportion to what was paid for the
 * value put on the card (a ¥100 card sold for ¥95 with ¥40 left returns ¥38). Rounded down; the
 * rest goes back to the sale-discount account.
 */
export function returnSplit(balance: number, face: number, price: number, reloaded: number): { cash: number; discount: number } {
  const value = face + reloaded;
  const paid = price + reloaded;
  const cash = value === 0 ? 0 : Math.floor((balance * paid) / value);
  return { cash, discount: balance - cash };
}

/** Masks a name to its first character (张三 → 张*). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** Masks an ID number to its first three and last four characters. */
export function maskIdNumber(id: string): string {
  const clean = id.replace(/\s/g, '');
  if (clean.length <= 7) return '*'.repeat(clean.length);
  return `${clean.slice(0, 3)}${'*'.repeat(clean.length - 7)}${clean.slice(-4)}`;
}
