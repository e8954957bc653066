import type { Selectable } from 'kysely';
import { type Db, execSql, type Tx } from '../db/database.js';
import type { ReconcileDifferencesTable, ReconcileResult, ReconcileRunsTable } from '../db/schema.js';
import { type Page, decodeCursor, encodeCursor, pageSize } from '../pagination.js';
import type { ExternalRow } from './csv-rows.js';
import { DEFAULT_MAPPING, DEFAULT_MAPPING_NAME, type ReconcileMapping } from './mapping.js';

/** The only code that reads or writes the reconciliation tables. */

export interface RunSummary {
  rows: number;
  results: Record<ReconcileResult, { count: number; their_amount: number; our_amount: number }>;
}

export interface RunView {
  id: string;
  source: string;
  state: Selectable<ReconcileRunsTable>['state'];
  period_from: string | null;
  period_to: string | null;
  file_rows: number;
  mapping: ReconcileMapping;
  summary: RunSummary | null;
  created_by: string;
  created_at: string;
  finished_at: string | null;
}

export function runView(row: Selectable<ReconcileRunsTable>): RunView {
  const summary = JSON.parse(row.summary) as RunSummary | Record<string, never>;
  return {
    id: row.id,
    source: row.source,
    state: row.state,
    period_from: row.period_from,
    period_to: row.period_to,
    file_rows: Number(row.file_rows),
    mapping: JSON.parse(row.mapping) as ReconcileMapping,
    summary: 'results' in summary ? (summary as RunSummary) : null,
    created_by: row.created_by,
    created_at: row.created_at,
    finished_at: row.finished_at,
  };
}

export async function getMapping(db: Db | Tx, name: string): Promise<ReconcileMapping | undefined> {
  const row = await db.q.selectFrom('reconcile_mappings').select('mapping').where('name', '=', name).executeTakeFirst();
  if (row) return JSON.parse(row.mapping) as ReconcileMapping;
  return name === DEFAULT_MAPPING_NAME ? DEFAULT_MAPPING : undefined;
}

export async function saveMapping(tx: Tx, name: string, mapping: ReconcileMapping, actorId: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await tx.q
    .insertInto('reconcile_mappings')
    .values({ name, mapping: JSON.stringify(mapping), created_by: actorId, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('name').doUpdateSet({ mapping: JSON.stringify(mapping), updated_at: at }))
    .execute();
}

export async function listMappings(db: Db): Promise<{ name: string; mapping: ReconcileMapping; updated_at: string | null }[]> {
  const rows = await db.q.selectFrom('reconcile_mappings').selectAll().orderBy('name').limit(200).execute();
  const saved = rows.map((r) => ({ name: r.name, mapping: JSON.parse(r.mapping) as ReconcileMapping, updated_at: r.updated_at }));
  return saved.some((m) => m.name === DEFAULT_MAPPING_NAME) ? saved : [{ name: DEFAULT_MAPPING_NAME, mapping: DEFAULT_MAPPING, updated_at: null }, ...saved];
}

export async function insertRun(db: Db, row: Selectable<ReconcileRunsTable>): Promise<void> {
  await db.q.insertInto('reconcile_runs').values(row).execute();
}

export async function insertRows(tx: Tx, runId: string, rows: readonly ExternalRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) {
    const part = rows.slice(i, i + 400);
    await execSql(
      tx,
      `insert into reconcile_rows (run_id, line, reference, kind, amount, currency, at) values ${part.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      part.flatMap((r) => [runId, r.line, r.reference, r.kind, r.amount, r.currency, r.at]),
    );
  }
}

/** Removes a run that could not be loaded, so a bad file leaves nothing behind. */
export async function deleteRun(db: Db, runId: string): Promise<void> {
  await db.q.deleteFrom('reconcile_rows').where('run_id', '=', runId).execute();
  await db.q.deleteFrom('reconcile_ours').where('run_id', '=', runId).execute();
  await db.q.deleteFrom('reconcile_differences').where('run_id', '=', runId).execute();
  await db.q.deleteFrom('reconcile_runs').where('id', '=', runId).execute();
}

export async function rowSpan(tx: Tx | Db, runId: string): Promise<{ first_at: string | null; last_at: string | null }> {
  const row = await tx.q
    .selectFrom('reconcile_rows')
    .select((eb) => [eb.fn.min('at').as('first_at'), eb.fn.max('at').as('last_at')])
    .where('run_id', '=', runId)
    .executeTakeFirst();
  return { first_at: row?.first_at ?? null, last_at: row?.last_at ?? null };
}

export async function getRun(db: Db | Tx, id: string): Promise<Selectable<ReconcileRunsTable> | undefined> {
  return db.q.selectFrom('reconcile_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listRuns(db: Db, options: { cursor?: string | undefined; limit?: number | undefined }): Promise<Page<RunView>> {
  const limit = pageSize(options.limit);
  const after = decodeCursor<{ at: string; id: string }>(options.cursor, { at: 'string', id: 'string' });
  const rows = await db.q
    .selectFrom('reconcile_runs')
    .selectAll()
    .$if(after !== undefined, (qb) =>
      qb.where((eb) => eb.or([eb('created_at', '<', after?.at ?? ''), eb.and([eb('created_at', '=', after?.at ?? ''), eb('id', '<', after?.id ?? '')])])),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(runView);
  const last = items.at(-1);
  return { items, next_cursor: rows.length > limit && last ? encodeCursor({ at: last.created_at, id: last.id }) : null };
}

export type DifferenceRow = Selectable<ReconcileDifferencesTable>;

export async function listDifferences(
  db: Db,
  runId: string,
  options: { cursor?: string | undefined; limit?: number | undefined; result?: string | undefined },
): Promise<Page<DifferenceRow>> {
  const limit = pageSize(options.limit);
  const after = decodeCursor<{ id: string }>(options.cursor, { id: 'string' });
  const rows = await db.q
    .selectFrom('reconcile_differences')
    .selectAll()
    .where('run_id', '=', runId)
    .$if(options.result !== undefined, (qb) => qb.where('result', '=', options.result as DifferenceRow['result']))
    .$if(after !== undefined, (qb) => qb.where('id', '>', after?.id ?? ''))
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(numericDifference);
  const last = items.at(-1);
  return { items, next_cursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null };
}

function numericDifference(row: DifferenceRow): DifferenceRow {
  return {
    ...row,
    line: row.line === null ? null : Number(row.line),
    their_amount: row.their_amount === null ? null : Number(row.their_amount),
    our_amount: row.our_amount === null ? null : Number(row.our_amount),
  };
}

export async function getDifference(db: Db | Tx, id: string): Promise<DifferenceRow | undefined> {
  const row = await db.q.selectFrom('reconcile_differences').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? numericDifference(row) : undefined;
}
