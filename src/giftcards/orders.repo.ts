import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import type { GiftcardOrdersTable } from '../db/schema.js';
import { problem } from '../errors.js';
import { uuidv7 } from '../ids.js';
import { paymentsClearing } from '../ledger/chart.js';
import { decodeCursor, encodeCursor, pageSize } from '../pagination.js';
import { requireTransfers } from '../ledger/ledger.js';
import type { TransferInput } from '../ledger/types.js';
import { recordAudit } from '../platform/audit.js';
import { emitEvent } from '../platform/events.js';
import type { Actor } from '../platform/principal.js';
import { cardAccount, ensureCardAccount, ensureGiftcardAccounts, saleDiscountAccount } from './accounts.js';
import { type CardRow, cardView, insertCard, recordCardEvent, setCard } from './cards.repo.js';
import { groupCode } from './codes.js';
import { assertProductAllowed, requireProduct, termsOf } from './products.repo.js';
import type { ComplianceProfile } from './profiles.js';
import { hashIdNumber } from './secret.repo.js';
import { type CardTerms, assertOrderAllowed, expiryOf, maskIdNumber, maskName, maxBalanceFor, priceOf } from './terms.js';

/** Gift card orders (销售): created → paid → issued, or created → cancelled. */

export const MAX_ORDER_LINES = 20;
export const MAX_ORDER_CARDS = 100;

export interface OrderInput {
  id?: string;
  buyer: { kind: 'shopper'; shopper_id: string } | { kind: 'company'; name: string };
  currency: string;
  payment_method: 'online' | 'bank_transfer' | 'cash' | 'other';
  lines: { product_id: string; face: number; price: number; quantity: number; recipient_shopper_id?: string; message?: string }[];
  identity?: { name: string; id_type: string; id_number: string };
}

export type OrderRow = Selectable<GiftcardOrdersTable>;

interface LineTerms extends CardTerms {
  form: 'digital' | 'physical';
  max_balance: number | null;
}

export async function createOrder(tx: Tx, profile: ComplianceProfile, secret: string, input: OrderInput, actor: Actor, now: Date) {
  if (input.lines.length > MAX_ORDER_LINES) throw problem('giftcard_order_too_large', `at most ${MAX_ORDER_LINES} lines`);
  const cards = input.lines.reduce((sum, line) => sum + line.quantity, 0);
  if (cards > MAX_ORDER_CARDS) throw problem('giftcard_order_too_large', `at most ${MAX_ORDER_CARDS} cards per order`);
  let faceTotal = 0;
  let priceTotal = 0;
  let namedFace = 0;
  let anonymousFace = 0;
  const lines = [];
  for (const [index, line] of input.lines.entries()) {
    const product = await requireProduct(tx, line.product_id);
    if (product.status !== 'active') throw problem('giftcard_product_retired', `product ${product.id} is retired`);
    if (product.currency !== input.currency) throw problem('giftcard_currency_mismatch', `product ${product.id} is sold in ${product.currency}`);
    assertProductAllowed(profile, product, now);
    const price = priceOf(line.face, product.denominations, product.custom_range);
    if (price !== line.price) throw problem('giftcard_price_mismatch', `face ${line.face} of ${product.id} sells for ${price}`);
    const terms: LineTerms = { ...termsOf(product), form: product.form, max_balance: maxBalanceFor(profile, product.named) };
    faceTotal += line.face * line.quantity;
    priceTotal += price * line.quantity;
    if (product.named) namedFace += line.face * line.quantity;
    else anonymousFace += line.face * line.quantity;
    lines.push({ line_no: index + 1, product_id: product.id, face: line.face, price, quantity: line.quantity, recipient_shopper_id: line.recipient_shopper_id ?? null, message: line.message ?? null, terms: JSON.stringify(terms) });
  }
  assertOrderAllowed(profile, { buyerKind: input.buyer.kind, namedFace, anonymousFace, priceTotal, paymentMethod: input.payment_method, hasIdentity: input.identity !== undefined });
  const at = now.toISOString();
  const id = input.id ?? uuidv7();
  const row: OrderRow = {
    id,
    buyer_kind: input.buyer.kind,
    buyer_shopper_id: input.buyer.kind === 'shopper' ? input.buyer.shopper_id : null,
    buyer_name: input.buyer.kind === 'company' ? input.buyer.name : null,
    currency: input.currency,
    state: 'created',
    face_total: faceTotal,
    price_total: priceTotal,
    payment_method: input.payment_method,
    payment_reference: null,
    identity_name_masked: input.identity ? maskName(input.identity.name) : null,
    identity_id_type: input.identity?.id_type ?? null,
    identity_id_masked: input.identity ? maskIdNumber(input.identity.id_number) : null,
    identity_id_hash: input.identity ? hashIdNumber(secret, input.identity.id_number) : null,
    created_by: actor.principal.id,
    created_at: at,
    paid_at: null,
    issued_at: null,
    cancelled_at: null,
    updated_at: at,
  };
  const inserted = await tx.q.insertInto('giftcard_orders').values(row).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
  if (!inserted) throw problem('giftcard_order_state', `order ${id} exists`);
  await tx.q.insertInto('giftcard_order_lines').values(lines.map((line) => ({ order_id: id, ...line }))).execute();
  await recordAudit(tx, actor, { action: 'giftcard_order.create', entityType: 'giftcard_order', entityId: id, after: { face_total: faceTotal, price_total: priceTotal, cards, identity: row.identity_id_masked } }, now);
  return orderView(tx, row);
}

