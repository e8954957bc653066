import { problem } from '../errors.js';

/**
 * Shopper attributes the platform syncs for coupon audiences. Regions are GB/T 2260 six-digit
 * administrative division codes (the codes of Chinese ID cards and postal systems): the first
 * two digits are the province, the next two the city, the last two the district, so
 * "registered in Beijing" is every code starting with 11 (110000 itself, 110105 Chaoyang…).
 */

/** First two digits of every province-level division in GB/T 2260. */
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

export const MAX_TAGS = 64;

export interface ShopperInput {
  display_name?: string | null;
  region_code?: string | null;
  registered_at: string;
  tags?: string[];
  real_name_verified?: boolean;
  source_version?: number;
}

export interface ShopperAttributes {
  display_name: string | null;
  region_code: string | null;
  registered_at: string;
  tags: string[];
  real_name_verified: boolean;
  source_version: number | null;
}

export interface ShopperView extends ShopperAttributes {
  id: string;
  created_at: string;
  updated_at: string;
}

export function isRegionCode(code: string): boolean {
  return /^\d{6}$/.test(code) && PROVINCE_PREFIXES.has(code.slice(0, 2));
}

/** The province-level code of a region: 110105 → 110000. */
export function provinceOf(code: string): string {
  return `${code.slice(0, 2)}0000`;
}

/** Validates and puts synced attributes in canonical form (UTC time, sorted unique tags). */
export function normaliseShopper(input: ShopperInput, field = 'body'): ShopperAttributes {
  const region = input.region_code ?? null;
  if (region !== null && !isRegionCode(region)) {
    throw problem('validation_failed', `${field}/region_code: not a GB/T 2260 code`, {
      errors: [{ field: `${field}/region_code`, code: 'region_code', message: 'must be a GB/T 2260 six-digit division code such as 110105' }],
    });
  }
  const tags = [...new Set((input.tags ?? []).map((tag) => tag.trim()).filter((tag) => tag.length > 0))].sort();
  const displayName = input.display_name?.trim() || null;
  return {
    display_name: displayName,
    region_code: region,
    registered_at: new Date(input.registered_at).toISOString(),
    tags,
    real_name_verified: input.real_name_verified ?? false,
    source_version: input.source_version ?? null,
  };
}

export function sameAttributes(a: ShopperAttributes, b: ShopperAttributes): boolean {
  return (
    a.display_name === b.display_name &&
    a.region_code === b.region_code &&
    a.registered_at === b.registered_at &&
    a.real_name_verified === b.real_name_verified &&
    a.source_version === b.source_version &&
    a.tags.join('\n') === b.tags.join('\n')
  );
}

/** An update older than what is stored must not win (syncs can arrive out of order). */
export function isStale(stored: number | null, incoming: number | null): boolean {
  return stored !== null && incoming !== null && incoming < stored;
}
