import { type Db, type Tx, transaction } from '../db/database.js';
import { problem } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { requireTransfers } from '../ledger/ledger.js';
import { submitApproval } from '../platform/approvals.js';
import type { ApprovalKind } from '../platform/approvals.types.js';
import { recordAudit } from '../platform/audit.js';
import { emitEvent } from '../platform/events.js';
import { type Actor, systemActor } from '../platform/principal.js';
import { breakageAccount, cardAccount, cardBalance, ensureGiftcardAccounts } from './accounts.js';
import { lockCard, recordCardEvent, setCard } from './cards.repo.js';
import { addMonths } from './terms.js';

/**
 * Validity: reminders before expiry (once per offset and expiry date), the expiry sweep that
 * moves what is left to breakage, and reactivation (with approval) that brings it back.
 */

const DAY_MS = 86_400_000;
const SWEEPER = systemActor('giftcards.expiry');

export function expireTransferId(cardId: string, expiresAt: string): string {
  return `giftcard:expire:${cardId}:${expiresAt}`;
}

/** Expires due cards, one transaction each; a card with holds waits until they resolve. */
export async function expireDueCards(ctx: AppContext, now: Date): Promise<number> {
  const due = await ctx.db.q
    .selectFrom('giftcards')
    .select('id')
    .where('state', 'in', ['active', 'frozen'])
    .where('expires_at', '<=', now.toISOString())
    .orderBy('expires_at')
    .limit(ctx.config.giftcards.sweepBatch)
    .execute();
  let expired = 0;
  for (const { id } of due) {
    const done = await transaction(ctx.db, (tx) => expireCard(tx, id, now));
    if (done) expired += 1;
  }
  return expired;
}

async function expireCard(tx: Tx, id: string, now: Date): Promise<boolean> {
  const card = await lockCard(tx, id);
  if ((card.state !== 'active' && card.state !== 'frozen') || card.expires_at === null || card.expires_at > now.toISOString()) return false;
  const balance = await cardBalance(tx, id);
  if (balance.held > 0) return false;
  if (balance.posted > 0) {
    await ensureGiftcardAccounts(tx, card.currency, now);
    await requireTransfers(
      tx,
      [{ id: expireTransferId(id, card.expires_at), debit_account_id: cardAccount(id), credit_account_id: breakageAccount(card.currency), amount: balance.posted, currency: card.currency, code: 'giftcard.expire', refs: { card: id } }],
      now,
    );
  }
  await setCard(tx, id, { state: 'expired' }, now);
  await recordCardEvent(tx, id, { kind: 'expired', amount: balance.posted, detail: { expires_at: card.expires_at } }, SWEEPER, now);
  await emitEvent(tx, 'giftcard.expired', { card_id: id, amount: balance.posted, currency: card.currency, shopper_id: card.shopper_id }, now);
  return true;
}

/**
 * Emits `giftcard.expiring` at each configured offset. A card gets the reminder of the window it
 * is in (between this offset and the next smaller one), once: the reminder row's primary key
 * (card, expiry date, offset) is inserted in the same transaction as the event, so a second run
 * or a crash midway never sends one twice.
 */
export async function sendReminders(ctx: AppContext, now: Date): Promise<number> {
  const offsets = ctx.config.giftcards.reminderDays;
  let sent = 0;
  for (const [i, days] of offsets.entries()) {
    const nearer = offsets[i + 1] ?? 0;
    const cards = await ctx.db.q
      .selectFrom('giftcards as c')
      .select(['c.id', 'c.expires_at', 'c.shopper_id', 'c.currency'])
      .where('c.state', '=', 'active')
      .where('c.expires_at', '>', new Date(now.getTime() + nearer * DAY_MS).toISOString())
      .where('c.expires_at', '<=', new Date(now.getTime() + days * DAY_MS).toISOString())
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('giftcard_reminders as r').select('r.card_id').whereRef('r.card_id', '=', 'c.id').whereRef('r.expires_at', '=', 'c.expires_at').where('r.days_before', '=', days))),
      )
      .orderBy('c.expires_at')
      .limit(ctx.config.giftcards.sweepBatch)
      .execute();
    if (cards.length === 0) continue;
    sent += await transaction(ctx.db, async (tx) => {
      let count = 0;
      for (const card of cards) {
        const inserted = await tx.q
          .insertInto('giftcard_reminders')
          .values({ card_id: card.id, expires_at: card.expires_at as string, days_before: days, sent_at: now.toISOString() })
          .onConflict((oc) => oc.doNothing())
          .returning('card_id')
          .executeTakeFirst();
        if (!inserted) continue;
        const balance = await cardBalance(tx, card.id);
        await emitEvent(tx, 'giftcard.expiring', { card_id: card.id, shopper_id: card.shopper_id, expires_at: card.expires_at, days_before: days, balance: balance.available, currency: card.currency }, now);
        count += 1;
      }
      return count;
    });
  }
  return sent;
}

