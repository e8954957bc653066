import { type Db, transaction } from '../db/database.js';
import { problem } from '../errors.js';
import { uuidv7 } from '../ids.js';
import { canonicalJson } from '../json.js';
import { enqueueJob } from '../platform/jobs.js';
import { formatYuan } from './amount.js';
import { type ExternalRow, type ReadLimits, readExternalRows } from './csv-rows.js';
import type { ReconcileMapping } from './mapping.js';
import { compareLines, dropWorkingRows, listMissingTheirs, loadOurs, summarise } from './match.repo.js';
import { deleteRun, getRun, insertRows, insertRun, listDifferences, rowSpan } from './reconcile.repo.js';

/**
 * Transaction-by-transaction reconciliation. A file is streamed into a run's rows (chunks of
 * rows per transaction, so a large file never holds a lock for long; a bad file removes what
 * was loaded), then matched against the ledger by the `reconcile.match` job or inline by the CLI.
 */

export const MATCH_JOB = 'reconcile.match';
const LOAD_CHUNK = 2000;
const COMPARE_LINES = 20_000;

export interface IngestInput {
  source: string;
  mapping: ReconcileMapping;
  /** The period our side covers; absent = from the file's first row time to its last. */
  periodFrom?: string | undefined;
  periodTo?: string | undefined;
  actorId: string;
  /** Queue the match job (the API) or leave it to the caller (the CLI). */
  enqueue: boolean;
}

export async function ingestFile(db: Db, file: AsyncIterable<Buffer | string>, input: IngestInput, limits: ReadLimits, now: Date): Promise<string> {
  const runId = uuidv7();
  await insertRun(db, {
    id: runId,
    source: input.source,
    mapping: canonicalJson(input.mapping),
    state: 'loading',
    period_from: input.periodFrom ?? null,
    period_to: input.periodTo ?? null,
    file_rows: 0,
    summary: '{}',
    created_by: input.actorId,
    created_at: now.toISOString(),
    finished_at: null,
  });
  let rows = 0;
  try {
    let chunk: ExternalRow[] = [];
    for await (const batch of readExternalRows(file, input.mapping, limits)) {
      for (const row of batch) chunk.push(row);
      if (chunk.length >= LOAD_CHUNK) {
        const part = chunk;
        chunk = [];
        await transaction(db, (tx) => insertRows(tx, runId, part));
        rows += part.length;
      }
    }
    if (chunk.length > 0) await transaction(db, (tx) => insertRows(tx, runId, chunk));
    rows += chunk.length;
  } catch (error) {
    await deleteRun(db, runId);
    throw error;
  }
  await transaction(db, async (tx) => {
    const span = await rowSpan(tx, runId);
    const periodFrom = input.periodFrom ?? span.first_at;
    // The period is half-open; the last row's own instant must be inside it.
    const periodTo = input.periodTo ?? (span.last_at ? new Date(Date.parse(span.last_at) + 1).toISOString() : null);
    await tx.q.updateTable('reconcile_runs').set({ state: 'matching', file_rows: rows, period_from: periodFrom, period_to: periodTo }).where('id', '=', runId).execute();
    if (input.enqueue) await enqueueJob(tx, { kind: MATCH_JOB, payload: { run_id: runId }, dedupeKey: `reconcile-match:${runId}` }, now);
  });
  return runId;
}

/** A load that stopped half-way (the process died during an upload) leaves a run in `loading`. */
const ABANDONED_AFTER_MS = 6 * 3_600_000;

/** Removes runs whose upload was interrupted, with their rows; returns how many. */
export async function removeAbandonedLoads(db: Db, now: Date): Promise<number> {
  const before = new Date(now.getTime() - ABANDONED_AFTER_MS).toISOString();
  const stale = await db.q.selectFrom('reconcile_runs').select('id').where('state', '=', 'loading').where('created_at', '<', before).limit(10).execute();
  for (const { id } of stale) await deleteRun(db, id);
  return stale.length;
}

export interface MatchProgress {
  step: 'ours' | 'compare' | 'theirs' | 'finish' | 'done';
  next_line: number;
}

/**
 * Does the next step of matching a run; `save` runs in the step's transaction (the job saves
 * its progress there, so a crash resumes after the last finished step).
 */
export async function matchStep(
  db: Db,
  runId: string,
  progress: MatchProgress,
  now: Date,
  save: (tx: Parameters<Parameters<typeof transaction>[1]>[0], next: MatchProgress) => Promise<void> = async () => {},
): Promise<MatchProgress> {
  const run = await getRun(db, runId);
  if (!run) throw problem('reconcile_run_not_found');
  if (run.state === 'done') return { step: 'done', next_line: 0 };
  const lastLine = Number(run.file_rows) + 1;
  return transaction(db, async (tx) => {
    let next: MatchProgress;
    switch (progress.step) {
      case 'ours':
        if (run.period_from && run.period_to) await loadOurs(tx, runId, run.period_from, run.period_to);
        next = { step: 'compare', next_line: 2 };
        break;
      case 'compare': {
        const end = Math.min(progress.next_line + COMPARE_LINES, lastLine + 1);
        await compareLines(tx, runId, progress.next_line, end);
        next = end > lastLine ? { step: 'theirs', next_line: 0 } : { step: 'compare', next_line: end };
        break;
      }
      case 'theirs':
        await listMissingTheirs(tx, runId);
        next = { step: 'finish', next_line: 0 };
        break;
      default: {
        const summary = await summarise(tx, runId);
        await tx.q.updateTable('reconcile_runs').set({ state: 'done', summary: canonicalJson(summary), finished_at: now.toISOString() }).where('id', '=', runId).execute();
        await dropWorkingRows(tx, runId);
        next = { step: 'done', next_line: 0 };
      }
    }
    await save(tx, next);
    return next;
  });
}

/** Matches a run to the end in this process (the CLI; tests). */
export async function matchRun(db: Db, runId: string, now: Date): Promise<void> {
  let progress: MatchProgress = { step: 'ours', next_line: 0 };
  while (progress.step !== 'done') progress = await matchStep(db, runId, progress, now);
}

export const DIFFERENCE_HEADER = ['id', 'result', 'reference', 'kind', 'line', 'currency', 'their_amount', 'our_amount', 'difference', 'transfer_id', 'adjustment_id'];

/** A run's differences as CSV lines (amounts in yuan), a page at a time from the database. */
export async function* differencesCsv(db: Db, runId: string): AsyncGenerator<string> {
  yield `${DIFFERENCE_HEADER.join(',')}\n`;
  let cursor: string | undefined;
  do {
    const page = await listDifferences(db, runId, { cursor, limit: 200 });
    for (const d of page.items) {
      const yuan = (v: number | null) => (v === null ? '' : formatYuan(v));
      const difference = (d.their_amount ?? 0) - (d.our_amount ?? 0);
      yield `${[d.id, d.result, csvCell(d.reference), d.kind, d.line ?? '', d.currency, yuan(d.their_amount), yuan(d.our_amount), formatYuan(difference), d.transfer_id ?? '', d.adjustment_id ?? ''].join(',')}\n`;
    }
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}

/** Quotes a cell when needed, and defuses spreadsheet formulas (=, +, -, @ first). */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
