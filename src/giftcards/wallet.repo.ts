import { type Db, type Tx, transaction } from '../db/database.js';
import { Problem, problem } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { recordAudit } from '../platform/audit.js';
import { emitEvent } from '../platform/events.js';
import type { Actor } from '../platform/principal.js';
import { codeFailureChecks } from '../platform/rate-limit.js';
import { limitFailures } from '../platform/rate-limit.repo.js';
import { cardBalance } from './accounts.js';
import { type CardRow, cardView, isPastExpiry, recordCardEvent } from './cards.repo.js';
import { hashCode, isWellFormedCode, normaliseCode } from './codes.js';
import { codeSecret } from './secret.repo.js';

/**
 * The shopper's side: redeem (bind) a card by its code, check a balance by code, list the
 * wallet. Wrong codes are throttled per shopper, IP and caller. Every refusal answers the same
 * `code_not_redeemable`, so a guesser cannot tell an unknown code from a frozen, expired, empty
 * or voided card; the precise reason goes to the audit log and a security event.
 */

export type RefusalReason = 'unknown' | 'inactive' | 'frozen' | 'expired' | 'voided' | 'empty' | 'owned_by_another';

export function refusalOf(card: CardRow | undefined, shopperId: string, balance: number, now: Date, purpose: 'bind' | 'check'): RefusalReason | null {
  if (!card) return 'unknown';
  if (card.state === 'inactive') return 'inactive';
  if (card.state === 'frozen') return 'frozen';
  if (card.state === 'voided') return 'voided';
  if (card.state === 'expired' || isPastExpiry(card, now)) return 'expired';
  if (card.shopper_id !== null && card.shopper_id !== shopperId) return 'owned_by_another';
  if (purpose === 'bind' && balance <= 0 && card.shopper_id === null) return 'empty';
  return null;
}

async function refuse(ctx: AppContext, actor: Actor, card: CardRow | undefined, reason: RefusalReason, now: Date): Promise<never> {
  await transaction(ctx.db, async (tx) => {
    await recordAudit(tx, actor, { action: 'giftcard.code_refused', entityType: 'giftcard', entityId: card?.id ?? 'unknown', after: { reason, shopper_id: actor.principal.shopperId ?? null } }, now);
    await emitEvent(tx, 'security.code_refused', { scope: 'giftcard', reason, card_id: card?.id ?? null, shopper_id: actor.principal.shopperId ?? null, ip: actor.ip }, now);
  });
  throw problem('code_not_redeemable');
}

/** Runs a code attempt under the wrong-code limits; a throttled attempt is a security event too. */
async function throttled<T>(ctx: AppContext, actor: Actor, now: Date, attempt: () => Promise<T>): Promise<T> {
  const checks = codeFailureChecks(ctx.config.rateLimits, 'giftcard.code', { principal: actor.principal, ip: actor.ip ?? 'unknown' });
  try {
    return await limitFailures(ctx.db, checks, now, attempt);
  } catch (error) {
    if (error instanceof Problem && error.code === 'rate_limited') {
      await transaction(ctx.db, (tx) => emitEvent(tx, 'security.code_throttled', { scope: 'giftcard', shopper_id: actor.principal.shopperId ?? null, ip: actor.ip }, now));
    }
    throw error;
  }
}

async function cardByCode(ctx: AppContext, tx: Db | Tx, rawCode: string): Promise<CardRow | undefined> {
  const code = normaliseCode(rawCode);
  if (!isWellFormedCode(code)) throw problem('code_malformed');
  const hash = hashCode(await codeSecret(ctx), code);
  return tx.q
    .selectFrom('giftcards')
    .selectAll()
    .where('code_hash', '=', hash)
    .executeTakeFirst();
}

/** Binds the card to the shopper's wallet (named to them if the product is named). */
export async function redeemCode(ctx: AppContext, rawCode: string, actor: Actor, now: Date) {
  const shopperId = actor.principal.shopperId as string;
  return throttled(ctx, actor, now, async () => {
    const card = await cardByCode(ctx, ctx.db, rawCode);
    const balance = card ? (await cardBalance(ctx.db, card.id)).available : 0;
    const reason = refusalOf(card, shopperId, balance, now, 'bind');
    if (reason || !card) return refuse(ctx, actor, card, reason ?? 'unknown', now);
    return transaction(ctx.db, async (tx) => {
      // Bind only if still unbound: two shoppers racing for one code cannot both win.
      const bound = await tx.q
        .updateTable('giftcards')
        .set({ shopper_id: shopperId, updated_at: now.toISOString() })
        .where('id', '=', card.id)
        .where('state', '=', 'active')
        .where((eb) => eb.or([eb('shopper_id', 'is', null), eb('shopper_id', '=', shopperId)]))
        .executeTakeFirst();
      if (Number(bound.numUpdatedRows) !== 1) throw problem('code_not_redeemable');
      if (card.shopper_id === null) {
        await recordCardEvent(tx, card.id, { kind: 'bound', detail: { shopper_id: shopperId } }, actor, now);
        await recordAudit(tx, actor, { action: 'giftcard.bind', entityType: 'giftcard', entityId: card.id, after: { shopper_id: shopperId } }, now);
        await emitEvent(tx, 'giftcard.redeemed', { card_id: card.id, shopper_id: shopperId }, now);
      }
      return walletCard(tx, { ...card, shopper_id: shopperId }, now, ctx.config.giftcards.reminderDays);
    });
  });
}

/** The balance behind a code, for a shopper holding the card (bound or not). */
export async function checkBalance(ctx: AppContext, rawCode: string, actor: Actor, now: Date) {
  const shopperId = actor.principal.shopperId as string;
  return throttled(ctx, actor, now, async () => {
    const card = await cardByCode(ctx, ctx.db, rawCode);
    const balance = card ? (await cardBalance(ctx.db, card.id)).available : 0;
    const reason = refusalOf(card, shopperId, balance, now, 'check');
    if (reason || !card) return refuse(ctx, actor, card, reason ?? 'unknown', now);
    return { last4: card.number.slice(-4), currency: card.currency, available: balance, expires_at: card.expires_at };
  });
}

export async function walletCard(db: Db | Tx, card: CardRow, now: Date, reminderDays: readonly number[]) {
  const view = await cardView(db, card);
  const soonMs = Math.max(0, ...reminderDays) * 86_400_000;
  const expiresSoon = card.expires_at !== null && Date.parse(card.expires_at) - now.getTime() <= soonMs && Date.parse(card.expires_at) > now.getTime();
  const reminders = await db.q.selectFrom('giftcard_reminders').select(['days_before', 'sent_at']).where('card_id', '=', card.id).orderBy('sent_at').execute();
  return {
    id: view.id,
    card_number: view.number,
    last4: view.last4,
    currency: view.currency,
    balance: view.available,
    held: view.held,
    state: view.state,
    named: view.named,
    reloadable: view.reloadable,
    accepted_by: view.accepted_by,
    expires_at: view.expires_at,
    expires_soon: expiresSoon,
    reminders,
  };
}

export const MAX_WALLET_CARDS = 200;

export async function listWallet(db: Db, shopperId: string, now: Date, reminderDays: readonly number[]) {
  const rows = await db.q
    .selectFrom('giftcards')
    .selectAll()
    .where('shopper_id', '=', shopperId)
    .where('state', 'in', ['active', 'frozen', 'expired'])
    .orderBy('created_at', 'desc')
    .limit(MAX_WALLET_CARDS)
    .execute();
  const items = [];
  for (const row of rows) items.push(await walletCard(db, row, now, reminderDays));
  return { items };
}
