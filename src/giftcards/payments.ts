import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import type { CardAuthorization, CardPayments, CardRefund, UsableCard } from '../checkout/ports.js';
import { type ErrorCode, Problem, problem } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { ensureMerchantAccounts, merchantInTransit, merchantPayable } from '../ledger/chart.js';
import { createTransfers } from '../ledger/ledger.js';
import type { TransferInput, TransferResult } from '../ledger/types.js';
import { emitEvent } from '../platform/events.js';
import { type Actor, systemActor } from '../platform/principal.js';
import { cardAccount } from './accounts.js';
import { type CardRow, accepts, acceptedOf, isPastExpiry, lockCard, recordCardEvent, setCard } from './cards.repo.js';

/**
 * Gift cards as a means of payment for the checkout (src/checkout/ports.ts). A card pays each
 * merchant of an order with a pending giftcard.redeem transfer card → merchant in transit, whose
 * id is derived from the order, card and merchant, so a retried step is harmless. The ledger's
 * account lock and "debits must not exceed credits" flag make overspending impossible even when
 * many orders race for one card.
 */

const actorFor = (orderId: string): Actor => ({ ...systemActor('checkout'), requestId: orderId, channel: 'checkout' });

export function redeemTransferId(orderId: string, cardId: string, merchantId: string): string {
  return `order:${orderId}:card:${cardId}:${merchantId}`;
}

/** What a failed ledger result means to the checkout. */
function cardProblem(result: TransferResult, cardId: string): Problem {
  const codes: Partial<Record<TransferResult, ErrorCode>> = {
    exceeds_credits: 'card_balance_changed',
    exists_with_different_fields: 'card_authorization_mismatch',
    pending_expired: 'card_hold_expired',
    exceeds_pending_amount: 'card_capture_exceeds_hold',
  };
  return problem(codes[result] ?? (result as ErrorCode), `card ${cardId}: ${result}`, { extra: { card_id: cardId } });
}

async function usableCards(db: Db | Tx, shopperId: string, currency: string, now: Date): Promise<UsableCard[]> {
  const rows = await db.q
    .selectFrom('giftcards as c')
    .innerJoin('ledger_accounts as a', (join) => join.on(sql<boolean>`a.id = 'card:' || c.id`))
    .select(['c.id', 'c.number', 'c.currency', 'c.expires_at', 'c.accepted_merchants', 'a.credits_posted', 'a.debits_posted', 'a.debits_pending'])
    .where('c.shopper_id', '=', shopperId)
    .where('c.currency', '=', currency)
    .where('c.state', '=', 'active')
    .where((eb) => eb.or([eb('c.expires_at', 'is', null), eb('c.expires_at', '>', now.toISOString())]))
    .limit(200)
    .execute();
  return rows
    .map((row) => ({
      cardId: row.id,
      last4: row.number.slice(-4),
      currency: row.currency,
      available: row.credits_posted - row.debits_posted - row.debits_pending,
      expiresAt: row.expires_at,
      acceptedBy: acceptedOf(row),
    }))
    .filter((card) => card.available > 0)
    .sort(spendingOrder);
}

/** The order cards are drawn in: earliest expiry first (never-expiring last), then smallest balance. */
export function spendingOrder(a: Pick<UsableCard, 'expiresAt' | 'available' | 'cardId'>, b: Pick<UsableCard, 'expiresAt' | 'available' | 'cardId'>): number {
  const ea = a.expiresAt ?? '9999';
  const eb = b.expiresAt ?? '9999';
  if (ea !== eb) return ea < eb ? -1 : 1;
  if (a.available !== b.available) return a.available - b.available;
  return a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : 0;
}

function assertCanPay(card: CardRow, input: CardAuthorization, now: Date): void {
  if (card.shopper_id !== input.shopperId) throw problem('card_not_usable', `card ${card.id} is not in this shopper's wallet`, { extra: { card_id: card.id } });
  if (card.state !== 'active' || isPastExpiry(card, now)) throw problem('card_not_usable', `card ${card.id} is ${card.state === 'active' ? 'expired' : card.state}`, { extra: { card_id: card.id } });
  if (card.currency !== input.currency) throw problem('giftcard_currency_mismatch', `card ${card.id} holds ${card.currency}`);
}

