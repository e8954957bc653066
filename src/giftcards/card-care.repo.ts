import type { Tx } from '../db/database.js';
import { problem } from '../errors.js';
import { paymentsClearing } from '../ledger/chart.js';
import { createTransfers, requireTransfers } from '../ledger/ledger.js';
import { recordAudit } from '../platform/audit.js';
import { emitEvent } from '../platform/events.js';
import type { Actor } from '../platform/principal.js';
import { cardAccount, cardBalance, ensureGiftcardAccounts, saleDiscountAccount } from './accounts.js';
import { type CardRow, cardTermsOf, cardView, insertCard, isPastExpiry, lockCard, recordCardEvent, setCard } from './cards.repo.js';
import { groupCode } from './codes.js';
import type { ComplianceProfile } from './profiles.js';
import { maxBalanceFor, returnSplit, withinReturnWindow } from './terms.js';

/** Customer service on one card: freeze, unfreeze, report lost and replace, reload, return. */

async function audit(tx: Tx, actor: Actor, action: string, card: CardRow, after: Record<string, unknown>, now: Date): Promise<void> {
  await recordAudit(tx, actor, { action: `giftcard.${action}`, entityType: 'giftcard', entityId: card.id, before: { state: card.state }, after }, now);
}

export async function freezeCard(tx: Tx, id: string, reason: string, actor: Actor, now: Date) {
  const card = await lockCard(tx, id);
  if (card.state !== 'active') throw problem('giftcard_state', `card is ${card.state}`);
  await setCard(tx, id, { state: 'frozen' }, now);
  await recordCardEvent(tx, id, { kind: 'frozen', detail: { reason } }, actor, now);
  await audit(tx, actor, 'freeze', card, { state: 'frozen', reason }, now);
  return cardView(tx, { ...card, state: 'frozen' });
}

export async function unfreezeCard(tx: Tx, id: string, reason: string, actor: Actor, now: Date) {
  const card = await lockCard(tx, id);
  if (card.state !== 'frozen') throw problem('giftcard_state', `card is ${card.state}`);
  await setCard(tx, id, { state: 'active' }, now);
  await recordCardEvent(tx, id, { kind: 'unfrozen', detail: { reason } }, actor, now);
  await audit(tx, actor, 'unfreeze', card, { state: 'active', reason }, now);
  return cardView(tx, { ...card, state: 'active' });
}

async function assertNoHolds(tx: Tx, card: CardRow): Promise<void> {
  if ((await cardBalance(tx, card.id)).held > 0) throw problem('giftcard_has_pending_holds');
}

/**
 * Report lost and replace: a new card with the same terms, owner and expiry takes the whole
 * balance (giftcard.replace); the old card is voided. Its new code is in this answer only.
 */
export async function replaceCard(tx: Tx, profile: ComplianceProfile, secret: string, id: string, reason: string, actor: Actor, now: Date) {
  const card = await lockCard(tx, id);
  if (card.named !== 1 && !profile.lostReportAnonymous) throw problem('giftcard_not_replaceable', `profile ${profile.name}: anonymous cards cannot be reported lost`);
  if (card.state !== 'active' && card.state !== 'frozen') throw problem('giftcard_state', `card is ${card.state}`);
  await assertNoHolds(tx, card);
  const balance = (await cardBalance(tx, id)).posted;
  const made = await insertCard(
    tx,
    secret,
    { productId: card.product_id, terms: cardTermsOf(card), face: card.face, price: card.price, maxBalance: card.max_balance, orderId: card.order_id, shopperId: card.shopper_id, state: 'active', expiresAt: card.expires_at },
    now,
  );
  await setCard(tx, made.card.id, { reloaded_total: card.reloaded_total, promotional: card.promotional }, now);
  if (balance > 0) {
    await requireTransfers(tx, [{ id: `giftcard:replace:${id}`, debit_account_id: cardAccount(id), credit_account_id: cardAccount(made.card.id), amount: balance, currency: card.currency, code: 'giftcard.replace', refs: { card: id, replacement: made.card.id } }], now);
  }
  await setCard(tx, id, { state: 'voided', replaced_by: made.card.id }, now);
  await recordCardEvent(tx, id, { kind: 'replaced', amount: balance, detail: { reason, replacement: made.card.id } }, actor, now);
  await recordCardEvent(tx, made.card.id, { kind: 'issued', amount: balance, detail: { replaces: id } }, actor, now);
  await audit(tx, actor, 'replace', card, { state: 'voided', replacement: made.card.id, reason }, now);
  await emitEvent(tx, 'giftcard.replaced', { card_id: id, replacement_id: made.card.id, amount: balance, currency: card.currency }, now);
  return { ...(await cardView(tx, { ...made.card, reloaded_total: card.reloaded_total })), code: groupCode(made.code) };
}

