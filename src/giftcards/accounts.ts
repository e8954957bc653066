import type { Db, Tx } from '../db/database.js';
import { ensureAccounts, getAccount } from '../ledger/ledger.js';
import { paymentsClearing } from '../ledger/chart.js';

/** The gift card accounts of src/ledger/chart.ts. */

export function cardAccount(cardId: string): string {
  return `card:${cardId}`;
}
export function saleDiscountAccount(currency: string): string {
  return `giftcards:sale_discount:${currency}`;
}
export function promotionAccount(currency: string): string {
  return `giftcards:promotion:${currency}`;
}
export function breakageAccount(currency: string): string {
  return `giftcards:breakage:${currency}`;
}

/** The platform accounts card money moves through, per currency. */
export async function ensureGiftcardAccounts(tx: Tx, currency: string, now: Date): Promise<void> {
  await ensureAccounts(
    tx,
    [
      { id: paymentsClearing(currency), code: 'payments.clearing', currency },
      { id: saleDiscountAccount(currency), code: 'giftcard.sale_discount', currency },
      { id: promotionAccount(currency), code: 'giftcard.promotion', currency },
      { id: breakageAccount(currency), code: 'giftcard.breakage', currency, flags: ['debits_must_not_exceed_credits'] },
    ],
    now,
  );
}

export async function ensureCardAccount(tx: Tx, cardId: string, currency: string, now: Date): Promise<void> {
  await ensureAccounts(tx, [{ id: cardAccount(cardId), code: 'giftcard.card', currency, flags: ['debits_must_not_exceed_credits'], metadata: { card_id: cardId } }], now);
}

export interface CardBalance {
  /** Posted credits − posted debits: what the card holds. */
  posted: number;
  /** Held by orders in progress. */
  held: number;
  /** What can be spent now: posted − held. */
  available: number;
}

export async function cardBalance(db: Db | Tx, cardId: string): Promise<CardBalance> {
  const account = await getAccount(db, cardAccount(cardId));
  if (!account) return { posted: 0, held: 0, available: 0 };
  const posted = account.credits_posted - account.debits_posted;
  return { posted, held: account.debits_pending, available: posted - account.debits_pending };
}
