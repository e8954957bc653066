import type { Db, Tx } from '../db/database.js';
import type { WebhookEndpointsTable } from '../db/schema.js';
import { decodeCursor, encodeCursor, type Page, pageSize } from '../pagination.js';

/** Storage of webhook endpoints. Deleted endpoints keep their row (deliveries point at it). */

export type EndpointRow = WebhookEndpointsTable;

export async function insertEndpoint(tx: Tx, row: EndpointRow): Promise<void> {
  await tx.q.insertInto('webhook_endpoints').values(row).execute();
}

export async function countLiveEndpoints(tx: Tx): Promise<number> {
  const row = await tx.q
    .selectFrom('webhook_endpoints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A live (not deleted) endpoint; locked for the rest of the transaction on PostgreSQL when asked. */
export async function findEndpoint(db: Db | Tx, id: string, options: { lock?: boolean } = {}): Promise<EndpointRow | undefined> {
  return db.q
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .$if(options.lock === true && db.dialect === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/** Any endpoint, deleted or not. */
export async function findAnyEndpoint(db: Db | Tx, id: string): Promise<EndpointRow | undefined> {
  return db.q.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listEndpoints(db: Db, options: { cursor?: string; limit?: number; enabled?: boolean }): Promise<Page<EndpointRow>> {
  const limit = pageSize(options.limit);
  const after = decodeCursor<{ id: string }>(options.cursor, { id: 'string' });
  const rows = await db.q
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('deleted_at', 'is', null)
    .$if(options.enabled !== undefined, (qb) => qb.where('enabled', '=', options.enabled ? 1 : 0))
    .$if(after !== undefined, (qb) => qb.where('id', '<', after?.id ?? ''))
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next_cursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null };
}

export async function updateEndpointRow(tx: Tx, id: string, changes: Partial<Omit<EndpointRow, 'id' | 'created_at' | 'created_by'>>): Promise<void> {
  await tx.q.updateTable('webhook_endpoints').set(changes).where('id', '=', id).execute();
}

/** What the fan-out needs of every endpoint that currently receives events. */
export async function receivingEndpoints(tx: Tx): Promise<Pick<EndpointRow, 'id' | 'event_types' | 'created_at'>[]> {
  return tx.q
    .selectFrom('webhook_endpoints')
    .select(['id', 'event_types', 'created_at'])
    .where('enabled', '=', 1)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
}