export async function orderView(db: Db | Tx, row: OrderRow) {
  const lines = await db.q.selectFrom('giftcard_order_lines').selectAll().where('order_id', '=', row.id).orderBy('line_no').execute();
  const cards = await db.q.selectFrom('giftcards').select(['id', 'number', 'state']).where('order_id', '=', row.id).orderBy('created_at').orderBy('id').limit(MAX_ORDER_CARDS).execute();
  return {
    id: row.id,
    buyer: row.buyer_kind === 'shopper' ? { kind: 'shopper' as const, shopper_id: row.buyer_shopper_id ?? '' } : { kind: 'company' as const, name: row.buyer_name ?? '' },
    currency: row.currency,
    state: row.state,
    face_total: row.face_total,
    price_total: row.price_total,
    payment_method: row.payment_method,
    payment_reference: row.payment_reference,
    identity: row.identity_id_masked ? { name: row.identity_name_masked ?? '', id_type: row.identity_id_type ?? '', id_number: row.identity_id_masked } : null,
    lines: lines.map(({ order_id: _o, terms: _t, ...line }) => line),
    cards,
    created_at: row.created_at,
    paid_at: row.paid_at,
    issued_at: row.issued_at,
  };
}

/** Orders newest first (ids are time-ordered), optionally by state or buyer shopper. */
export async function listOrders(db: Db, query: { state?: OrderRow['state']; buyer?: string; cursor?: string; limit?: number }) {
  const limit = pageSize(query.limit);
  const after = decodeCursor<{ id: string }>(query.cursor, { id: 'string' });
  const rows = await db.q
    .selectFrom('giftcard_orders')
    .selectAll()
    .$if(query.state !== undefined, (qb) => qb.where('state', '=', query.state ?? 'created'))
    .$if(query.buyer !== undefined, (qb) => qb.where('buyer_shopper_id', '=', query.buyer ?? ''))
    .$if(after !== undefined, (qb) => qb.where('id', '<', after?.id ?? ''))
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = [];
  for (const row of rows.slice(0, limit)) items.push(await orderView(db, row));
  const last = items.at(-1);
  return { items, next_cursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null };
}

export async function lockOrder(tx: Tx, id: string): Promise<OrderRow> {
  const row = await tx.q.selectFrom('giftcard_orders').selectAll().where('id', '=', id).$if(tx.dialect === 'postgres', (qb) => qb.forUpdate()).executeTakeFirst();
  if (!row) throw problem('giftcard_order_not_found');
  return row;
}

