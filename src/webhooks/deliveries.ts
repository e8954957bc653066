import type { Db, Tx } from '../db/database.js';
import { problem } from '../errors.js';
import type { Page } from '../pagination.js';
import { recordAudit } from '../platform/audit.js';
import type { Actor } from '../platform/principal.js';
import { type AttemptRow, attemptsOf, type DeliveryRow, findDelivery, listDeliveries, requeueDelivery } from './deliveries.repo.js';
import { findAnyEndpoint } from './endpoints.repo.js';
import type { DELIVERY_STATES } from './webhooks.schemas.js';

/** The delivery log and manual replay. */

/** How many of a delivery's latest attempts a view shows. */
export const ATTEMPTS_SHOWN = 50;

export interface DeliveryView {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  state: DeliveryRow['state'];
  attempts: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_duration_ms: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
  attempt_log: Omit<AttemptRow, 'delivery_id'>[];
}

function deliveryView(row: DeliveryRow, attempts: readonly AttemptRow[]): DeliveryView {
  return {
    id: row.id,
    endpoint_id: row.endpoint_id,
    event_id: row.event_id,
    event_type: row.event_type,
    state: row.state,
    attempts: row.attempts,
    next_attempt_at: row.state === 'pending' ? row.next_attempt_at : null,
    last_status_code: row.last_status_code,
    last_duration_ms: row.last_duration_ms,
    last_error: row.last_error,
    delivered_at: row.delivered_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
    attempt_log: attempts.map(({ delivery_id: _id, ...attempt }) => attempt),
  };
}

export async function deliveryPage(
  db: Db,
  endpointId: string,
  query: { cursor?: string; limit?: number; state?: (typeof DELIVERY_STATES)[number]; event_id?: string },
): Promise<Page<DeliveryView>> {
  const page = await listDeliveries(db, endpointId, { ...query, ...(query.event_id !== undefined ? { eventId: query.event_id } : {}) });
  const attempts = await attemptsOf(
    db,
    page.items.map((d) => d.id),
    ATTEMPTS_SHOWN,
  );
  return { items: page.items.map((row) => deliveryView(row, attempts.get(row.id) ?? [])), next_cursor: page.next_cursor };
}

export async function getDeliveryView(db: Db, id: string): Promise<DeliveryView> {
  const row = await findDelivery(db, id);
  if (!row) throw problem('webhook_delivery_not_found');
  const attempts = await attemptsOf(db, [id], ATTEMPTS_SHOWN);
  return deliveryView(row, attempts.get(id) ?? []);
}

/**
 * Sends a delivery again as soon as the worker next runs, with a fresh round of attempts,
 * whatever its state (delivered or failed alike), unless a worker is sending it right now.
 */
export async function replayDelivery(tx: Tx, id: string, actor: Actor, now: Date): Promise<void> {
  const row = await findDelivery(tx, id);
  if (!row) throw problem('webhook_delivery_not_found');
  const endpoint = await findAnyEndpoint(tx, row.endpoint_id);
  if (!endpoint || endpoint.deleted_at !== null || row.state === 'cancelled') throw problem('webhook_endpoint_deleted');
  if (endpoint.enabled !== 1) throw problem('webhook_endpoint_disabled', 'enable the endpoint first, then replay');
  if (!(await requeueDelivery(tx, id, now))) throw problem('webhook_delivery_in_progress', undefined, { retryAfterS: 5 });
  await recordAudit(
    tx,
    actor,
    { action: 'webhook_delivery.replay', entityType: 'webhook_delivery', entityId: id, before: { state: row.state, attempts: row.attempts }, after: { state: 'pending' } },
    now,
  );
}