async function authorize(ctx: AppContext, tx: Tx, input: CardAuthorization, now: Date): Promise<void> {
  const limit = ctx.config.giftcards.maxCardsPerOrder;
  const cardIds = new Set(input.cards.map((c) => c.cardId));
  if (cardIds.size !== input.cards.length) throw problem('validation_failed', 'a card is listed twice');
  if (cardIds.size > limit) throw problem('too_many_cards', `at most ${limit} cards per order`);
  if (!Number.isSafeInteger(input.timeoutS) || input.timeoutS <= 0) throw problem('validation_failed', 'timeoutS must be a positive whole number');
  const actor = actorFor(input.orderId);
  // Cards in id order, so two orders sharing cards lock them in the same order.
  for (const entry of [...input.cards].sort((a, b) => (a.cardId < b.cardId ? -1 : 1))) {
    const card = await lockCard(tx, entry.cardId).catch((error: unknown) => {
      throw error instanceof Problem && error.code === 'giftcard_not_found' ? problem('card_not_usable', `no card ${entry.cardId}`) : error;
    });
    assertCanPay(card, input, now);
    const transfers: TransferInput[] = [];
    for (const part of entry.merchants) {
      if (!Number.isSafeInteger(part.amount) || part.amount <= 0) throw problem('amount_must_be_positive', `card ${card.id}: amounts are positive whole numbers of minor units`);
      if (!accepts(card, part.merchantId)) throw problem('card_not_accepted', `merchant ${part.merchantId} does not accept card ${card.id}`, { extra: { card_id: card.id, merchant_id: part.merchantId } });
      transfers.push({
        id: redeemTransferId(input.orderId, card.id, part.merchantId),
        debit_account_id: cardAccount(card.id),
        credit_account_id: merchantInTransit(part.merchantId, card.currency),
        amount: part.amount,
        currency: card.currency,
        code: 'giftcard.redeem',
        flags: ['pending'],
        timeout_s: input.timeoutS,
        refs: { order: input.orderId, card: card.id, merchant: part.merchantId, shopper: input.shopperId },
      });
    }
    let outcomes = await createTransfers(tx, transfers, now);
    if (outcomes.some((o) => o.result === 'credit_account_not_found')) {
      // A merchant's first card payment opens its accounts; every later one skips these writes.
      for (const part of entry.merchants) await ensureMerchantAccounts(tx, part.merchantId, card.currency, now);
      outcomes = await createTransfers(tx, transfers.filter((_, i) => outcomes[i]?.result === 'credit_account_not_found'), now).then((retried) => {
        let k = 0;
        return outcomes.map((o) => (o.result === 'credit_account_not_found' ? (retried[k++] ?? o) : o));
      });
    }
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.result === 'exists') continue;
      if (outcome.result !== 'ok') throw cardProblem(outcome.result, card.id);
      const transfer = transfers[i] as TransferInput;
      const merchantId = String(transfer.refs?.merchant);
      await tx.q
        .insertInto('giftcard_redemptions')
        .values({ transfer_id: transfer.id, order_id: input.orderId, card_id: card.id, merchant_id: merchantId, currency: card.currency, amount: transfer.amount ?? 0, state: 'pending', refunded_amount: 0, created_at: now.toISOString(), updated_at: now.toISOString() })
        .execute();
      await recordCardEvent(tx, card.id, { kind: 'held', orderRef: input.orderId, merchantId, amount: transfer.amount ?? 0, transferId: transfer.id }, actor, now);
    }
  }
}

/**
 * Posts or voids every pending card transfer of an order. `amounts` (by transfer id) captures
 * less than was held: the ledger posts that much and releases the rest to the card.
 */
async function resolveOrder(tx: Tx, orderId: string, how: 'post' | 'void', now: Date, amounts?: ReadonlyMap<string, number>): Promise<void> {
  const rows = await tx.q.selectFrom('giftcard_redemptions').selectAll().where('order_id', '=', orderId).where('state', '=', 'pending').orderBy('transfer_id').execute();
  if (rows.length === 0) return;
  const actor = actorFor(orderId);
  const outcomes = await createTransfers(
    tx,
    rows.map((row) => {
      const amount = how === 'post' ? amounts?.get(row.transfer_id) : undefined;
      return {
        id: `${row.transfer_id}:${how}`,
        pending_id: row.transfer_id,
        code: 'giftcard.redeem',
        flags: [how === 'post' ? ('post_pending' as const) : ('void_pending' as const)],
        ...(amount === undefined ? {} : { amount }),
      };
    }),
    now,
  );
  for (const [i, outcome] of outcomes.entries()) {
    const row = rows[i] as (typeof rows)[number];
    // A hold that timed out was already voided by the ledger's sweep: releasing it is done.
    const lapsed = outcome.result === 'pending_expired' || outcome.result === 'pending_already_voided';
    if (how === 'void' && lapsed) {
      await tx.q.updateTable('giftcard_redemptions').set({ state: 'voided', updated_at: now.toISOString() }).where('transfer_id', '=', row.transfer_id).execute();
      continue;
    }
    if (outcome.result !== 'ok' && outcome.result !== 'exists') throw cardProblem(outcome.result, row.card_id);
    const captured = how === 'post' ? (amounts?.get(row.transfer_id) ?? row.amount) : row.amount;
    await tx.q
      .updateTable('giftcard_redemptions')
      .set({ state: how === 'post' ? 'posted' : 'voided', amount: captured, updated_at: now.toISOString() })
      .where('transfer_id', '=', row.transfer_id)
      .execute();
    await recordCardEvent(tx, row.card_id, { kind: how === 'post' ? 'captured' : 'released', orderRef: orderId, merchantId: row.merchant_id, amount: captured, transferId: `${row.transfer_id}:${how}` }, actor, now);
    if (how === 'post') await emitEvent(tx, 'giftcard.used', { card_id: row.card_id, order_id: orderId, merchant_id: row.merchant_id, amount: captured, currency: row.currency }, now);
  }
}