export async function findOrder(db: Db | Tx, id: string): Promise<OrderRow | undefined> {
  return db.q.selectFrom('giftcard_orders').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function cancelOrder(tx: Tx, id: string, actor: Actor, now: Date) {
  const row = await lockOrder(tx, id);
  if (row.state !== 'created') throw problem('giftcard_order_state', `order is ${row.state}`);
  const at = now.toISOString();
  await tx.q.updateTable('giftcard_orders').set({ state: 'cancelled', cancelled_at: at, updated_at: at }).where('id', '=', id).execute();
  await recordAudit(tx, actor, { action: 'giftcard_order.cancel', entityType: 'giftcard_order', entityId: id, before: { state: row.state }, after: { state: 'cancelled' } }, now);
  return orderView(tx, { ...row, state: 'cancelled', cancelled_at: at, updated_at: at });
}

export interface PayInput {
  payment_reference: string;
  /** Physical lines: the batch cards handed over, in line order. */
  card_numbers?: string[];
}

/**
 * Payment confirmed: the order is paid and its cards issued in the same transaction. Digital
 * cards are made now (their codes are in this answer only); physical cards are activated from
 * their batch. Ledger per card: giftcard.sale (price) from payments clearing and
 * giftcard.sale_discount (face − price).
 */
export async function payOrder(tx: Tx, secret: string, id: string, input: PayInput, actor: Actor, now: Date) {
  const order = await lockOrder(tx, id);
  if (order.state !== 'created') throw problem('giftcard_order_state', `order is ${order.state}`);
  await ensureGiftcardAccounts(tx, order.currency, now);
  const lines = await tx.q.selectFrom('giftcard_order_lines').selectAll().where('order_id', '=', id).orderBy('line_no').execute();
  const physical = [...(input.card_numbers ?? [])];
  const issued: { card: CardRow; code: string | null }[] = [];
  for (const line of lines) {
    const terms = JSON.parse(line.terms) as LineTerms;
    const shopperId = line.recipient_shopper_id ?? (order.buyer_kind === 'shopper' && terms.named ? order.buyer_shopper_id : null);
    for (let i = 0; i < line.quantity; i++) {
      if (terms.form === 'physical') {
        const number = physical.shift();
        if (!number) throw problem('validation_failed', `line ${line.line_no} needs ${line.quantity} physical card numbers`);
        issued.push({ card: await activateBatchCard(tx, number, line, id, shopperId, terms, now), code: null });
      } else {
        const made = await insertCard(tx, secret, { productId: line.product_id, terms, face: line.face, price: line.price, maxBalance: terms.max_balance, orderId: id, shopperId, message: line.message, state: 'active', expiresAt: expiryOf(terms.validity, now) }, now);
        issued.push(made);
      }
    }
  }
  if (physical.length > 0) throw problem('validation_failed', 'more card numbers than physical cards in the order');
  await requireTransfers(tx, saleTransfers(id, order.currency, issued.map(({ card }) => card), input.payment_reference), now);
  const at = now.toISOString();
  await tx.q.updateTable('giftcard_orders').set({ state: 'issued', payment_reference: input.payment_reference, paid_at: at, issued_at: at, updated_at: at }).where('id', '=', id).execute();
  for (const { card } of issued) {
    await recordCardEvent(tx, card.id, { kind: card.batch_id ? 'activated' : 'issued', orderRef: id, amount: card.face }, actor, now);
    if (card.shopper_id) await recordCardEvent(tx, card.id, { kind: 'bound', orderRef: id, detail: { shopper_id: card.shopper_id } }, actor, now);
    await emitEvent(tx, 'giftcard.issued', { card_id: card.id, order_id: id, face: card.face, currency: card.currency, shopper_id: card.shopper_id }, now);
  }
  await recordAudit(tx, actor, { action: 'giftcard_order.pay', entityType: 'giftcard_order', entityId: id, before: { state: order.state }, after: { state: 'issued', payment_reference: input.payment_reference, cards: issued.length } }, now);
  const view = await orderView(tx, { ...order, state: 'issued', payment_reference: input.payment_reference, paid_at: at, issued_at: at, updated_at: at });
  const cards = [];
  for (const { card, code } of issued) cards.push({ ...(await cardView(tx, card)), ...(code ? { code: groupCode(code) } : {}) });
  return { ...view, issued_cards: cards };
}

function saleTransfers(orderId: string, currency: string, cards: readonly CardRow[], paymentRef: string): TransferInput[] {
  const out: TransferInput[] = [];
  for (const card of cards) {
    const refs = { order: orderId, card: card.id, payment_ref: paymentRef };
    if (card.price > 0) {
      out.push({ id: `giftcard:sale:${orderId}:${card.id}`, debit_account_id: paymentsClearing(currency), credit_account_id: cardAccount(card.id), amount: card.price, currency, code: 'giftcard.sale', refs });
    }
    if (card.face > card.price) {
      out.push({ id: `giftcard:sale_discount:${orderId}:${card.id}`, debit_account_id: saleDiscountAccount(currency), credit_account_id: cardAccount(card.id), amount: card.face - card.price, currency, code: 'giftcard.sale_discount', refs });
    }
  }
  return out;
}

async function activateBatchCard(tx: Tx, number: string, line: { product_id: string; face: number; price: number }, orderId: string, shopperId: string | null, terms: LineTerms, now: Date): Promise<CardRow> {
  const { product_id: productId, face, price } = line;
  const maxBalance = terms.max_balance;
  const card = await tx.q.selectFrom('giftcards').selectAll().where('number', '=', number).$if(tx.dialect === 'postgres', (qb) => qb.forUpdate()).executeTakeFirst();
  if (!card || card.batch_id === null || card.state !== 'inactive' || card.product_id !== productId || card.face !== face) {
    throw problem('giftcard_state', `card ${number} is not an inactive batch card of this product and face value`);
  }
  const changes = { state: 'active' as const, order_id: orderId, price, shopper_id: shopperId, max_balance: maxBalance, issued_at: now.toISOString(), expires_at: expiryOf(terms.validity, now) };
  await setCard(tx, card.id, changes, now);
  await ensureCardAccount(tx, card.id, card.currency, now);
  return { ...card, ...changes };
}
