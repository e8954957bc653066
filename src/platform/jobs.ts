import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ExpressionBuilder } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { AppContext } from '../http/context.js';
import { uuidv7 } from '../ids.js';
import { canonicalJson } from '../json.js';

/**
 * Durable background jobs. A job is a row; a runner claims it with a conditional UPDATE (so two
 * processes never run the same job), works in batches, and saves its progress in the same
 * transaction as each batch, so after a crash the next claim resumes where the last batch ended.
 *
 * Each claim carries its own token (`locked_by`). Saving progress and finishing are conditional
 * on that token, so a runner whose lease ran out (it stalled, and another runner took the job
 * over) can no longer write: its batch transaction fails and rolls back instead of doing an item
 * twice.
 */

export interface Job {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  progress: Record<string, unknown>;
  attempts: number;
}

export interface JobRun {
  ctx: AppContext;
  job: Job;
  /**
   * Saves progress inside the batch's own transaction and renews the lease. Throws when this run
   * lost its claim, which rolls the batch back.
   */
  saveProgress(tx: Tx, progress: Record<string, unknown>): Promise<void>;
}

/** 'done', or 'again' to be called back (from the saved progress) for the next batch. */
export type JobOutcome = { state: 'done' } | { state: 'again'; runAt?: Date };
export type JobHandler = (run: JobRun) => Promise<JobOutcome>;