/** The card an order refund goes to: the card itself, or the card that replaced it. */
async function refundTarget(tx: Tx, cardId: string): Promise<CardRow> {
  let card = await lockCard(tx, cardId);
  for (let hops = 0; card.state === 'voided' && card.replaced_by && hops < 10; hops++) card = await lockCard(tx, card.replaced_by);
  return card;
}

async function refund(ctx: AppContext, tx: Tx, input: CardRefund, now: Date): Promise<void> {
  const actor = actorFor(input.orderId);
  for (const part of input.parts) {
    if (!Number.isSafeInteger(part.amount) || part.amount <= 0) throw problem('amount_must_be_positive', 'refund amounts are positive whole numbers');
    const redemption = await tx.q
      .selectFrom('giftcard_redemptions')
      .selectAll()
      .where('transfer_id', '=', redeemTransferId(input.orderId, part.cardId, part.merchantId))
      .$if(tx.dialect === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirst();
    if (redemption?.state !== 'posted') throw problem('card_refund_exceeds', `card ${part.cardId} paid nothing to ${part.merchantId} on order ${input.orderId}`);
    const transferId = `order:${input.orderId}:refund:${input.refundId}:card:${part.cardId}:${part.merchantId}`;
    const retried = await tx.q.selectFrom('ledger_transfers').select('id').where('id', '=', transferId).executeTakeFirst();
    if (!retried && redemption.refunded_amount + part.amount > redemption.amount) {
      throw problem('card_refund_exceeds', `card ${part.cardId} paid ${redemption.amount - redemption.refunded_amount} more than refunded to ${part.merchantId}`);
    }
    const target = await refundTarget(tx, part.cardId);
    const from = part.from === 'payable' ? merchantPayable(part.merchantId, redemption.currency) : merchantInTransit(part.merchantId, redemption.currency);
    const [outcome] = await createTransfers(
      tx,
      [{ id: transferId, debit_account_id: from, credit_account_id: cardAccount(target.id), amount: part.amount, currency: redemption.currency, code: 'giftcard.refund', refs: { order: input.orderId, refund: input.refundId, card: target.id, merchant: part.merchantId } }],
      now,
    );
    if (outcome?.result === 'exists') continue;
    if (outcome?.result !== 'ok') throw cardProblem(outcome?.result ?? 'linked_event_failed', part.cardId);
    await tx.q.updateTable('giftcard_redemptions').set({ refunded_amount: redemption.refunded_amount + part.amount, updated_at: now.toISOString() }).where('transfer_id', '=', redemption.transfer_id).execute();
    await recordCardEvent(tx, target.id, { kind: 'refunded', orderRef: input.orderId, merchantId: part.merchantId, amount: part.amount, detail: { refund_id: input.refundId }, transferId }, actor, now);
    if (target.state === 'voided') {
      // A card returned after paying for this order: the goods' money is the holder's again.
      await setCard(tx, target.id, { state: 'active' }, now);
      await recordCardEvent(tx, target.id, { kind: 'reactivated', orderRef: input.orderId, detail: { reason: 'refund' } }, actor, now);
    }
    if (target.state === 'expired' || isPastExpiry(target, now)) {
      await extendForRefund(ctx, tx, target, actor, now);
    }
  }
}

/** Money refunded onto an expired card would be lost: the card is extended instead. */
async function extendForRefund(ctx: AppContext, tx: Tx, card: CardRow, actor: Actor, now: Date): Promise<void> {
  const expiresAt = new Date(now.getTime() + ctx.config.giftcards.refundExtendDays * 86_400_000).toISOString();
  await setCard(tx, card.id, { state: 'active', expires_at: expiresAt }, now);
  await recordCardEvent(tx, card.id, { kind: 'extended', detail: { from: card.expires_at, to: expiresAt, reason: 'refund' } }, actor, now);
}

/** Captures part of an order's card holds: each named card × merchant posts `amount` (≤ what was held). */
export async function capturePartially(tx: Tx, orderId: string, parts: readonly { cardId: string; merchantId: string; amount: number }[], now: Date): Promise<void> {
  const amounts = new Map<string, number>();
  for (const part of parts) {
    if (!Number.isSafeInteger(part.amount) || part.amount <= 0) throw problem('amount_must_be_positive', 'captured amounts are positive whole minor units');
    amounts.set(redeemTransferId(orderId, part.cardId, part.merchantId), part.amount);
  }
  await resolveOrder(tx, orderId, 'post', now, amounts);
}

export const cardPayments: CardPayments = {
  usableCards,
  authorize,
  capture: (_ctx, tx, orderId, now) => resolveOrder(tx, orderId, 'post', now),
  release: (_ctx, tx, orderId, now) => resolveOrder(tx, orderId, 'void', now),
  refund,
};
