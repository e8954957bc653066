import type { Db } from '../db/database.js';
import type { JobsTable } from '../db/schema.js';
import { decodeCursor, encodeCursor, type Page, pageSize } from '../pagination.js';

/** Reading the jobs table for the API (claiming and running live in jobs.ts). */

export type JobRow = JobsTable;

/** Newest first (ids are time-ordered). */
export async function listJobs(db: Db, query: { state?: JobRow['state']; kind?: string; cursor?: string; limit?: number }): Promise<Page<JobRow>> {
  const limit = pageSize(query.limit);
  const after = decodeCursor<{ id: string }>(query.cursor, { id: 'string' });
  const rows = await db.q
    .selectFrom('jobs')
    .selectAll()
    .$if(query.state !== undefined, (qb) => qb.where('state', '=', query.state ?? 'queued'))
    .$if(query.kind !== undefined, (qb) => qb.where('kind', '=', query.kind ?? ''))
    .$if(after !== undefined, (qb) => qb.where('id', '<', after?.id ?? ''))
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next_cursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null };
}

export async function getJob(db: Db, id: string): Promise<JobRow | undefined> {
  return db.q.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}
