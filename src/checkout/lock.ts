import { addSeconds } from '../clock.js';
import { type Db, type Tx, isUniqueViolation, transaction } from '../db/database.js';
import { problem } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { recordAudit } from '../platform/audit.js';
import { assertMerchantsExist } from '../platform/catalog.js';
import { emitEvent } from '../platform/events.js';
import type { Actor } from '../platform/principal.js';
import type { CheckoutPorts } from './checkout-ports.js';
import { buildOrder, requestHash, sourcesByMerchant } from './order-build.js';
import { type OrderDetail, orderDetail } from './order-view.js';
import { addEvent, findOrder, insertOrder } from './orders.repo.js';
import { quote } from './pricing/quote.js';
import type { CartLine, Quote } from './pricing/types.js';
import type { UsableCard } from './ports.js';

export interface CartRequest {
  shopper_id: string;
  currency: string;
  lines: CartLine[];
  /** Absent: the best combination. */
  coupon_ids?: string[] | undefined;
  /** Gift cards to pay with, in this order. */
  card_ids?: string[] | undefined;
}

export interface LockRequest extends CartRequest {
  order_id: string;
  /** What the quote showed; a difference fails the lock with a code naming it. */
  expected?: { original_amount?: number; discount_amount?: number; card_amount?: number; left_to_pay?: number } | undefined;
}

/** Prices a cart against the shopper's wallet and chosen cards as they are now. No writes. */
export async function priceCart(ctx: AppContext, ports: CheckoutPorts, db: Db | Tx, request: CartRequest, now: Date, orderId?: string): Promise<Quote> {
  const wallet = await ports.coupons.walletForQuote(db, request.shopper_id, request.currency, now);
  const cards = request.card_ids?.length ? await chosenCards(ports, db, request, now) : [];
  return quote({
    currency: request.currency,
    lines: request.lines,
    wallet,
    couponIds: request.coupon_ids,
    cards,
    orderId,
    now,
    maxLines: ctx.config.checkoutMaxLines,
  });
}

async function chosenCards(ports: CheckoutPorts, db: Db | Tx, request: CartRequest, now: Date): Promise<UsableCard[]> {
  const usable = new Map((await ports.cards.usableCards(db, request.shopper_id, request.currency, now)).map((c) => [c.cardId, c]));
  return (request.card_ids ?? []).map((id) => {
    const card = usable.get(id);
    if (!card) throw problem('checkout_card_not_usable', `gift card ${id} is not usable by this shopper in ${request.currency}`, { extra: { card_id: id } });
    return card;
  });
}

/**
 * Locks an order: re-prices the cart, records the order and its allocation, holds the coupons
 * and gift card amounts. Idempotent by the platform's order id: the same request again answers
 * the order as it is; the same id with other content is refused.
 */
export async function lockNewOrder(ctx: AppContext, ports: CheckoutPorts, request: LockRequest, actor: Actor, now: Date): Promise<{ order: OrderDetail; created: boolean }> {
  const hash = requestHash(request);
  try {
    return await transaction(ctx.db, async (tx) => {
      const existing = await findOrder(tx, request.order_id);
      if (existing) return sameOrRefuse(tx, existing.request_hash, hash, request.order_id);
      await assertMerchantsExist(tx, request.lines.map((line) => line.merchant_id));
      const q = await priceCart(ctx, ports, tx, request, now, request.order_id);
      compareWithQuote(q, request.expected);
      const timeoutS = ctx.config.checkoutLockTimeoutS;
      const parts = buildOrder(q, {
        orderId: request.order_id,
        shopperId: request.shopper_id,
        requestHash: hash,
        lockExpiresAt: addSeconds(now, timeoutS),
        actorId: actor.principal.id,
        now,
      });
      await insertOrder(tx, parts);
      const coupons = sourcesByMerchant(parts.funds, 'coupon');
      if (coupons.length > 0) {
        await ports.coupons.lock(
          ctx,
          tx,
          { orderId: request.order_id, shopperId: request.shopper_id, currency: request.currency, timeoutS, coupons: coupons.map((c) => ({ couponId: c.id, merchants: c.merchants })) },
          now,
        );
      }
      const cards = sourcesByMerchant(parts.funds, 'card');
      if (cards.length > 0) {
        await ports.cards.authorize(
          ctx,
          tx,
          { orderId: request.order_id, shopperId: request.shopper_id, currency: request.currency, timeoutS, cards: cards.map((c) => ({ cardId: c.id, merchants: c.merchants })) },
          now,
        );
      }
      const summary = { original_amount: q.original_amount, discount_amount: q.discount_amount, card_amount: q.card_amount, cash_amount: q.left_to_pay };
      await addEvent(tx, request.order_id, 'locked', { ...summary, coupons: coupons.map((c) => c.id), cards: cards.map((c) => c.id) }, actor.principal.id, now);
      await recordAudit(tx, actor, { action: 'order.lock', entityType: 'order', entityId: request.order_id, after: summary }, now);
      await emitEvent(tx, 'order.locked', { order_id: request.order_id, shopper_id: request.shopper_id, currency: request.currency, ...summary }, now);
      return { order: await orderDetail(tx, request.order_id), created: true };
    });
  } catch (error) {
    // Two locks of one order id at once: the loser sees the winner's order.
    if (!isUniqueViolation(error)) throw error;
    return transaction(ctx.db, async (tx) => {
      const existing = await findOrder(tx, request.order_id);
      if (!existing) throw error;
      return sameOrRefuse(tx, existing.request_hash, hash, request.order_id);
    });
  }
}

async function sameOrRefuse(tx: Tx, storedHash: string | null, hash: string, orderId: string): Promise<{ order: OrderDetail; created: boolean }> {
  if (storedHash !== hash) throw problem('order_exists', `order ${orderId} was locked with other content`);
  return { order: await orderDetail(tx, orderId), created: false };
}

function compareWithQuote(q: Quote, expected: LockRequest['expected']): void {
  if (!expected) return;
  const differs = (name: keyof NonNullable<LockRequest['expected']>, now: number) => expected[name] !== undefined && expected[name] !== now;
  const detail = (name: string, was: number | undefined, now: number) => ({ extra: { field: name, expected: was, actual: now } });
  if (differs('original_amount', q.original_amount)) throw problem('quote_price_changed', undefined, detail('original_amount', expected.original_amount, q.original_amount));
  if (differs('discount_amount', q.discount_amount)) throw problem('quote_discount_changed', undefined, detail('discount_amount', expected.discount_amount, q.discount_amount));
  if (differs('card_amount', q.card_amount)) throw problem('quote_card_changed', undefined, detail('card_amount', expected.card_amount, q.card_amount));
  if (differs('left_to_pay', q.left_to_pay)) throw problem('quote_price_changed', undefined, detail('left_to_pay', expected.left_to_pay, q.left_to_pay));
}