/** The amount an expired card lost to breakage at its last expiry. */
async function breakageOf(db: Db | Tx, cardId: string, expiresAt: string): Promise<number> {
  const row = await db.q.selectFrom('ledger_transfers').select('amount').where('id', '=', expireTransferId(cardId, expiresAt)).executeTakeFirst();
  return row?.amount ?? 0;
}

/** Customer service asks to reactivate an expired card; the restored amount is held from breakage while reviewers decide. */
export async function requestReactivation(tx: Tx, ctx: AppContext, id: string, reason: string, actor: Actor, now: Date) {
  const profile = ctx.config.giftcards.profile;
  const card = await lockCard(tx, id);
  if (!profile.reactivateExpired) throw problem('giftcard_state', `profile ${profile.name} does not reactivate expired cards`);
  if (card.state !== 'expired' || card.expires_at === null) throw problem('giftcard_state', `card is ${card.state}`);
  const amount = await breakageOf(tx, id, card.expires_at);
  const pending = await tx.q.selectFrom('approval_requests').select('id').where('kind', '=', 'giftcard.reactivate').where('subject', '=', `giftcard:${id}`).where('state', 'in', ['pending_first_review', 'pending_final_review']).executeTakeFirst();
  if (pending) throw problem('giftcard_state', `reactivation ${pending.id} is already waiting`);
  return submitApproval(tx, ctx.approvalKinds, { kind: 'giftcard.reactivate', subject: `giftcard:${id}`, payload: { card_id: id, amount, currency: card.currency, expired_at: card.expires_at, validity_months: profile.reactivationMonths, reason } }, actor, now);
}

/** The payload carries the validity to give back, so the decision does not depend on the reviewer's process. */
export const reactivationKind: ApprovalKind = {
  hold: (payload) =>
    Number(payload.amount) > 0
      ? { debitAccountId: breakageAccount(String(payload.currency)), creditAccountId: cardAccount(String(payload.card_id)), amount: Number(payload.amount), currency: String(payload.currency), code: 'giftcard.reactivate' }
      : null,
  async onApproved(tx, request, actor, now) {
    const id = String(request.payload.card_id);
    const card = await lockCard(tx, id);
    if (card.state !== 'expired') throw problem('giftcard_state', `card is ${card.state}`);
    const expiresAt = addMonths(now, Number(request.payload.validity_months)).toISOString();
    await setCard(tx, id, { state: 'active', expires_at: expiresAt }, now);
    await recordCardEvent(tx, id, { kind: 'reactivated', amount: Number(request.payload.amount), detail: { approval_id: request.id, expires_at: expiresAt } }, actor, now);
    await recordAudit(tx, actor, { action: 'giftcard.reactivate', entityType: 'giftcard', entityId: id, before: { state: 'expired' }, after: { state: 'active', expires_at: expiresAt } }, now);
    await emitEvent(tx, 'giftcard.reactivated', { card_id: id, amount: Number(request.payload.amount), currency: card.currency }, now);
  },
};

/** Customer service asks to push an unexpired card's expiry out by some days (approval: operations, then finance). */
export async function requestExtension(tx: Tx, ctx: AppContext, id: string, days: number, reason: string, actor: Actor, now: Date) {
  const card = await lockCard(tx, id);
  if ((card.state !== 'active' && card.state !== 'frozen') || card.expires_at === null) throw problem('giftcard_state', card.expires_at === null ? 'the card does not expire' : `card is ${card.state}`);
  return submitApproval(tx, ctx.approvalKinds, { kind: 'giftcard.extend', subject: `giftcard:${id}`, payload: { card_id: id, days, reason } }, actor, now);
}

export const extensionKind: ApprovalKind = {
  async onApproved(tx, request, actor, now) {
    const id = String(request.payload.card_id);
    const card = await lockCard(tx, id);
    if ((card.state !== 'active' && card.state !== 'frozen') || card.expires_at === null) throw problem('giftcard_state', `card is ${card.state}`);
    const expiresAt = new Date(Date.parse(card.expires_at) + Number(request.payload.days) * DAY_MS).toISOString();
    await setCard(tx, id, { expires_at: expiresAt }, now);
    await recordCardEvent(tx, id, { kind: 'extended', detail: { approval_id: request.id, from: card.expires_at, to: expiresAt } }, actor, now);
    await recordAudit(tx, actor, { action: 'giftcard.extend', entityType: 'giftcard', entityId: id, before: { expires_at: card.expires_at }, after: { expires_at: expiresAt } }, now);
  },
};
