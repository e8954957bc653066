import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Db, type DialectName, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';

/** Shared pieces of the benchmark scripts: databases to run on, timing and a table printer. */

export type SqliteSynchronous = 'full' | 'normal';

export const PG_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

export interface BenchDb {
  db: Db;
  dialect: DialectName;
  /** For raw-driver baselines: the SQLite file path, or the PostgreSQL URL and schema. */
  sqlitePath?: string;
  sqliteSynchronous?: SqliteSynchronous;
  pgSchema?: string;
  close(): Promise<void>;
}

/** Which databases a bench runs on: BENCH_DATABASES=sqlite,postgres (the default) or one of them. */
const WANTED = new Set((process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',').map((name) => name.trim()));

/**
 * The databases to measure, freshly migrated: SQLite once per synchronous mode asked for (the
 * default `normal`), then PostgreSQL when TEST_DATABASE_URL or DATABASE_URL is set.
 */
export async function benchDatabases(poolSize = 20, sqliteModes: readonly SqliteSynchronous[] = ['normal']): Promise<BenchDb[]> {
  const out: BenchDb[] = [];
  for (const synchronous of WANTED.has('sqlite') ? sqliteModes : []) {
    const dir = mkdtempSync(join(tmpdir(), 'scrip-bench-'));
    const sqlite = await openDatabase({ dataDir: dir, sqliteSynchronous: synchronous });
    await migrateToLatest(sqlite);
    out.push({
      db: sqlite,
      dialect: 'sqlite',
      sqlitePath: join(dir, 'scrip.sqlite'),
      sqliteSynchronous: synchronous,
      close: async () => {
        await sqlite.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    });
  }
  if (!WANTED.has('postgres')) return out;
  if (PG_URL) {
    const schema = `scrip_bench_${process.pid}`;
    const db = await openDatabase({ databaseUrl: PG_URL, pgSchema: schema, pgPoolSize: poolSize });
    await migrateToLatest(db);
    out.push({
      db,
      dialect: 'postgres',
      pgSchema: schema,
      close: async () => {
        await db.destroy();
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      },
    });
  } else {
    console.warn('TEST_DATABASE_URL / DATABASE_URL not set: PostgreSQL figures skipped');
  }
  return out;
}

/** Runs worker() on `concurrency` loops for durationMs; returns operations per second and latencies. */
export async function measure(
  durationMs: number,
  concurrency: number,
  worker: (i: number) => Promise<number>,
): Promise<Measured> {
  const latencies: number[] = [];
  let ops = 0;
  let counter = 0;
  const end = performance.now() + durationMs;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        // Await first: `ops += await …` would read `ops` before the await and lose other loops' counts.
        const done = await worker(counter++);
        ops += done;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return summarise(ops, (performance.now() - start) / 1000, latencies);
}

/** What measure() found: operations per second, latency percentiles, and the raw counts behind them. */
export interface Measured {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  ops: number;
  seconds: number;
  latenciesMs: number[];
}

function summarise(ops: number, seconds: number, latenciesMs: number[]): Measured {
  latenciesMs.sort((a, b) => a - b);
  const pct = (p: number) => latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(latenciesMs.length * p))] ?? 0;
  return { perSecond: ops / seconds, p50Ms: pct(0.5), p99Ms: pct(0.99), ops, seconds, latenciesMs };
}

/** Several measure() runs of one path as one: their operations over their summed time. */
export function combine(runs: readonly Measured[]): Measured {
  return summarise(
    runs.reduce((sum, run) => sum + run.ops, 0),
    runs.reduce((sum, run) => sum + run.seconds, 0),
    runs.flatMap((run) => run.latenciesMs),
  );
}

export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const r of cells.slice(1)) console.log(line(r));
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
