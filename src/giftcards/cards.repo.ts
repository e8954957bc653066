import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import type { GiftcardsTable } from '../db/schema.js';
import { problem } from '../errors.js';
import { uuidv7 } from '../ids.js';
import { canonicalJson } from '../json.js';
import { balancesAfter } from '../ledger/ledger.js';
import type { Actor } from '../platform/principal.js';
import { cardAccount, cardBalance, ensureCardAccount } from './accounts.js';
import { generateCardNumber, generateCode, hashCode, lastFour } from './codes.js';
import type { CardTerms } from './terms.js';

/** Cards: rows, their history entries, and making new ones. */

export type CardRow = Selectable<GiftcardsTable>;

export function acceptedOf(row: Pick<CardRow, 'accepted_merchants'>): 'all' | string[] {
  return row.accepted_merchants === 'all' ? 'all' : (JSON.parse(row.accepted_merchants) as string[]);
}

export function accepts(row: Pick<CardRow, 'accepted_merchants'>, merchantId: string): boolean {
  const accepted = acceptedOf(row);
  return accepted === 'all' || accepted.includes(merchantId);
}

/** Expired by the clock even if the sweep has not run yet. */
export function isPastExpiry(row: Pick<CardRow, 'expires_at'>, now: Date): boolean {
  return row.expires_at !== null && row.expires_at <= now.toISOString();
}

export async function findCard(db: Db | Tx, id: string): Promise<CardRow | undefined> {
  return db.q.selectFrom('giftcards').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads a card for change: locked on PostgreSQL (SQLite's write lock already serialises writers). */
export async function lockCard(tx: Tx, id: string): Promise<CardRow> {
  const row = await tx.q
    .selectFrom('giftcards')
    .selectAll()
    .where('id', '=', id)
    .$if(tx.dialect === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!row) throw problem('giftcard_not_found');
  return row;
}

export async function setCard(tx: Tx, id: string, changes: Partial<Omit<CardRow, 'id'>>, now: Date): Promise<void> {
  await tx.q.updateTable('giftcards').set({ ...changes, updated_at: now.toISOString() }).where('id', '=', id).execute();
}

export interface CardEventInput {
  kind: string;
  orderRef?: string | null;
  merchantId?: string | null;
  amount?: number | null;
  detail?: Record<string, unknown>;
  /** The ledger transfer behind the change: the balance recorded is the one right after it. */
  transferId?: string;
}

async function availableAfter(tx: Tx, cardId: string, transferId: string | undefined): Promise<number> {
  if (transferId !== undefined) {
    const after = await balancesAfter(tx, cardAccount(cardId), transferId);
    if (after) return after.credits_posted - after.debits_posted - after.debits_pending;
  }
  return (await cardBalance(tx, cardId)).available;
}

/** One history entry, with the card's available balance right after the change. */
export async function recordCardEvent(tx: Tx, cardId: string, event: CardEventInput, actor: Actor, now: Date): Promise<void> {
  const balanceAfter = await availableAfter(tx, cardId, event.transferId);
  await tx.q
    .insertInto('giftcard_events')
    .values({
      card_id: cardId,
      kind: event.kind,
      actor_id: actor.principal.id,
      actor_kind: actor.principal.kind,
      channel: actor.channel,
      order_ref: event.orderRef ?? null,
      merchant_id: event.merchantId ?? null,
      amount: event.amount ?? null,
      balance_after: balanceAfter,
      detail: canonicalJson(event.detail ?? {}),
      at: now.toISOString(),
    })
    .execute();
}

export interface NewCard {
  productId: string;
  terms: CardTerms;
  face: number;
  price: number;
  maxBalance: number | null;
  orderId?: string | null;
  batchId?: string | null;
  shopperId?: string | null;
  message?: string | null;
  promotional?: boolean;
  state: 'inactive' | 'active';
  expiresAt: string | null;
  /** A code chosen by the caller (batches derive theirs from a seed); else a fresh random one. */
  code?: string;
}

/**
 * Inserts a card with a new number and code and opens its ledger account. Uniqueness of both is
 * the database's: a clash (astronomically rare) just draws again.
 */
export async function insertCard(tx: Tx, secret: string, input: NewCard, now: Date): Promise<{ card: CardRow; code: string }> {
  const at = now.toISOString();
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = input.code ?? generateCode();
    const number = generateCardNumber();
    const row: CardRow = {
      id: uuidv7(),
      number,
      number_last4: lastFour(number),
      code_hash: hashCode(secret, code),
      code_last4: lastFour(code),
      product_id: input.productId,
      order_id: input.orderId ?? null,
      batch_id: input.batchId ?? null,
      currency: input.terms.currency,
      face: input.face,
      price: input.price,
      named: input.terms.named ? 1 : 0,
      reloadable: input.terms.reloadable ? 1 : 0,
      max_balance: input.maxBalance,
      accepted_merchants: input.terms.accepted === 'all' ? 'all' : JSON.stringify(input.terms.accepted),
      validity_kind: input.terms.validity.kind,
      validity_months: input.terms.validity.kind === 'months' ? input.terms.validity.months : null,
      valid_until: input.terms.validity.kind === 'fixed' ? input.terms.validity.until : null,
      expires_at: input.expiresAt,
      state: input.state,
      shopper_id: input.shopperId ?? null,
      message: input.message ?? null,
      promotional: input.promotional ? 1 : 0,
      reloaded_total: 0,
      replaced_by: null,
      issued_at: input.state === 'active' ? at : null,
      created_at: at,
      updated_at: at,
    };
    const inserted = await tx.q.insertInto('giftcards').values(row).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
    if (inserted) {
      await ensureCardAccount(tx, row.id, row.currency, now);
      return { card: row, code };
    }
    if (input.code !== undefined) break;
  }
  throw problem('internal_error', 'could not draw a unique card number and code');
}

export function cardTermsOf(row: CardRow): CardTerms {
  return {
    currency: row.currency,
    named: row.named === 1,
    reloadable: row.reloadable === 1,
    validity:
      row.validity_kind === 'months'
        ? { kind: 'months', months: row.validity_months ?? 0 }
        : row.validity_kind === 'fixed'
          ? { kind: 'fixed', until: row.valid_until ?? '' }
          : { kind: 'none' },
    accepted: acceptedOf(row),
  };
}

/** The card as staff and the owner see it: never the code or its hash. */
export async function cardView(db: Db | Tx, row: CardRow) {
  const balance = await cardBalance(db, row.id);
  return {
    id: row.id,
    number: row.number,
    last4: lastFour(row.number),
    code_last4: row.code_last4,
    product_id: row.product_id,
    order_id: row.order_id,
    batch_id: row.batch_id,
    currency: row.currency,
    face: row.face,
    price: row.price,
    named: row.named === 1,
    reloadable: row.reloadable === 1,
    max_balance: row.max_balance,
    accepted_by: acceptedOf(row),
    state: row.state,
    owner_shopper_id: row.shopper_id,
    promotional: row.promotional === 1,
    expires_at: row.expires_at,
    replaced_by: row.replaced_by,
    balance: balance.posted,
    held: balance.held,
    available: balance.available,
    issued_at: row.issued_at,
    created_at: row.created_at,
  };
}
export type CardView = Awaited<ReturnType<typeof cardView>>;
