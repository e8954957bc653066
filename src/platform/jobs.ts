import { hostname } from 'node:os';
import type { Db, Tx } from '../db/database.js';
import type { AppContext } from '../http/context.js';
import { uuidv7 } from '../ids.js';
import { canonicalJson } from '../json.js';

/**
 * Durable background jobs. A job is a row; a runner claims it with a conditional UPDATE (so two
 * processes never run the same job), works in batches, and saves its progress in the same
 * transaction as each batch, so after a crash the next claim resumes where the last batch ended.
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
  /** Saves progress inside the batch's own transaction. */
  saveProgress(tx: Tx, progress: Record<string, unknown>): Promise<void>;
}

/** 'done', or 'again' to be called back (from the saved progress) for the next batch. */
export type JobOutcome = { state: 'done' } | { state: 'again'; runAt?: Date };
export type JobHandler = (run: JobRun) => Promise<JobOutcome>;

export interface EnqueueInput {
  kind: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  /** At most one job ever exists per dedupe key. */
  dedupeKey?: string;
}

const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 8;
const WORKER_ID = `${hostname()}:${process.pid}`;

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

/** Claims and runs due jobs of the kinds this process knows; returns how many runs it made. */
export async function runDueJobs(ctx: AppContext, handlers: Readonly<Record<string, JobHandler>>, limit = 20): Promise<number> {
  const now = ctx.clock.now();
  const kinds = Object.keys(handlers);
  if (kinds.length === 0) return 0;
  const due = await ctx.db.q
    .selectFrom('jobs')
    .select('id')
    .where('kind', 'in', kinds)
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', now.toISOString())]),
        eb.and([eb('state', '=', 'running'), eb('locked_until', '<', now.toISOString())]),
      ]),
    )
    .orderBy('run_at')
    .limit(limit)
    .execute();
  let runs = 0;
  for (const { id } of due) {
    const job = await claim(ctx.db, id, now);
    if (!job) continue;
    runs += 1;
    await runClaimed(ctx, job, handlers[job.kind] as JobHandler);
  }
  return runs;
}

async function claim(db: Db, id: string, now: Date): Promise<Job | null> {
  const at = now.toISOString();
  const claimed = await db.q
    .updateTable('jobs')
    .set((eb) => ({
      state: 'running',
      locked_by: WORKER_ID,
      locked_until: new Date(now.getTime() + LEASE_MS).toISOString(),
      attempts: eb('attempts', '+', 1),
      updated_at: at,
    }))
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', at)]), eb.and([eb('state', '=', 'running'), eb('locked_until', '<', at)])]),
    )
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return null;
  const row = await db.q.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return {
    id: row.id,
    kind: row.kind,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    progress: JSON.parse(row.progress) as Record<string, unknown>,
    attempts: row.attempts,
  };
}

async function runClaimed(ctx: AppContext, job: Job, handler: JobHandler): Promise<void> {
  const run: JobRun = {
    ctx,
    job,
    async saveProgress(tx, progress) {
      job.progress = progress;
      await tx.q
        .updateTable('jobs')
        .set({ progress: canonicalJson(progress), updated_at: ctx.clock.now().toISOString() })
        .where('id', '=', job.id)
        .execute();
    },
  };
  const db = ctx.db;
  try {
    const outcome = await handler(run);
    const at = ctx.clock.now();
    await db.q
      .updateTable('jobs')
      .set({
        state: outcome.state === 'done' ? 'done' : 'queued',
        run_at: outcome.state === 'again' ? (outcome.runAt ?? at).toISOString() : at.toISOString(),
        attempts: outcome.state === 'again' ? 0 : job.attempts,
        locked_by: null,
        locked_until: null,
        last_error: null,
        updated_at: at.toISOString(),
      })
      .where('id', '=', job.id)
      .execute();
  } catch (error) {
    const at = ctx.clock.now();
    const message = error instanceof Error ? error.message : String(error);
    const failed = job.attempts >= MAX_ATTEMPTS;
    await db.q
      .updateTable('jobs')
      .set({
        state: failed ? 'failed' : 'queued',
        run_at: new Date(at.getTime() + backoffMs(job.attempts)).toISOString(),
        locked_by: null,
        locked_until: null,
        last_error: message.slice(0, 1000),
        updated_at: at.toISOString(),
      })
      .where('id', '=', job.id)
      .execute();
  }
}

/** 1 s, 2 s, 4 s … capped at 10 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(attempts - 1, 0), 600_000);
}

