import type { Tx } from '../db/database.js';
import { problem } from '../errors.js';
import { uuidv7 } from '../ids.js';
import { recordAudit } from '../platform/audit.js';
import type { Actor } from '../platform/principal.js';
import { cancelOpenDeliveries } from './deliveries.repo.js';
import { normaliseFilter } from '../platform/event-filter.js';
import { type EndpointRow, countLiveEndpoints, findEndpoint, insertEndpoint, updateEndpointRow } from './endpoints.repo.js';
import { generateSecret } from './signature.js';

/** Webhook endpoints: where events are sent, which ones, and the secret that signs them. */

export const MAX_ENDPOINTS = 100;
export const DEFAULT_PREVIOUS_SECRET_S = 86_400;

export interface EndpointView {
  id: string;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  /** While set and in the future, deliveries are also signed with the secret before the last rotation. */
  previous_secret_expires_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface EndpointInput {
  url: string;
  description?: string;
  event_types: string[];
  enabled?: boolean;
}

export type EndpointChanges = Partial<EndpointInput>;

/** The view of an endpoint: everything but its secrets. */
export function endpointView(row: EndpointRow): EndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    event_types: JSON.parse(row.event_types) as string[],
    enabled: row.enabled === 1,
    previous_secret_expires_at: row.previous_secret_expires_at,
    created_by: row.created_by,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** An absolute http(s) URL without credentials in it (fetch refuses those, and they would show in views). */
export function checkEndpointUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw problem('webhook_url_invalid', 'url is not an absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw problem('webhook_url_invalid', `url must use http or https, not ${parsed.protocol.replace(/:$/, '')}`);
  if (parsed.username !== '' || parsed.password !== '') throw problem('webhook_url_invalid', 'url must not carry a user name or password');
  if (parsed.hostname === '') throw problem('webhook_url_invalid', 'url has no host');
  return parsed.toString();
}

export async function createEndpoint(tx: Tx, input: EndpointInput, actor: Actor, now: Date): Promise<{ endpoint: EndpointView; secret: string }> {
  const url = checkEndpointUrl(input.url);
  if ((await countLiveEndpoints(tx)) >= MAX_ENDPOINTS) throw problem('webhook_endpoint_limit', `at most ${MAX_ENDPOINTS} webhook endpoints`);
  const secret = generateSecret();
  const at = now.toISOString();
  const row: EndpointRow = {
    id: uuidv7(),
    url,
    description: input.description ?? '',
    event_types: JSON.stringify(normaliseFilter(input.event_types)),
    enabled: input.enabled === false ? 0 : 1,
    secret,
    previous_secret: null,
    previous_secret_expires_at: null,
    created_by: actor.principal.id,
    created_at: at,
    updated_at: at,
    deleted_at: null,
  };
  await insertEndpoint(tx, row);
  const endpoint = endpointView(row);
  await recordAudit(tx, actor, { action: 'webhook_endpoint.create', entityType: 'webhook_endpoint', entityId: row.id, after: endpoint }, now);
  return { endpoint, secret };
}

export async function updateEndpoint(tx: Tx, id: string, changes: EndpointChanges, actor: Actor, now: Date): Promise<EndpointView> {
  const row = await requireEndpoint(tx, id);
  const next: EndpointRow = {
    ...row,
    ...(changes.url !== undefined ? { url: checkEndpointUrl(changes.url) } : {}),
    ...(changes.description !== undefined ? { description: changes.description } : {}),
    ...(changes.event_types !== undefined ? { event_types: JSON.stringify(normaliseFilter(changes.event_types)) } : {}),
    ...(changes.enabled !== undefined ? { enabled: changes.enabled ? 1 : 0 } : {}),
    updated_at: now.toISOString(),
  };
  await updateEndpointRow(tx, id, { url: next.url, description: next.description, event_types: next.event_types, enabled: next.enabled, updated_at: next.updated_at });
  const after = endpointView(next);
  await recordAudit(tx, actor, { action: 'webhook_endpoint.update', entityType: 'webhook_endpoint', entityId: id, before: endpointView(row), after }, now);
  return after;
}

/**
 * A new secret, returned once. The old one keeps signing (as a second `v1`) for
 * `previousValidS` seconds so receivers can switch without losing a delivery.
 */
export async function rotateSecret(tx: Tx, id: string, previousValidS: number, actor: Actor, now: Date): Promise<{ endpoint: EndpointView; secret: string }> {
  const row = await requireEndpoint(tx, id);
  const secret = generateSecret();
  const changes = {
    secret,
    previous_secret: previousValidS > 0 ? row.secret : null,
    previous_secret_expires_at: previousValidS > 0 ? new Date(now.getTime() + previousValidS * 1000).toISOString() : null,
    updated_at: now.toISOString(),
  };
  await updateEndpointRow(tx, id, changes);
  const endpoint = endpointView({ ...row, ...changes });
  await recordAudit(
    tx,
    actor,
    { action: 'webhook_endpoint.rotate_secret', entityType: 'webhook_endpoint', entityId: id, after: { previous_secret_expires_at: changes.previous_secret_expires_at } },
    now,
  );
  return { endpoint, secret };
}

/** Stops all sending to the endpoint: it disappears from the API and its open deliveries are cancelled. */
export async function deleteEndpoint(tx: Tx, id: string, actor: Actor, now: Date): Promise<void> {
  const row = await requireEndpoint(tx, id);
  await updateEndpointRow(tx, id, { deleted_at: now.toISOString(), enabled: 0, updated_at: now.toISOString() });
  const cancelled = await cancelOpenDeliveries(tx, id, now);
  await recordAudit(tx, actor, { action: 'webhook_endpoint.delete', entityType: 'webhook_endpoint', entityId: id, before: endpointView(row), after: { cancelled_deliveries: cancelled } }, now);
}

async function requireEndpoint(tx: Tx, id: string): Promise<EndpointRow> {
  const row = await findEndpoint(tx, id, { lock: true });
  if (!row) throw problem('webhook_endpoint_not_found');
  return row;
}
