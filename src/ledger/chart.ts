import type { Tx } from '../db/database.js';
import { ensureAccounts } from './ledger.js';

/**
 * Ledger accounts shared by several domains. Each domain names its own accounts (cards,
 * budgets, templates…) in its own module; the merchant accounts are shared because gift cards,
 * coupons and checkout all pay merchants through them.
 *
 * - `merchant:{id}:in_transit:{CUR}` money for paid orders whose receipt is not yet confirmed.
 * - `merchant:{id}:payable:{CUR}`    money the platform owes the merchant (settleable).
 * Both are credit-normal: credits are what the merchant is owed.
 */

export function merchantInTransit(merchantId: string, currency: string): string {
  return `merchant:${merchantId}:in_transit:${currency}`;
}

export function merchantPayable(merchantId: string, currency: string): string {
  return `merchant:${merchantId}:payable:${currency}`;
}

export async function ensureMerchantAccounts(tx: Tx, merchantId: string, currency: string, now: Date): Promise<void> {
  await ensureAccounts(
    tx,
    [
      { id: merchantInTransit(merchantId, currency), code: 'merchant.in_transit', currency, flags: ['debits_must_not_exceed_credits'], metadata: { merchant_id: merchantId } },
      { id: merchantPayable(merchantId, currency), code: 'merchant.payable', currency, flags: ['debits_must_not_exceed_credits'], metadata: { merchant_id: merchantId } },
    ],
    now,
  );
}
