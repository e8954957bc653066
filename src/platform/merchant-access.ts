import { problem } from '../errors.js';
import type { Principal } from './principal.js';

/**
 * A merchant-role caller (API key or merchant staff) is bound to one merchant and sees only its
 * data. Every route that reads or changes something owned by a merchant calls this with the
 * owner; list routes filter with merchantScope.
 */
export function assertMerchantAccess(principal: Principal, merchantId: string | null | undefined): void {
  if (principal.role !== 'merchant') return;
  if (!principal.merchantId || principal.merchantId !== merchantId) {
    throw problem('wrong_merchant', 'a merchant caller may only reach its own merchant’s data');
  }
}

/** The merchant a list must be restricted to, or undefined when the caller may see all merchants. */
export function merchantScope(principal: Principal): string | undefined {
  if (principal.role !== 'merchant') return undefined;
  if (!principal.merchantId) throw problem('wrong_merchant', 'a merchant caller without a merchant sees nothing');
  return principal.merchantId;
}
