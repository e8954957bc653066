import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { type Db, type DialectName, isUniqueViolation, transaction } from '../src/db/database.js';
import { type AppContext, makeContext } from '../src/http/context.js';
import { MODULES } from '../src/modules.js';
import { enqueueJob, type JobHandler, type JobLog, LEASE_MS, runDueJobs } from '../src/platform/jobs.js';
import { DIALECTS, PG_URL } from './support/databases.js';
import { openSharedDatabase, type SharedDatabase } from './support/shared-database.js';

/** The job runner with several runners on one database, crashes mid-job and lost leases. */
for (const dialect of DIALECTS) {
  const declare = dialect === 'postgres' && !PG_URL ? describe.skip : describe;
  declare(`background jobs [${dialect}]`, () => suite(dialect));
}

const ITEMS = 100;
const BATCH = 10;

function suite(dialect: DialectName) {
  let shared: SharedDatabase;
  const clock = new ManualClock('2026-06-01T00:00:00.000Z');
  const config = loadConfig({});
  const contextOf = (db: Db): AppContext => makeContext(config, db, clock, MODULES);
  const db = (): Db => shared.dbs[0] as Db;

  beforeAll(async () => {
    shared = await openSharedDatabase(dialect, 2, 6);
    // What the handlers do, with a unique key per unit of work: doing one twice fails loudly.
    await sql`create table job_runs (job_id text primary key, runner text not null)`.execute(db().q);
    await sql`create table job_items (job_id text not null, item integer not null, primary key (job_id, item))`.execute(db().q);
  });
  afterAll(async () => shared.destroy());

  async function enqueue(kind: string, count: number, payload: Record<string, unknown> = {}): Promise<string[]> {
    return transaction(db(), async (tx) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push((await enqueueJob(tx, { kind, payload: { ...payload, i } }, clock.now())) as string);
      return ids;
    });
  }

  async function jobRow(id: string) {
    return db().q.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  async function items(jobId: string): Promise<number[]> {
    const rows = await sql<{ item: number }>`select item from job_items where job_id = ${jobId} order by item`.execute(db().q);
    return rows.rows.map((r) => Number(r.item));
  }

  it('two runners, each with its own connection pool, run each of 200 jobs exactly once', async () => {
    const ids = await enqueue('record-run', 200);
    const handler = (runner: string): JobHandler => async ({ ctx, job }) => {
      await transaction(ctx.db, (tx) => sql`insert into job_runs (job_id, runner) values (${job.id}, ${runner})`.execute(tx.q));
      return { state: 'done' };
    };
    const [a, b] = shared.dbs as [Db, Db];
    const runs = await Promise.all([
      runDueJobs(contextOf(a), { 'record-run': handler('a') }, 1000),
      runDueJobs(contextOf(a), { 'record-run': handler('a') }, 1000),
      runDueJobs(contextOf(b), { 'record-run': handler('b') }, 1000),
      runDueJobs(contextOf(b), { 'record-run': handler('b') }, 1000),
    ]);
    expect(runs.reduce((x, y) => x + y, 0)).toBe(200);
    const recorded = await sql<{ job_id: string; runner: string }>`select job_id, runner from job_runs`.execute(db().q);
    expect(recorded.rows).toHaveLength(200);
    expect(new Set(recorded.rows.map((r) => r.job_id))).toEqual(new Set(ids));
    if (dialect === 'postgres') expect(new Set(recorded.rows.map((r) => r.runner))).toEqual(new Set(['a', 'b']));
    const states = await db().q.selectFrom('jobs').select(['state', 'attempts', 'last_error']).where('kind', '=', 'record-run').execute();
    expect(states.every((s) => s.state === 'done' && s.attempts === 1 && s.last_error === null)).toBe(true);
    expect(await runDueJobs(contextOf(a), { 'record-run': handler('a') })).toBe(0);
  });

  /** Works through ITEMS in batches; each batch and its progress commit together. */
  function batchHandler(options: { stallAfter?: number; failAfter?: number; onStall?: () => Promise<void>; errors?: string[] } = {}): JobHandler {
    return async ({ ctx, job, saveProgress }) => {
      let next = Number(job.progress.next ?? 0);
      try {
        while (next < ITEMS) {
          if (job.attempts === 1 && next === options.stallAfter) await options.onStall?.();
          if (job.attempts === 1 && next === options.failAfter) throw new Error(`failed at item ${next}`);
          const from = next;
          await transaction(ctx.db, async (tx) => {
            await saveProgress(tx, { next: from + BATCH });
            for (let item = from; item < from + BATCH; item++) await sql`insert into job_items (job_id, item) values (${job.id}, ${item})`.execute(tx.q);
          });
          next = from + BATCH;
        }
      } catch (error) {
        options.errors?.push(isUniqueViolation(error) ? 'duplicate item' : error instanceof Error ? error.name : String(error));
        throw error;
      }
      return { state: 'done' };
    };
  }

  it('a job that fails midway is retried after its backoff and resumes from its saved progress', async () => {
    const [id] = (await enqueue('batches-fail', 1)) as [string];
    const handlers = { 'batches-fail': batchHandler({ failAfter: 30 }) };
    expect(await runDueJobs(contextOf(db()), handlers)).toBe(1);
    let row = await jobRow(id);
    expect(row).toMatchObject({ state: 'queued', attempts: 1, last_error: 'failed at item 30', locked_by: null });
    expect(JSON.parse(row.progress)).toEqual({ next: 30 });
    expect(Date.parse(row.run_at)).toBe(clock.now().getTime() + 1000);
    expect(await items(id)).toHaveLength(30);

    expect(await runDueJobs(contextOf(db()), handlers)).toBe(0);
    clock.advance(1000);
    expect(await runDueJobs(contextOf(db()), handlers)).toBe(1);
    row = await jobRow(id);
    expect(row).toMatchObject({ state: 'done', attempts: 2, last_error: null });
    expect(await items(id)).toEqual(Array.from({ length: ITEMS }, (_, i) => i));
  });

  it('a runner that dies mid-job loses it when its lease runs out; another resumes it and the stale one cannot write', async () => {
    const [id] = (await enqueue('batches-crash', 1)) as [string];
    let release: () => void = () => undefined;
    const resume = new Promise<void>((resolve) => {
      release = resolve;
    });
    let stalled: () => void = () => undefined;
    const hasStalled = new Promise<void>((resolve) => {
      stalled = resolve;
    });
    const errors: string[] = [];
    const handler = batchHandler({
      stallAfter: 40,
      errors,
      onStall: () => {
        stalled();
        return resume;
      },
    });
    const [a, b] = shared.dbs as [Db, Db];
    const crashed = runDueJobs(contextOf(a), { 'batches-crash': handler });
    await hasStalled;
    expect(JSON.parse((await jobRow(id)).progress)).toEqual({ next: 40 });
    expect(await runDueJobs(contextOf(b), { 'batches-crash': handler })).toBe(0);

    clock.advance(LEASE_MS + 1);
    const log = captureLog();
    expect(await runDueJobs(contextOf(b), { 'batches-crash': handler }, 20, log)).toBe(1);
    expect(await jobRow(id)).toMatchObject({ state: 'done', attempts: 2 });
    expect(await items(id)).toEqual(Array.from({ length: ITEMS }, (_, i) => i));
    expect(log.lines[0]).toEqual({ level: 'info', message: 'job resumed', fields: expect.objectContaining({ job_id: id, attempt: 2, progress: { next: 40 } }) });
    expect(log.lines.filter((l) => l.message === 'job progress')).toHaveLength(6);
    expect(log.lines.at(-1)).toMatchObject({ level: 'info', message: 'job done', fields: { progress: { next: ITEMS } } });

    release();
    expect(await crashed).toBe(1);
    expect(errors).toEqual(['JobLeaseLost']);
    expect(await jobRow(id)).toMatchObject({ state: 'done', attempts: 2, last_error: null, locked_by: null });
    expect(await items(id)).toHaveLength(ITEMS);
  });

  it('a job that asks to be called again runs one batch per claim, its attempts reset after each', async () => {
    const [id] = (await enqueue('one-batch-per-run', 1)) as [string];
    const handlers: Record<string, JobHandler> = {
      'one-batch-per-run': async ({ ctx, job, saveProgress }) => {
        const from = Number(job.progress.next ?? 0);
        await transaction(ctx.db, async (tx) => {
          await saveProgress(tx, { next: from + BATCH });
          for (let item = from; item < from + BATCH; item++) await sql`insert into job_items (job_id, item) values (${job.id}, ${item})`.execute(tx.q);
        });
        return from + BATCH < ITEMS ? { state: 'again', runAt: new Date(clock.now().getTime() + 5000) } : { state: 'done' };
      },
    };
    expect(await runDueJobs(contextOf(db()), handlers)).toBe(1);
    expect(await jobRow(id)).toMatchObject({ state: 'queued', attempts: 0 });
    expect(await runDueJobs(contextOf(db()), handlers)).toBe(0);
    for (let run = 2; run <= ITEMS / BATCH; run++) {
      clock.advance(5000);
      expect(await runDueJobs(contextOf(db()), handlers)).toBe(1);
    }
    expect(await jobRow(id)).toMatchObject({ state: 'done', attempts: 1 });
    expect(await items(id)).toHaveLength(ITEMS);
  });

  it('gives up after the attempt limit and says so', async () => {
    const [id] = (await enqueue('always-fails', 1)) as [string];
    const log = captureLog();
    const handlers: Record<string, JobHandler> = {
      'always-fails': async () => {
        throw new Error('nope');
      },
    };
    for (let attempt = 1; attempt <= 8; attempt++) {
      expect(await runDueJobs(contextOf(db()), handlers, 20, log)).toBe(1);
      clock.advance(600_000);
    }
    expect(await runDueJobs(contextOf(db()), handlers)).toBe(0);
    expect(await jobRow(id)).toMatchObject({ state: 'failed', attempts: 8, last_error: 'nope' });
    expect(log.lines.filter((l) => l.message === 'job failed; will retry')).toHaveLength(7);
    expect(log.lines.at(-1)).toMatchObject({ level: 'error', message: 'job failed for good' });
  });
}

function captureLog(): JobLog & { lines: { level: string; message: string; fields: object }[] } {
  const lines: { level: string; message: string; fields: object }[] = [];
  const at = (level: string) => (fields: object, message: string) => lines.push({ level, message, fields });
  return { lines, info: at('info'), debug: at('debug'), warn: at('warn'), error: at('error') };
}
