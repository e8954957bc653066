import { sql } from 'kysely';
import type { Tx } from '../db/database.js';

/**
 * Where the fan-out stands in the events outbox. Sequence numbers are handed out when an event
 * is inserted, not when its transaction commits, so an event can become visible after a later
 * one. The fan-out therefore marks each event it handles, and keeps a floor below which every
 * event is handled; the floor only passes events that were handled long enough ago that no
 * transaction could still commit a smaller number (see advanceFloor).
 */

const FLOOR = 'events';

export interface OutboxEvent {
  seq: number;
  id: string;
  type: string;
  created_at: string;
}

export async function readFloor(tx: Tx): Promise<number> {
  const row = await tx.q.selectFrom('webhook_fanout_floor').select('floor_seq').where('name', '=', FLOOR).executeTakeFirst();
  return row?.floor_seq ?? 0;
}

/** Committed events above the floor that the fan-out has not handled yet, oldest first. */
export async function unhandledEvents(tx: Tx, floor: number, limit: number): Promise<OutboxEvent[]> {
  return tx.q
    .selectFrom('events as e')
    .leftJoin('webhook_fanout as f', 'f.event_seq', 'e.seq')
    .select(['e.seq', 'e.id', 'e.type', 'e.created_at'])
    .where('e.seq', '>', floor)
    .where('f.event_seq', 'is', null)
    .orderBy('e.seq')
    .limit(limit)
    .execute();
}

export async function markHandled(tx: Tx, seqs: readonly number[], now: Date): Promise<void> {
  if (seqs.length === 0) return;
  await tx.q
    .insertInto('webhook_fanout')
    .values(seqs.map((event_seq) => ({ event_seq, fanned_out_at: now.toISOString() })))
    .onConflict((oc) => oc.column('event_seq').doNothing())
    .execute();
}

/**
 * Raises the floor to the highest event handled before `horizon`, but never past an event that
 * is visible and still unhandled. An event handled before the horizon had its number before
 * then, so every smaller number belongs to a transaction that either committed (and is visible)
 * or has been open for longer than the grace period, which Scrip's short transactions never are.
 * Marks at or below the new floor are then deleted, so the marks table stays small.
 */
export async function advanceFloor(tx: Tx, floor: number, horizon: Date, now: Date): Promise<number> {
  const open = await tx.q
    .selectFrom('events as e')
    .leftJoin('webhook_fanout as f', 'f.event_seq', 'e.seq')
    .select((eb) => eb.fn.min('e.seq').as('seq'))
    .where('e.seq', '>', floor)
    .where('f.event_seq', 'is', null)
    .executeTakeFirst();
  const firstOpen = open?.seq ?? null;
  const settled = await tx.q
    .selectFrom('webhook_fanout')
    .select((eb) => eb.fn.max('event_seq').as('seq'))
    .where('fanned_out_at', '<=', horizon.toISOString())
    .$if(firstOpen !== null, (qb) => qb.where('event_seq', '<', Number(firstOpen)))
    .executeTakeFirst();
  const next = settled?.seq === null || settled?.seq === undefined ? floor : Number(settled.seq);
  if (next <= floor) return floor;
  await tx.q
    .updateTable('webhook_fanout_floor')
    .set({ floor_seq: sql<number>`case when floor_seq < ${next} then ${next} else floor_seq end`, updated_at: now.toISOString() })
    .where('name', '=', FLOOR)
    .execute();
  await tx.q.deleteFrom('webhook_fanout').where('event_seq', '<=', next).execute();
  return next;
}
