import type { ExpressionBuilder } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import type { Database, WebhookDeliveriesTable, WebhookDeliveryAttemptsTable, WebhookDeliveryState } from '../db/schema.js';
import { decodeCursor, encodeCursor, type Page, pageSize } from '../pagination.js';

/** Storage of deliveries (one per event and endpoint) and of every attempt made for them. */

export type DeliveryRow = WebhookDeliveriesTable;
export type AttemptRow = Omit<WebhookDeliveryAttemptsTable, 'seq'>;

/** Inserts deliveries; a pair (event, endpoint) that already has one is skipped. Returns how many were new. */
export async function insertDeliveries(tx: Tx, rows: readonly DeliveryRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await tx.q
    .insertInto('webhook_deliveries')
    .values([...rows])
    .onConflict((oc) => oc.columns(['event_id', 'endpoint_id']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

type DeliveriesEb = ExpressionBuilder<Database, 'webhook_deliveries'>;

/** Pending and due, or being delivered by a process whose lease ran out; and the endpoint still receives. */
function isDue(eb: DeliveriesEb, at: string) {
  return eb.and([
    eb.or([
      eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', at)]),
      eb.and([eb('state', '=', 'delivering'), eb('locked_until', '<', at)]),
    ]),
    eb('endpoint_id', 'in', eb.selectFrom('webhook_endpoints').select('id').where('enabled', '=', 1).where('deleted_at', 'is', null)),
  ]);
}

export interface ClaimRequest {
  now: Date;
  leaseMs: number;
  token: string;
  limit: number;
}

/**
 * Claims up to `limit` due deliveries for one worker in one statement. On PostgreSQL the rows are
 * picked with FOR UPDATE SKIP LOCKED so concurrent workers take different rows instead of waiting
 * on each other; on both databases the UPDATE re-checks that each row is still due, which is what
 * makes a claim exclusive (SQLite runs the statement under its single write lock).
 */
export async function claimDeliveries(db: Db, { now, leaseMs, token, limit }: ClaimRequest): Promise<DeliveryRow[]> {
  const at = now.toISOString();
  const claim = (eb: DeliveriesEb) => ({
    state: 'delivering' as const,
    locked_by: token,
    locked_until: new Date(now.getTime() + leaseMs).toISOString(),
    attempts: eb('attempts', '+', 1),
    round_attempts: eb('round_attempts', '+', 1),
    updated_at: at,
  });
  return db.q
    .updateTable('webhook_deliveries')
    .set(claim)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('webhook_deliveries')
        .select('id')
        .where((inner) => isDue(inner, at))
        .orderBy('next_attempt_at')
        .limit(limit)
        .$if(db.dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
    )
    .where((eb) => isDue(eb, at))
    .returningAll()
    .execute();
}

export interface AttemptResult {
  state: 'delivered' | 'pending' | 'failed';
  nextAttemptAt: string | null;
  attempt: AttemptRow;
}

/**
 * Records an attempt and the delivery's new state, only if this worker still holds the claim
 * (`token`); returns false when it lost it (lease ran out, or the endpoint was deleted meanwhile).
 */
export async function recordAttempt(tx: Tx, token: string, result: AttemptResult, now: Date): Promise<boolean> {
  const { attempt } = result;
  const updated = await tx.q
    .updateTable('webhook_deliveries')
    .set({
      state: result.state,
      next_attempt_at: result.nextAttemptAt,
      locked_by: null,
      locked_until: null,
      last_status_code: attempt.status_code,
      last_duration_ms: attempt.duration_ms,
      last_error: attempt.error,
      ...(result.state === 'delivered' ? { delivered_at: now.toISOString() } : {}),
      updated_at: now.toISOString(),
    })
    .where('id', '=', attempt.delivery_id)
    .where('locked_by', '=', token)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return false;
  await tx.q.insertInto('webhook_delivery_attempts').values(attempt).execute();
  return true;
}

export async function findDelivery(db: Db | Tx, id: string): Promise<DeliveryRow | undefined> {
  return db.q.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listDeliveries(
  db: Db,
  endpointId: string,
  options: { cursor?: string; limit?: number; state?: WebhookDeliveryState; eventId?: string },
): Promise<Page<DeliveryRow>> {
  const limit = pageSize(options.limit);
  const after = decodeCursor<{ id: string }>(options.cursor, { id: 'string' });
  const rows = await db.q
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .$if(options.state !== undefined, (qb) => qb.where('state', '=', options.state ?? 'pending'))
    .$if(options.eventId !== undefined, (qb) => qb.where('event_id', '=', options.eventId ?? ''))
    .$if(after !== undefined, (qb) => qb.where('id', '<', after?.id ?? ''))
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next_cursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null };
}

/** The attempts of each delivery, oldest first, at most `perDelivery` (the latest) each. */
export async function attemptsOf(db: Db, deliveryIds: readonly string[], perDelivery: number): Promise<Map<string, AttemptRow[]>> {
  const byDelivery = new Map<string, AttemptRow[]>(deliveryIds.map((id) => [id, []]));
  if (deliveryIds.length === 0) return byDelivery;
  const rows = await db.q
    .selectFrom('webhook_delivery_attempts')
    .select(['delivery_id', 'attempt', 'started_at', 'duration_ms', 'status_code', 'error', 'outcome'])
    .where('delivery_id', 'in', [...deliveryIds])
    .orderBy('delivery_id')
    .orderBy('attempt')
    .execute();
  for (const row of rows) byDelivery.get(row.delivery_id)?.push(row);
  for (const [id, list] of byDelivery) byDelivery.set(id, list.slice(-perDelivery));
  return byDelivery;
}

/**
 * Puts a delivery back in line for an attempt now, with a fresh round of attempts. Refused
 * (false) while a worker holds it.
 */
export async function requeueDelivery(tx: Tx, id: string, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const updated = await tx.q
    .updateTable('webhook_deliveries')
    .set({ state: 'pending', round_attempts: 0, next_attempt_at: at, updated_at: at })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('state', 'in', ['pending', 'delivered', 'failed']), eb.and([eb('state', '=', 'delivering'), eb('locked_until', '<', at)])]),
    )
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Cancels what an endpoint still had to receive (it was deleted). */
export async function cancelOpenDeliveries(tx: Tx, endpointId: string, now: Date): Promise<number> {
  const updated = await tx.q
    .updateTable('webhook_deliveries')
    .set({ state: 'cancelled', next_attempt_at: null, locked_by: null, locked_until: null, updated_at: now.toISOString() })
    .where('endpoint_id', '=', endpointId)
    .where('state', 'in', ['pending', 'delivering'])
    .executeTakeFirst();
  return Number(updated.numUpdatedRows);
}
