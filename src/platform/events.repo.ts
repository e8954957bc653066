import { type Selectable, sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { EventsTable } from '../db/schema.js';
import { decodeCursor, encodeCursor, type Page, pageSize } from '../pagination.js';

/** Reading the events outbox (writing is emitEvent in events.ts, inside the change's transaction). */

export type EventRow = Selectable<EventsTable>;

/**
 * Newest first. `type` is an exact type or a pattern ending in `.*`; it is matched with LIKE, its
 * `_` and `%` escaped so they stand for themselves.
 */
export async function listEvents(db: Db, options: { type?: string; cursor?: string; limit?: number }): Promise<Page<EventRow>> {
  const limit = pageSize(options.limit);
  const after = decodeCursor<{ seq: number }>(options.cursor, { seq: 'number' });
  const type = options.type === '*' ? undefined : options.type;
  const prefix = type?.endsWith('.*') ? type.slice(0, -1) : undefined;
  const rows = await db.q
    .selectFrom('events')
    .selectAll()
    .$if(prefix !== undefined, (qb) => qb.where(sql<boolean>`type like ${likePrefix(prefix ?? '')} escape '\\'`))
    .$if(type !== undefined && prefix === undefined, (qb) => qb.where('type', '=', type ?? ''))
    .$if(after !== undefined, (qb) => qb.where('seq', '<', after?.seq ?? 0))
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next_cursor: rows.length > limit && last ? encodeCursor({ seq: last.seq }) : null };
}

function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function getEvent(db: Db, id: string): Promise<EventRow | undefined> {
  return db.q.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function eventsByIds(db: Db, ids: readonly string[]): Promise<Map<string, EventRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.q.selectFrom('events').selectAll().where('id', 'in', [...ids]).execute();
  return new Map(rows.map((row) => [row.id, row]));
}
