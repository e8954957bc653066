import { type Db, transaction } from '../db/database.js';
import { uuidv7 } from '../ids.js';
import { type DeliveryRow, insertDeliveries } from './deliveries.repo.js';
import { receivingEndpoints } from './endpoints.repo.js';
import { matchesFilter } from '../platform/event-filter.js';
import { advanceFloor, markHandled, type OutboxEvent, readFloor, unhandledEvents } from './fanout.repo.js';

/**
 * The fan-out: turns each new event of the outbox into one delivery per endpoint whose filter
 * matches it. Safe to run in several processes at once: a delivery is unique per (event,
 * endpoint), so a pair that two runs both see is inserted once.
 */

export const FANOUT_BATCH = 500;
/** Longer than any transaction that emits events can stay open. */
export const FANOUT_GRACE_MS = 300_000;
const MAX_BATCHES_PER_RUN = 20;

export interface ReceivingEndpoint {
  id: string;
  patterns: readonly string[];
  created_at: string;
}

/**
 * The deliveries a batch of events calls for. An endpoint gets events that happened from its
 * creation on, never older ones.
 */
export function planDeliveries(events: readonly OutboxEvent[], endpoints: readonly ReceivingEndpoint[], now: Date): DeliveryRow[] {
  const at = now.toISOString();
  const rows: DeliveryRow[] = [];
  for (const event of events) {
    for (const endpoint of endpoints) {
      if (event.created_at < endpoint.created_at || !matchesFilter(endpoint.patterns, event.type)) continue;
      rows.push({
        id: uuidv7(),
        endpoint_id: endpoint.id,
        event_id: event.id,
        event_seq: event.seq,
        event_type: event.type,
        state: 'pending',
        attempts: 0,
        round_attempts: 0,
        next_attempt_at: at,
        locked_by: null,
        locked_until: null,
        last_status_code: null,
        last_duration_ms: null,
        last_error: null,
        delivered_at: null,
        created_at: at,
        updated_at: at,
      });
    }
  }
  return rows;
}

/** One batch in one transaction; returns how many events it handled and deliveries it made. */
export async function fanOutBatch(db: Db, now: Date, limit = FANOUT_BATCH): Promise<{ events: number; deliveries: number }> {
  return transaction(db, async (tx) => {
    const floor = await readFloor(tx);
    const events = await unhandledEvents(tx, floor, limit);
    let deliveries = 0;
    if (events.length > 0) {
      const endpoints = (await receivingEndpoints(tx)).map((e) => ({ id: e.id, created_at: e.created_at, patterns: JSON.parse(e.event_types) as string[] }));
      const rows = planDeliveries(events, endpoints, now);
      for (let i = 0; i < rows.length; i += 200) deliveries += await insertDeliveries(tx, rows.slice(i, i + 200));
      await markHandled(
        tx,
        events.map((e) => e.seq),
        now,
      );
    }
    await advanceFloor(tx, floor, new Date(now.getTime() - FANOUT_GRACE_MS), now);
    return { events: events.length, deliveries };
  });
}

/** Fans out until the outbox is caught up (bounded per run); returns the deliveries made. */
export async function fanOutEvents(db: Db, now: Date): Promise<number> {
  let deliveries = 0;
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
    const done = await fanOutBatch(db, now);
    deliveries += done.deliveries;
    if (done.events < FANOUT_BATCH) break;
  }
  return deliveries;
}