/** The part of a pino/Fastify logger the runner uses. */
export interface JobLog {
  info(fields: object, message: string): void;
  debug(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface EnqueueInput {
  kind: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  /** At most one job ever exists per dedupe key. */
  dedupeKey?: string;
}

export const LEASE_MS = 60_000;
export const MAX_ATTEMPTS = 8;
const WORKER = `${hostname()}:${process.pid}`;

export class JobLeaseLost extends Error {
  override name = 'JobLeaseLost';
}

/** Enqueues a job in the caller's transaction; returns null when the dedupe key already exists. */
export async function enqueueJob(tx: Tx, input: EnqueueInput, now: Date): Promise<string | null> {
  const id = uuidv7();
  const at = now.toISOString();
  const values = {
    id,
    kind: input.kind,
    dedupe_key: input.dedupeKey ?? null,
    payload: canonicalJson(input.payload ?? {}),
    state: 'queued' as const,
    run_at: (input.runAt ?? now).toISOString(),
    attempts: 0,
    locked_by: null,
    locked_until: null,
    progress: '{}',
    last_error: null,
    created_at: at,
    updated_at: at,
  };
  if (input.dedupeKey === undefined) {
    await tx.q.insertInto('jobs').values(values).execute();
    return id;
  }
  const inserted = await tx.q
    .insertInto('jobs')
    .values(values)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted ? id : null;
}

/**
 * Claims and runs due jobs of the kinds this process knows, one claim at a time, until none is
 * due or `limit` runs were made; returns how many runs it made.
 */
export async function runDueJobs(ctx: AppContext, handlers: Readonly<Record<string, JobHandler>>, limit = 20, log?: JobLog): Promise<number> {
  const kinds = Object.keys(handlers);
  if (kinds.length === 0) return 0;
  let runs = 0;
  while (runs < limit) {
    const job = await claimNext(ctx.db, kinds, ctx.clock.now());
    if (!job) break;
    runs += 1;
    await runClaimed(ctx, job, handlers[job.kind] as JobHandler, log);
  }
  return runs;
}

type JobsEb = ExpressionBuilder<Database, 'jobs'>;

/** Queued and due, or running with a lease that ran out (its runner died or stalled). */
function isDue(eb: JobsEb, at: string) {
  return eb.or([
    eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', at)]),
    eb.and([eb('state', '=', 'running'), eb('locked_until', '<', at)]),
  ]);
}

interface ClaimedJob extends Job {
  token: string;
}

/**
 * Takes the next due job in one statement. On PostgreSQL the candidate is picked with FOR UPDATE
 * SKIP LOCKED, so runners never queue up behind one another on the same row; on both databases
 * the UPDATE re-checks that the job is still due, which is what guarantees a single claim.
 */
async function claimNext(db: Db, kinds: readonly string[], now: Date): Promise<ClaimedJob | null> {
  const at = now.toISOString();
  const token = `${WORKER}:${randomBytes(6).toString('hex')}`;
  const claim = (eb: JobsEb) => ({
    state: 'running' as const,
    locked_by: token,
    locked_until: new Date(now.getTime() + LEASE_MS).toISOString(),
    attempts: eb('attempts', '+', 1),
    updated_at: at,
  });
  const row = await db.q
    .updateTable('jobs')
    .set(claim)
    .where('id', '=', (eb) =>
      eb
        .selectFrom('jobs')
        .select('id')
        .where('kind', 'in', kinds)
        .where((inner) => isDue(inner, at))
        .orderBy('run_at')
        .limit(1)
        .$if(db.dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
    )
    .where((eb) => isDue(eb, at))
    .returningAll()
    .executeTakeFirst();
  return row ? jobFromRow(row, token) : null;
}

function jobFromRow(row: { id: string; kind: string; payload: string; progress: string; attempts: number }, token: string): ClaimedJob {
  return {
    id: row.id,
    kind: row.kind,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    progress: JSON.parse(row.progress) as Record<string, unknown>,
    attempts: row.attempts,
    token,
  };
}

async function runClaimed(ctx: AppContext, claimed: ClaimedJob, handler: JobHandler, log: JobLog | undefined): Promise<void> {
  const { token, ...job } = claimed;
  const fields = { job_id: job.id, kind: job.kind, attempt: job.attempts };
  log?.info({ ...fields, progress: job.progress }, Object.keys(job.progress).length > 0 ? 'job resumed' : 'job started');
  const run: JobRun = {
    ctx,
    job,
    async saveProgress(tx, progress) {
      const now = ctx.clock.now();
      const saved = await tx.q
        .updateTable('jobs')
        .set({ progress: canonicalJson(progress), locked_until: new Date(now.getTime() + LEASE_MS).toISOString(), updated_at: now.toISOString() })
        .where('id', '=', job.id)
        .where('locked_by', '=', token)
        .executeTakeFirst();
      if (Number(saved.numUpdatedRows) !== 1) throw new JobLeaseLost(`job ${job.id} was taken over by another runner`);
      job.progress = progress;
      log?.debug({ ...fields, progress }, 'job progress');
    },
  };
  let outcome: JobOutcome | undefined;
  let failure: string | undefined;
  try {
    outcome = await handler(run);
  } catch (error) {
    failure = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
  }
  const at = ctx.clock.now();
  const failed = failure !== undefined && job.attempts >= MAX_ATTEMPTS;
  const again = outcome?.state === 'again';
  const finished = await ctx.db.q
    .updateTable('jobs')
    .set({
      state: failure !== undefined ? (failed ? 'failed' : 'queued') : again ? 'queued' : 'done',
      run_at: (failure !== undefined ? new Date(at.getTime() + backoffMs(job.attempts)) : outcome?.state === 'again' ? (outcome.runAt ?? at) : at).toISOString(),
      attempts: again ? 0 : job.attempts,
      locked_by: null,
      locked_until: null,
      last_error: failure ?? null,
      updated_at: at.toISOString(),
    })
    .where('id', '=', job.id)
    .where('locked_by', '=', token)
    .executeTakeFirst();
  if (Number(finished.numUpdatedRows) !== 1) {
    log?.warn(fields, 'job lease lost; another runner owns it now');
  } else if (failure !== undefined) {
    log?.[failed ? 'error' : 'warn']({ ...fields, progress: job.progress, error: failure }, failed ? 'job failed for good' : 'job failed; will retry');
  } else {
    log?.info({ ...fields, progress: job.progress }, again ? 'job batch done; more to do' : 'job done');
  }
}

/** 1 s, 2 s, 4 s … capped at 10 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(attempts - 1, 0), 600_000);
}
