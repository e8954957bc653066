import { assert } from '../assert.js';
import type { Tx } from '../db/database.js';
import { ensureMerchantAccounts, merchantInTransit, merchantPayable, paymentsClearing } from '../ledger/chart.js';
import { ensureAccounts, requireTransfers } from '../ledger/ledger.js';
import type { TransferInput } from '../ledger/types.js';

/**
 * The checkout's own ledger transfers (codes from src/ledger/chart.ts). Ids derive from the order
 * id (and refund id), all starting with `order:{orderId}:`, so a retried step is harmless and
 * the order's detail can list them.
 */

export type MerchantSide = 'in_transit' | 'payable';

export function merchantAccount(merchantId: string, currency: string, side: MerchantSide): string {
  return side === 'in_transit' ? merchantInTransit(merchantId, currency) : merchantPayable(merchantId, currency);
}

async function ensureClearing(tx: Tx, currency: string, now: Date): Promise<void> {
  await ensureAccounts(tx, [{ id: paymentsClearing(currency), code: 'payments.clearing', currency }], now);
}

/** checkout.payment: what the shopper paid outside Scrip, per merchant, into in transit. */
export async function postPayments(tx: Tx, orderId: string, currency: string, perMerchant: ReadonlyMap<string, number>, paymentRef: string, now: Date): Promise<void> {
  await ensureClearing(tx, currency, now);
  const transfers: TransferInput[] = [];
  for (const [merchantId, amount] of perMerchant) {
    await ensureMerchantAccounts(tx, merchantId, currency, now);
    if (amount === 0) continue;
    assert(Number.isSafeInteger(amount) && amount > 0, 'payment amount must be positive');
    transfers.push({
      id: `order:${orderId}:payment:${merchantId}`,
      debit_account_id: paymentsClearing(currency),
      credit_account_id: merchantInTransit(merchantId, currency),
      amount,
      currency,
      code: 'checkout.payment',
      refs: { order: orderId, merchant: merchantId, payment_ref: paymentRef },
    });
  }
  await requireTransfers(tx, transfers, now);
}

/** checkout.receipt: a merchant's in-transit money for the order becomes payable. */
export async function postReceipt(tx: Tx, orderId: string, currency: string, merchantId: string, amount: number, now: Date): Promise<void> {
  await ensureMerchantAccounts(tx, merchantId, currency, now);
  if (amount === 0) return;
  assert(Number.isSafeInteger(amount) && amount > 0, 'receipt amount must be positive');
  await requireTransfers(
    tx,
    [
      {
        id: `order:${orderId}:receipt:${merchantId}`,
        debit_account_id: merchantInTransit(merchantId, currency),
        credit_account_id: merchantPayable(merchantId, currency),
        amount,
        currency,
        code: 'checkout.receipt',
        refs: { order: orderId, merchant: merchantId },
      },
    ],
    now,
  );
}

/** checkout.refund: externally paid money going back, per merchant, from in transit or payable. */
export async function postExternalRefunds(
  tx: Tx,
  orderId: string,
  refundId: string,
  currency: string,
  parts: readonly { merchantId: string; amount: number; from: MerchantSide }[],
  now: Date,
): Promise<void> {
  const transfers: TransferInput[] = parts
    .filter((p) => p.amount > 0)
    .map((p) => ({
      id: `order:${orderId}:refund:${refundId}:external:${p.merchantId}`,
      debit_account_id: merchantAccount(p.merchantId, currency, p.from),
      credit_account_id: paymentsClearing(currency),
      amount: p.amount,
      currency,
      code: 'checkout.refund',
      refs: { order: orderId, refund: refundId, merchant: p.merchantId },
    }));
  await requireTransfers(tx, transfers, now);
}
