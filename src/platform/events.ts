import type { Tx } from '../db/database.js';
import { canonicalJson } from '../json.js';
import { uuidv7 } from '../ids.js';

/**
 * The transactional outbox: a domain event is written in the same transaction as the change
 * that caused it, so an event exists exactly when its change committed. Delivery to webhooks
 * happens later, outside any request.
 */

export interface DomainEvent {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  created_at: string;
}

export async function emitEvent(tx: Tx, type: string, payload: Record<string, unknown>, at: Date): Promise<string> {
  const id = uuidv7();
  await tx.q.insertInto('events').values({ id, type, payload: canonicalJson(payload), created_at: at.toISOString() }).execute();
  return id;
}
