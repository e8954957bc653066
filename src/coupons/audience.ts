import { problem } from '../errors.js';
import { isRegionCode } from '../platform/shoppers.js';

/**
 * Who may receive an activity's coupons: everyone, a rule over the attributes the platform syncs
 * (region, registration time, tags, real-name verification), or an uploaded list of shopper ids.
 */

export type Audience =
  | { kind: 'all' }
  | { kind: 'list' }
  | {
      kind: 'rule';
      /** GB/T 2260 codes; 110000 means all of Beijing, 110100 a city, 110105 one district. */
      regions?: string[];
      registered_from?: string;
      registered_until?: string;
      tags_any?: string[];
      tags_all?: string[];
      real_name_verified?: boolean;
    };

export interface AudienceShopper {
  region_code: string | null;
  registered_at: string;
  tags: readonly string[];
  real_name_verified: boolean;
}

const MAX_RULE_VALUES = 100;

export function checkAudience(audience: Audience): Audience {
  if (audience.kind !== 'rule') return { kind: audience.kind };
  const rule = { ...audience };
  for (const list of [rule.regions, rule.tags_any, rule.tags_all]) {
    if (list && list.length > MAX_RULE_VALUES) throw problem('coupon_audience_invalid', `at most ${MAX_RULE_VALUES} values per rule list`);
  }
  if (rule.regions?.some((code) => !isRegionCode(code))) throw problem('coupon_audience_invalid', 'regions must be GB/T 2260 six-digit codes');
  for (const key of ['registered_from', 'registered_until'] as const) {
    const value = rule[key];
    if (value !== undefined) {
      const at = Date.parse(value);
      if (Number.isNaN(at)) throw problem('coupon_audience_invalid', `${key} must be a date-time`);
      rule[key] = new Date(at).toISOString();
    }
  }
  if (rule.registered_from && rule.registered_until && rule.registered_until <= rule.registered_from) {
    throw problem('coupon_audience_invalid', 'registered_until is before registered_from');
  }
  return rule;
}

/** 110000 → "11", 110100 → "1101", 110105 → "110105". */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** Whether a shopper matches a rule audience (list and all are decided elsewhere). */
export function matchesRule(audience: Audience, shopper: AudienceShopper): boolean {
  if (audience.kind !== 'rule') return audience.kind === 'all';
  if (audience.regions && audience.regions.length > 0) {
    const region = shopper.region_code;
    if (region === null || !audience.regions.some((code) => region.startsWith(regionPrefix(code)))) return false;
  }
  if (audience.registered_from && shopper.registered_at < audience.registered_from) return false;
  if (audience.registered_until && shopper.registered_at >= audience.registered_until) return false;
  if (audience.tags_any && audience.tags_any.length > 0 && !audience.tags_any.some((tag) => shopper.tags.includes(tag))) return false;
  if (audience.tags_all && !audience.tags_all.every((tag) => shopper.tags.includes(tag))) return false;
  if (audience.real_name_verified !== undefined && shopper.real_name_verified !== audience.real_name_verified) return false;
  return true;
}
