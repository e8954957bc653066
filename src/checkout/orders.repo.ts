import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import type {
  OrderEventsTable,
  OrderLineFundsTable,
  OrderLinesTable,
  OrderMerchantsTable,
  OrderRefundsTable,
  OrdersTable,
  OrderState,
} from '../db/schema.js';
import { uuidv7 } from '../ids.js';
import { type Page, decodeCursor, encodeCursor, pageSize } from '../pagination.js';
import { transferFromRow } from '../ledger/ledger.repo.js';
import type { Transfer } from '../ledger/types.js';

/** The only file of the checkout that reads and writes the order tables. */

export type OrderRow = Selectable<OrdersTable>;
export type LineRow = Selectable<OrderLinesTable>;
export type FundRow = Selectable<OrderLineFundsTable>;
export type MerchantRow = Selectable<OrderMerchantsTable>;
export type RefundRow = Selectable<OrderRefundsTable>;
export type EventRow = Selectable<OrderEventsTable>;

export interface OrderParts {
  order: OrderRow;
  lines: LineRow[];
  funds: FundRow[];
  merchants: MerchantRow[];
}

export async function findOrder(db: Db | Tx, id: string): Promise<OrderRow | undefined> {
  return db.q.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads the order and locks its row until the transaction ends, so its steps run one at a time. */
export async function lockOrderRow(tx: Tx, id: string): Promise<OrderRow | undefined> {
  return tx.q
    .selectFrom('orders')
    .selectAll()
    .where('id', '=', id)
    .$if(tx.dialect === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
}

export async function loadParts(db: Db | Tx, order: OrderRow): Promise<OrderParts> {
  const [lines, funds, merchants] = await Promise.all([
    db.q.selectFrom('order_lines').selectAll().where('order_id', '=', order.id).orderBy('position').execute(),
    db.q.selectFrom('order_line_funds').selectAll().where('order_id', '=', order.id).orderBy('line_id').orderBy('source').orderBy('source_id').execute(),
    db.q.selectFrom('order_merchants').selectAll().where('order_id', '=', order.id).orderBy('merchant_id').execute(),
  ]);
  return { order, lines, funds, merchants };
}

export async function insertOrder(tx: Tx, parts: OrderParts): Promise<void> {
  await tx.q.insertInto('orders').values(parts.order).execute();
  for (let i = 0; i < parts.lines.length; i += 100) await tx.q.insertInto('order_lines').values(parts.lines.slice(i, i + 100)).execute();
  for (let i = 0; i < parts.funds.length; i += 100) await tx.q.insertInto('order_line_funds').values(parts.funds.slice(i, i + 100)).execute();
  await tx.q.insertInto('order_merchants').values(parts.merchants).execute();
}

/** Moves the order from one state to another only if it is still in `from`; returns whether it moved. */
export async function moveState(
  tx: Tx,
  id: string,
  from: OrderState,
  to: OrderState,
  now: Date,
  extra: { payment_reference?: string; refunded_amount?: number } = {},
  condition?: { lockExpiredBy: Date },
): Promise<boolean> {
  const result = await tx.q
    .updateTable('orders')
    .set({ state: to, updated_at: now.toISOString(), ...extra })
    .where('id', '=', id)
    .where('state', '=', from)
    .$if(condition !== undefined, (qb) => qb.where('lock_expires_at', '<=', condition?.lockExpiredBy.toISOString() ?? ''))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setRefunded(tx: Tx, id: string, refundedAmount: number, state: OrderState, now: Date): Promise<void> {
  await tx.q.updateTable('orders').set({ refunded_amount: refundedAmount, state, updated_at: now.toISOString() }).where('id', '=', id).execute();
}

export async function setLineRefunded(tx: Tx, orderId: string, lineId: string, refundedQuantity: number): Promise<void> {
  await tx.q.updateTable('order_lines').set({ refunded_quantity: refundedQuantity }).where('order_id', '=', orderId).where('line_id', '=', lineId).execute();
}

export async function setFundRefunded(tx: Tx, fund: FundRow, refundedAmount: number): Promise<void> {
  await tx.q
    .updateTable('order_line_funds')
    .set({ refunded_amount: refundedAmount })
    .where('order_id', '=', fund.order_id)
    .where('line_id', '=', fund.line_id)
    .where('source', '=', fund.source)
    .where('source_id', '=', fund.source_id)
    .execute();
}

export async function setMerchant(tx: Tx, orderId: string, merchantId: string, changes: { in_transit_amount?: number; receipt_confirmed_at?: string }): Promise<void> {
  await tx.q.updateTable('order_merchants').set(changes).where('order_id', '=', orderId).where('merchant_id', '=', merchantId).execute();
}

export async function findRefund(db: Db | Tx, orderId: string, refundId: string): Promise<RefundRow | undefined> {
  return db.q.selectFrom('order_refunds').selectAll().where('order_id', '=', orderId).where('refund_id', '=', refundId).executeTakeFirst();
}

export async function insertRefund(tx: Tx, row: RefundRow): Promise<void> {
  await tx.q.insertInto('order_refunds').values(row).execute();
}

export async function listRefunds(db: Db | Tx, orderId: string): Promise<RefundRow[]> {
  return db.q.selectFrom('order_refunds').selectAll().where('order_id', '=', orderId).orderBy('created_at').orderBy('refund_id').execute();
}

export async function addEvent(tx: Tx, orderId: string, kind: string, detail: Record<string, unknown>, actorId: string, at: Date): Promise<void> {
  await tx.q
    .insertInto('order_events')
    .values({ id: uuidv7(), order_id: orderId, kind, detail: JSON.stringify(detail), actor_id: actorId, at: at.toISOString() })
    .execute();
}

export async function listEvents(db: Db | Tx, orderId: string): Promise<EventRow[]> {
  return db.q.selectFrom('order_events').selectAll().where('order_id', '=', orderId).orderBy('at').orderBy('id').execute();
}

/**
 * Ledger transfers of an order: every transfer id of the checkout (and of the ports' holds) starts
 * with `order:{id}:`. A range scan on the unique id index, bounded by a limit.
 */
export async function orderTransfers(db: Db | Tx, orderId: string, limit = 500): Promise<Transfer[]> {
  const prefix = `order:${orderId}:`;
  const rows = await db.q
    .selectFrom('ledger_transfers')
    .selectAll()
    .where('id', '>=', prefix)
    .where('id', '<', `order:${orderId};`)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(transferFromRow);
}

/** Orders whose lock has run out, oldest first. */
export async function dueLocks(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db.q
    .selectFrom('orders')
    .select('id')
    .where('state', '=', 'locked')
    .where('lock_expires_at', '<=', now.toISOString())
    .orderBy('lock_expires_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function listOrders(
  db: Db,
  filter: { shopperId?: string | undefined; state?: OrderState | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<OrderRow>> {
  const limit = pageSize(filter.limit);
  const after = decodeCursor<{ at: string; id: string }>(filter.cursor, { at: 'string', id: 'string' });
  const rows = await db.q
    .selectFrom('orders')
    .selectAll()
    .$if(filter.shopperId !== undefined, (qb) => qb.where('shopper_id', '=', filter.shopperId ?? ''))
    .$if(filter.state !== undefined, (qb) => qb.where('state', '=', filter.state ?? 'locked'))
    .$if(after !== undefined, (qb) =>
      qb.where((eb) => eb.or([eb('created_at', '<', after?.at ?? ''), eb.and([eb('created_at', '=', after?.at ?? ''), eb('id', '<', after?.id ?? '')])])),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next_cursor: rows.length > limit && last ? encodeCursor({ at: last.created_at, id: last.id }) : null };
}
