import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { AuditLogTable } from '../db/schema.js';
import { decodeCursor, encodeCursor, type Page, pageSize } from '../pagination.js';

/** Reading the audit log (writing is recordAudit in audit.ts, inside the change's transaction). */

export type AuditRow = Selectable<AuditLogTable>;

export interface AuditQuery {
  entity_type?: string;
  entity_id?: string;
  actor_id?: string;
  action?: string;
  /** Inclusive lower bound on `at`. */
  from?: string;
  /** Exclusive upper bound on `at`. */
  to?: string;
  cursor?: string;
  limit?: number;
}

/** Newest first. */
export async function queryAudit(db: Db, query: AuditQuery): Promise<Page<AuditRow>> {
  const limit = pageSize(query.limit);
  const after = decodeCursor<{ seq: number }>(query.cursor, { seq: 'number' });
  const rows = await db.q
    .selectFrom('audit_log')
    .selectAll()
    .$if(query.entity_type !== undefined, (qb) => qb.where('entity_type', '=', query.entity_type ?? ''))
    .$if(query.entity_id !== undefined, (qb) => qb.where('entity_id', '=', query.entity_id ?? ''))
    .$if(query.actor_id !== undefined, (qb) => qb.where('actor_id', '=', query.actor_id ?? ''))
    .$if(query.action !== undefined, (qb) => qb.where('action', '=', query.action ?? ''))
    .$if(query.from !== undefined, (qb) => qb.where('at', '>=', query.from ?? ''))
    .$if(query.to !== undefined, (qb) => qb.where('at', '<', query.to ?? ''))
    .$if(after !== undefined, (qb) => qb.where('seq', '<', after?.seq ?? 0))
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next_cursor: rows.length > limit && last ? encodeCursor({ seq: last.seq }) : null };
}

export async function countSealing(db: Db): Promise<{ sealed: number; unsealed: number }> {
  const rows = await db.q
    .selectFrom('audit_log')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('chain_seq').as('sealed')])
    .executeTakeFirst();
  const total = Number(rows?.n ?? 0);
  const sealed = Number(rows?.sealed ?? 0);
  return { sealed, unsealed: total - sealed };
}
