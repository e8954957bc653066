import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { transaction } from '../db/database.js';
import type { AppContext } from '../http/context.js';
import { type EventRow, eventsByIds } from '../platform/events.repo.js';
import { claimDeliveries, type DeliveryRow, recordAttempt } from './deliveries.repo.js';
import { type EndpointRow, findAnyEndpoint } from './endpoints.repo.js';
import { retryDelayMs } from './retry.js';
import { postWebhook } from './send.js';
import { signatureHeader } from './signature.js';

/**
 * The delivery worker, run by the job loop (never inside an API request). Each run claims a
 * bounded batch of due deliveries with a lease, POSTs them in parallel, and records each attempt
 * with the delivery's next state: delivered, retried later with exponential backoff, or failed
 * after the configured number of attempts.
 */

export const DELIVERY_BATCH = 20;
const MAX_BATCHES_PER_RUN = 10;
/** No new batch starts after this much time in one run, so slow receivers cannot hold up the other sweeps long. */
const RUN_BUDGET_MS = 2000;
const WORKER = `${hostname()}:${process.pid}`;

/** The JSON body sent for an event; the same bytes on every attempt and replay. */
export function eventBody(event: Pick<EventRow, 'id' | 'type' | 'created_at' | 'payload'>): string {
  return `{"id":${JSON.stringify(event.id)},"type":${JSON.stringify(event.type)},"created_at":${JSON.stringify(event.created_at)},"data":${event.payload}}`;
}

/** The current secret, and the one before it while its overlap after a rotation lasts. */
export function signingSecrets(endpoint: Pick<EndpointRow, 'secret' | 'previous_secret' | 'previous_secret_expires_at'>, now: Date): string[] {
  const previousValid = endpoint.previous_secret !== null && endpoint.previous_secret_expires_at !== null && endpoint.previous_secret_expires_at > now.toISOString();
  return previousValid ? [endpoint.secret, endpoint.previous_secret as string] : [endpoint.secret];
}

/** Attempts every due delivery of one batch; returns how many attempts were made. */
export async function deliverDue(ctx: AppContext, limit = DELIVERY_BATCH): Promise<number> {
  const token = `${WORKER}:${randomBytes(6).toString('hex')}`;
  const leaseMs = ctx.config.webhookTimeoutMs + 30_000;
  const claimed = await claimDeliveries(ctx.db, { now: ctx.clock.now(), leaseMs, token, limit });
  if (claimed.length === 0) return 0;
  const events = await eventsByIds(ctx.db, [...new Set(claimed.map((d) => d.event_id))]);
  const endpoints = new Map<string, EndpointRow>();
  for (const id of new Set(claimed.map((d) => d.endpoint_id))) {
    const endpoint = await findAnyEndpoint(ctx.db, id);
    if (endpoint) endpoints.set(id, endpoint);
  }
  await Promise.all(claimed.map((delivery) => attempt(ctx, delivery, events.get(delivery.event_id), endpoints.get(delivery.endpoint_id), token)));
  return claimed.length;
}

/**
 * Delivers batch after batch while batches come back full, within a bounded number of batches and
 * a time budget (a run lasts at most the budget plus one time-out); returns the attempts made.
 */
export async function deliverPending(ctx: AppContext): Promise<number> {
  const started = performance.now();
  let attempts = 0;
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN && performance.now() - started < RUN_BUDGET_MS; batch++) {
    const made = await deliverDue(ctx);
    attempts += made;
    if (made < DELIVERY_BATCH) break;
  }
  return attempts;
}

async function attempt(ctx: AppContext, delivery: DeliveryRow, event: EventRow | undefined, endpoint: EndpointRow | undefined, token: string): Promise<void> {
  const startedAt = ctx.clock.now();
  const outcome =
    event && endpoint
      ? await postWebhook(endpoint.url, eventBody(event), headersFor(delivery, event, endpoint, startedAt), ctx.config.webhookTimeoutMs)
      : { ok: false, status_code: null, duration_ms: 0, error: event ? 'endpoint is missing' : 'event is missing' };
  const now = ctx.clock.now();
  const giveUp = !outcome.ok && (delivery.round_attempts >= ctx.config.webhookMaxAttempts || !event || !endpoint);
  const state = outcome.ok ? 'delivered' : giveUp ? 'failed' : 'pending';
  const result = {
    state,
    nextAttemptAt: state === 'pending' ? new Date(now.getTime() + retryDelayMs(delivery.round_attempts)).toISOString() : null,
    attempt: {
      delivery_id: delivery.id,
      attempt: delivery.attempts,
      started_at: startedAt.toISOString(),
      duration_ms: outcome.duration_ms,
      status_code: outcome.status_code,
      error: outcome.error,
      outcome: state === 'pending' ? 'retry' : state,
    },
  } as const;
  await transaction(ctx.db, (tx) => recordAttempt(tx, token, result, now));
}

function headersFor(delivery: DeliveryRow, event: EventRow, endpoint: EndpointRow, at: Date): Record<string, string> {
  return {
    'scrip-signature': signatureHeader(signingSecrets(endpoint, at), Math.floor(at.getTime() / 1000), eventBody(event)),
    'scrip-event-id': event.id,
    'scrip-event-type': event.type,
    'scrip-delivery-id': delivery.id,
    'scrip-attempt': String(delivery.attempts),
  };
}
