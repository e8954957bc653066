import type { CouponCondition, CouponScope } from '../checkout/ports.js';
import type { CouponType } from '../db/schema.js';
import { problem } from '../errors.js';

/**
 * The pure rules of coupon templates and activity coupons: what a valid definition is and what
 * value each coupon freezes. No I/O here.
 */

export const MAX_QUANTITY = 10_000_000;
export const MAX_ITEMS_PER_ACTIVITY = 20;
export const MAX_SCOPE_IDS = 500;
export const MAX_VALIDITY_DAYS = 3650;

export interface TemplateInput {
  name_zh: string;
  name_en: string;
  type: CouponType;
  amount?: number | null;
  percent_bp?: number | null;
  cap?: number | null;
  quantity: number;
}

export interface TemplateValue {
  amount: number | null;
  percent_bp: number | null;
  cap: number | null;
  /** Frozen per coupon: the face value, or the cap of a percent coupon. */
  value: number;
}

function isPositiveMinor(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** Checks a template's type, value and quantity; returns the value each coupon freezes. */
export function templateValue(input: TemplateInput): TemplateValue {
  if (!Number.isSafeInteger(input.quantity) || input.quantity < 1 || input.quantity > MAX_QUANTITY) {
    throw problem('coupon_value_invalid', `quantity must be a whole number from 1 to ${MAX_QUANTITY}`);
  }
  if (input.type === 'percent_off') {
    const bp = input.percent_bp;
    if (typeof bp !== 'number' || !Number.isSafeInteger(bp) || bp <= 0 || bp >= 10_000) throw problem('coupon_percent_invalid');
    if (input.cap === undefined || input.cap === null) throw problem('coupon_cap_required');
    if (!isPositiveMinor(input.cap)) throw problem('coupon_value_invalid', 'cap must be a positive whole number of minor units');
    if (input.amount !== undefined && input.amount !== null) throw problem('coupon_value_invalid', 'a percent coupon has no face value');
    assertTotal(input.cap, input.quantity);
    return { amount: null, percent_bp: bp, cap: input.cap, value: input.cap };
  }
  if (!isPositiveMinor(input.amount)) throw problem('coupon_value_invalid', 'amount must be a positive whole number of minor units');
  if (input.percent_bp !== undefined && input.percent_bp !== null) throw problem('coupon_value_invalid', 'only percent coupons have percent_bp');
  if (input.cap !== undefined && input.cap !== null && input.cap < input.amount) {
    throw problem('coupon_value_invalid', 'the coupon’s value is larger than its cap');
  }
  assertTotal(input.amount, input.quantity);
  return { amount: input.amount, percent_bp: null, cap: null, value: input.amount };
}

function assertTotal(value: number, quantity: number): void {
  if (!Number.isSafeInteger(value * quantity)) throw problem('coupon_value_invalid', 'quantity × value is too large');
}

export type Validity = { kind: 'fixed'; from: string; until: string } | { kind: 'days'; days: number };

export function checkValidity(validity: Validity): Validity {
  if (validity.kind === 'days') {
    if (!Number.isSafeInteger(validity.days) || validity.days < 1 || validity.days > MAX_VALIDITY_DAYS) {
      throw problem('coupon_validity_invalid', `days must be from 1 to ${MAX_VALIDITY_DAYS}`);
    }
    return { kind: 'days', days: validity.days };
  }
  const from = Date.parse(validity.from);
  const until = Date.parse(validity.until);
  if (Number.isNaN(from) || Number.isNaN(until)) throw problem('coupon_validity_invalid', 'from and until must be date-times');
  if (until <= from) throw problem('coupon_validity_invalid', 'the validity ends before it starts');
  return { kind: 'fixed', from: new Date(from).toISOString(), until: new Date(until).toISOString() };
}

export function checkCondition(condition: CouponCondition, type: CouponType): CouponCondition {
  if (condition.kind === 'none') {
    if (type === 'amount_off') throw problem('coupon_condition_invalid', 'an amount-off coupon needs a threshold; use no_threshold coupons for none');
    return { kind: 'none' };
  }
  if (condition.kind === 'min_spend') {
    if (!isPositiveMinor(condition.amount)) throw problem('coupon_condition_invalid', 'min_spend needs a positive amount');
    return { kind: 'min_spend', amount: condition.amount };
  }
  if (!Number.isSafeInteger(condition.count) || condition.count < 1 || condition.count > 10_000) {
    throw problem('coupon_condition_invalid', 'min_items needs a count from 1 to 10000');
  }
  if (type === 'no_threshold') throw problem('coupon_condition_invalid', 'a no-threshold coupon has no condition');
  return { kind: 'min_items', count: condition.count };
}

export function checkScope(scope: CouponScope, merchantId: string | null): CouponScope {
  const ids = [...new Set(scope.ids)];
  const all = [...ids, ...scope.excludeSkus, ...scope.excludeCategories];
  if (all.length > MAX_SCOPE_IDS) throw problem('coupon_scope_invalid', `at most ${MAX_SCOPE_IDS} ids in a scope`);
  if (scope.kind === 'all' && ids.length > 0) throw problem('coupon_scope_invalid', 'scope all takes no ids');
  if (scope.kind !== 'all' && ids.length === 0) throw problem('coupon_scope_invalid', `scope ${scope.kind} needs ids`);
  if (merchantId !== null && scope.kind === 'merchants' && ids.some((id) => id !== merchantId)) {
    throw problem('coupon_scope_invalid', 'a shop coupon applies only to its own shop');
  }
  return { kind: scope.kind, ids, excludeSkus: [...new Set(scope.excludeSkus)], excludeCategories: [...new Set(scope.excludeCategories)] };
}

export interface Window {
  startsAt: string | null;
  endsAt: string | null;
}

/** Claim and link activities need a window; auto-issue and code activities may leave it open. */
export function checkWindow(method: 'auto' | 'claim' | 'link' | 'code', window: Window): Window {
  const starts = window.startsAt === null ? null : Date.parse(window.startsAt);
  const ends = window.endsAt === null ? null : Date.parse(window.endsAt);
  if (Number.isNaN(starts) || Number.isNaN(ends)) throw problem('coupon_activity_window_invalid', 'starts_at and ends_at must be date-times');
  if ((method === 'claim' || method === 'link') && (starts === null || ends === null)) {
    throw problem('coupon_activity_window_invalid', `a ${method} activity needs starts_at and ends_at`);
  }
  if (starts !== null && ends !== null && ends <= starts) throw problem('coupon_activity_window_invalid', 'the window ends before it starts');
  return { startsAt: starts === null ? null : new Date(starts).toISOString(), endsAt: ends === null ? null : new Date(ends).toISOString() };
}

export function isWithinWindow(window: Window, now: Date): boolean {
  const at = now.getTime();
  if (window.startsAt !== null && at < Date.parse(window.startsAt)) return false;
  if (window.endsAt !== null && at >= Date.parse(window.endsAt)) return false;
  return true;
}
