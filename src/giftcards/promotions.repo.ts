import { type Tx, transaction } from '../db/database.js';
import { problem } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { requireTransfers } from '../ledger/ledger.js';
import { submitApproval } from '../platform/approvals.js';
import type { ApprovalKind } from '../platform/approvals.types.js';
import { emitEvent } from '../platform/events.js';
import { enqueueJob, type JobHandler } from '../platform/jobs.js';
import { type Actor, systemActor } from '../platform/principal.js';
import { cardAccount, ensureGiftcardAccounts, promotionAccount } from './accounts.js';
import { insertCard, recordCardEvent } from './cards.repo.js';
import { assertProductAllowed, requireProduct, termsOf } from './products.repo.js';
import { codeSecret } from './secret.repo.js';
import { expiryOf, maxBalanceFor, priceOf } from './terms.js';

/**
 * Promotional (free) cards: requested by operations, approved by operations then finance; only
 * then does value exist. A job issues them into the recipients' wallets, each funded from the
 * promotion expense account (giftcard.promotion).
 */

export const MAX_PROMOTION_CARDS = 100;

export interface PromotionInput {
  product_id: string;
  face: number;
  recipient_shopper_ids: string[];
  reason: string;
}

export async function requestPromotion(tx: Tx, ctx: AppContext, input: PromotionInput, actor: Actor, now: Date) {
  const product = await requireProduct(tx, input.product_id);
  if (product.status !== 'active') throw problem('giftcard_product_retired');
  if (product.form !== 'digital') throw problem('giftcard_product_invalid', 'promotional cards are digital');
  assertProductAllowed(ctx.config.giftcards.profile, product, now);
  priceOf(input.face, product.denominations, product.custom_range);
  const recipients = [...new Set(input.recipient_shopper_ids)];
  return submitApproval(
    tx,
    ctx.approvalKinds,
    { kind: 'giftcard.promotion', subject: `giftcard_product:${product.id}`, payload: { product_id: product.id, face: input.face, currency: product.currency, recipient_shopper_ids: recipients, total: input.face * recipients.length, reason: input.reason } },
    actor,
    now,
  );
}

export const promotionApprovalKind: ApprovalKind = {
  async onApproved(tx, request, _actor, now) {
    await enqueueJob(tx, { kind: 'giftcard.promotion-issue', payload: { approval_id: request.id }, dedupeKey: `giftcard-promotion:${request.id}` }, now);
  },
};

/** Issues an approved promotion's cards in one transaction; a rerun finds them issued and stops. */
export const issuePromotionJob: JobHandler = async (run) => {
  const { ctx } = run;
  const approvalId = String(run.job.payload.approval_id);
  const secret = await codeSecret(ctx);
  const now = ctx.clock.now();
  const actor = systemActor('giftcards.promotion');
  await transaction(ctx.db, async (tx) => {
    const orderRef = `promotion:${approvalId}`;
    if (await tx.q.selectFrom('giftcards').select('id').where('order_id', '=', orderRef).executeTakeFirst()) return;
    const approval = await tx.q.selectFrom('approval_requests').select(['payload', 'state']).where('id', '=', approvalId).executeTakeFirstOrThrow();
    if (approval.state !== 'approved') return;
    const payload = JSON.parse(approval.payload) as { product_id: string; face: number; recipient_shopper_ids: string[] };
    const product = await requireProduct(tx, payload.product_id);
    const terms = termsOf(product);
    await ensureGiftcardAccounts(tx, product.currency, now);
    for (const shopperId of payload.recipient_shopper_ids) {
      const { card } = await insertCard(
        tx,
        secret,
        { productId: product.id, terms, face: payload.face, price: 0, maxBalance: maxBalanceFor(ctx.config.giftcards.profile, terms.named), orderId: orderRef, shopperId, promotional: true, state: 'active', expiresAt: expiryOf(terms.validity, now) },
        now,
      );
      const transferId = `giftcard:promotion:${approvalId}:${card.id}`;
      await requireTransfers(tx, [{ id: transferId, debit_account_id: promotionAccount(product.currency), credit_account_id: cardAccount(card.id), amount: payload.face, currency: product.currency, code: 'giftcard.promotion', refs: { approval: approvalId, card: card.id } }], now);
      await recordCardEvent(tx, card.id, { kind: 'issued', orderRef, amount: payload.face, transferId, detail: { promotional: true } }, actor, now);
      await recordCardEvent(tx, card.id, { kind: 'bound', orderRef, detail: { shopper_id: shopperId } }, actor, now);
      await emitEvent(tx, 'giftcard.issued', { card_id: card.id, order_id: orderRef, face: payload.face, currency: product.currency, shopper_id: shopperId, promotional: true }, now);
    }
    await run.saveProgress(tx, { issued: payload.recipient_shopper_ids.length });
  });
  return { state: 'done' };
};