/** Tops up a reloadable named card within the profile's maximum balance; idempotent by payment reference. */
export async function reloadCard(tx: Tx, profile: ComplianceProfile, id: string, amount: number, paymentReference: string, actor: Actor, now: Date) {
  const card = await lockCard(tx, id);
  if (card.reloadable !== 1 || card.named !== 1) throw problem('giftcard_not_reloadable');
  const transferId = `giftcard:reload:${id}:${paymentReference}`;
  const retried = await tx.q.selectFrom('ledger_transfers').select(['id', 'amount']).where('id', '=', transferId).executeTakeFirst();
  if (retried) {
    if (retried.amount !== amount) throw problem('exists_with_different_fields', 'this payment reference reloaded another amount');
    return cardView(tx, card);
  }
  if (card.state !== 'active' || isPastExpiry(card, now)) throw problem('giftcard_state', `card is ${card.state}`);
  const limits = [card.max_balance, maxBalanceFor(profile, true)].filter((v): v is number => v !== null);
  const balance = await cardBalance(tx, id);
  if (limits.length > 0 && balance.posted + amount > Math.min(...limits)) {
    throw problem('giftcard_over_max_balance', `the card may hold at most ${Math.min(...limits)}`);
  }
  await ensureGiftcardAccounts(tx, card.currency, now);
  await requireTransfers(tx, [{ id: transferId, debit_account_id: paymentsClearing(card.currency), credit_account_id: cardAccount(id), amount, currency: card.currency, code: 'giftcard.reload', refs: { card: id, payment_ref: paymentReference } }], now);
  await setCard(tx, id, { reloaded_total: card.reloaded_total + amount }, now);
  await recordCardEvent(tx, id, { kind: 'reloaded', amount, detail: { payment_reference: paymentReference } }, actor, now);
  await audit(tx, actor, 'reload', card, { amount, payment_reference: paymentReference }, now);
  await emitEvent(tx, 'giftcard.reloaded', { card_id: id, amount, currency: card.currency }, now);
  return cardView(tx, { ...card, reloaded_total: card.reloaded_total + amount });
}

/**
 * Returns a card purchase (退卡) per the profile: within the return window, the unused balance
 * goes back to the buyer in proportion to the price paid (giftcard.return to payments clearing),
 * the discount part back to the sale-discount account (giftcard.return_discount); the card is voided.
 */
export async function returnCard(tx: Tx, profile: ComplianceProfile, id: string, reason: string, actor: Actor, now: Date) {
  const card = await lockCard(tx, id);
  if (card.promotional === 1 || card.order_id === null) throw problem('giftcard_return_not_allowed', 'only purchased cards can be returned');
  if (card.state !== 'active' && card.state !== 'frozen') throw problem('giftcard_state', `card is ${card.state}`);
  if (profile.returnWindowDays === 0 || !card.issued_at || !withinReturnWindow(profile, new Date(card.issued_at), now)) {
    throw problem('giftcard_return_not_allowed', `profile ${profile.name}: returns within ${profile.returnWindowDays} days of purchase`);
  }
  await assertNoHolds(tx, card);
  const balance = (await cardBalance(tx, id)).posted;
  const split = returnSplit(balance, card.face, card.price, card.reloaded_total);
  await ensureGiftcardAccounts(tx, card.currency, now);
  const refs = { card: id, order: card.order_id };
  const transfers = [
    ...(split.cash > 0 ? [{ id: `giftcard:return:${id}`, debit_account_id: cardAccount(id), credit_account_id: paymentsClearing(card.currency), amount: split.cash, currency: card.currency, code: 'giftcard.return', refs }] : []),
    ...(split.discount > 0 ? [{ id: `giftcard:return_discount:${id}`, debit_account_id: cardAccount(id), credit_account_id: saleDiscountAccount(card.currency), amount: split.discount, currency: card.currency, code: 'giftcard.return_discount', refs }] : []),
  ];
  const outcomes = await createTransfers(tx, transfers, now);
  const failed = outcomes.find((o) => o.result !== 'ok');
  if (failed) throw problem(failed.result === 'exceeds_credits' ? 'giftcard_has_pending_holds' : 'giftcard_state', failed.result);
  await setCard(tx, id, { state: 'voided' }, now);
  await recordCardEvent(tx, id, { kind: 'returned', orderRef: card.order_id, amount: balance, detail: { reason, cash: split.cash, discount: split.discount } }, actor, now);
  await audit(tx, actor, 'return', card, { state: 'voided', cash: split.cash, discount: split.discount, reason }, now);
  await emitEvent(tx, 'giftcard.returned', { card_id: id, cash: split.cash, discount: split.discount, currency: card.currency }, now);
  return { card: await cardView(tx, { ...card, state: 'voided' }), refund_amount: split.cash, discount_reversed: split.discount };
}
