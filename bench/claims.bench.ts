import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { mintShopperToken } from '../src/platform/shopper-token.js';
import { verifyAll } from '../src/verify.js';
import { claimSetup } from './coupons-support.js';
import { type BenchDb, PG_URL, benchDatabases, fmt, measure, printTable } from './support.js';

/**
 * Coupon claims per second through HTTP, against the raw database doing the same work:
 * (a) raw driver: one transaction with the conditional stock UPDATE and a unique claim-row
 *     INSERT (PostgreSQL as one statement, 8 clients; SQLite one writer);
 * (b) `POST /v1/shopper/coupon-claims` on two server processes (PostgreSQL) or one (SQLite),
 *     many concurrent shoppers, until the stock is gone. At the end: issued = stock exactly,
 *     every extra claim refused, `verify` green.
 */

const SECRET = 'bench-claims-shopper-secret-0123456789abcdef';
const STOCK = Number(process.env.BENCH_CLAIMS ?? 3000);
const RAW_MS = Number(process.env.BENCH_MS ?? 3000);
/** LIMITS.md: PostgreSQL coupon claim, one statement, 8 clients. */
const LIMITS_PG_CLAIMS = 2700;

async function rawBaseline(b: BenchDb): Promise<number> {
  const setup = 'create table if not exists bench_stock (id text primary key, issued integer not null, quantity integer not null)';
  const claims = 'create table if not exists bench_claims (item_id text not null, shopper_id text not null, primary key (item_id, shopper_id))';
  if (b.dialect === 'sqlite') {
    const raw = new BetterSqlite3(b.sqlitePath as string);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.exec(setup);
    raw.exec(claims);
    raw.prepare('insert into bench_stock values (?, 0, ?)').run('raw', 1e9);
    const take = raw.prepare('update bench_stock set issued = issued + 1 where id = ? and issued < quantity');
    const claim = raw.prepare('insert into bench_claims values (?, ?)');
    const one = raw.transaction((i: number) => {
      claim.run('raw', `s-${i}`);
      take.run('raw');
    });
    const result = await measure(RAW_MS, 1, async (i) => {
      one.immediate(i);
      return 1;
    });
    raw.close();
    return result.perSecond;
  }
  const pool = new pg.Pool({ connectionString: PG_URL, max: 8, options: `-c search_path=${b.pgSchema}` });
  await pool.query(setup);
  await pool.query(claims);
  await pool.query(`insert into bench_stock values ('raw', 0, 1000000000)`);
  const statement = `with c as (insert into bench_claims values ('raw', $1) on conflict do nothing returning 1)
    update bench_stock set issued = issued + 1 where id = 'raw' and issued < quantity and exists (select 1 from c)`;
  const result = await measure(RAW_MS, 8, async (i) => {
    await pool.query(statement, [`s-${i}-${randomUUID()}`]);
    return 1;
  });
  await pool.end();
  return result.perSecond;
}

function serverEnv(b: BenchDb, port: number): NodeJS.ProcessEnv {
  const common = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', JOBS: 'false', DEMO: 'false', SHOPPER_TOKEN_SECRET: SECRET, PG_POOL_SIZE: '16' };
  if (b.dialect === 'sqlite') return { ...common, DATABASE_URL: '', DATA_DIR: (b.sqlitePath as string).replace(/\/scrip\.sqlite$/, ''), SQLITE_SYNCHRONOUS: 'normal' };
  const url = new URL(PG_URL as string);
  url.searchParams.set('options', `-c search_path=${b.pgSchema}`);
  return { ...common, DATABASE_URL: url.toString() };
}

async function startServer(b: BenchDb, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/scrip.mjs', 'serve'], { env: serverEnv(b, port), stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGTERM');
  throw new Error(`server on port ${port} did not start`);
}

async function claimsOverHttp(b: BenchDb, ports: number[], itemId: string, key: string, concurrency: number) {
  let next = 0;
  const counts = { issued: 0, soldOut: 0, other: 0 };
  const latencies: number[] = [];
  const start = performance.now();
  let lastIssueAt = start;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      // Every worker keeps going until it sees the stock gone, then makes a few more attempts.
      for (let extra = 0; extra < 3; ) {
        const i = next++;
        const port = ports[(w + i) % ports.length];
        const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-shopper-token': mintShopperToken(SECRET, { shopperId: `bench-${i}`, ttlS: 3600 }, new Date()) };
        const t0 = performance.now();
        const res = await fetch(`http://127.0.0.1:${port}/v1/shopper/coupon-claims`, { method: 'POST', headers, body: JSON.stringify({ coupon_item_id: itemId }) });
        const body = (await res.json()) as { code?: string };
        latencies.push(performance.now() - t0);
        if (res.status === 201) {
          counts.issued += 1;
          lastIssueAt = performance.now();
        } else if (body.code === 'coupon_sold_out') {
          counts.soldOut += 1;
          extra += 1;
        } else {
          counts.other += 1;
          if (counts.other < 3) console.error(`${b.dialect}: unexpected ${res.status} ${JSON.stringify(body)}`);
        }
      }
    }),
  );
  latencies.sort((x, y) => x - y);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { ...counts, perSecond: counts.issued / ((lastIssueAt - start) / 1000), p50Ms: pct(0.5), p99Ms: pct(0.99) };
}

const rows: (string | number)[][] = [];
const checks: string[] = [];
for (const b of await benchDatabases()) {
  const raw = await rawBaseline(b);
  const { itemId, activityId, storefrontKey } = await claimSetup(b.db, STOCK);
  const ports = b.dialect === 'postgres' ? [3471, 3472] : [3473];
  const servers: ChildProcess[] = [];
  try {
    for (const port of ports) servers.push(await startServer(b, port));
    const result = await claimsOverHttp(b, ports, itemId, storefrontKey, b.dialect === 'postgres' ? 64 : 16);
    const issued = await b.db.q.selectFrom('coupons').select((eb) => eb.fn.countAll<number>().as('n')).where('activity_id', '=', activityId).executeTakeFirstOrThrow();
    const report = await verifyAll(b.db);
    const exact = Number(issued.n) === STOCK && result.issued === STOCK && result.other === 0;
    checks.push(`${b.dialect}: stock ${STOCK}, issued ${issued.n} (answers 201: ${result.issued}), refused as sold out ${result.soldOut}, other ${result.other} → ${exact ? 'zero oversell' : 'MISMATCH'}; ${report.summary}`);
    rows.push([b.dialect, `(a) raw driver: conditional stock UPDATE + unique claim INSERT`, fmt(raw), '', '', '1.00', b.dialect === 'postgres' ? fmt(raw / LIMITS_PG_CLAIMS, 2) : '']);
    rows.push([
      b.dialect,
      `(b) HTTP claims, ${ports.length} server process${ports.length > 1 ? 'es' : ''}`,
      fmt(result.perSecond),
      fmt(result.p50Ms, 1),
      fmt(result.p99Ms, 1),
      fmt(result.perSecond / raw, 2),
      b.dialect === 'postgres' ? fmt(result.perSecond / LIMITS_PG_CLAIMS, 2) : '',
    ]);
    if (!exact || !report.ok) process.exitCode = 1;
  } finally {
    for (const server of servers) server.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await b.close();
  }
}
printTable('Coupon claims per second (ratio = figure / raw baseline of the same database in this run)', ['database', 'path', 'claims/s', 'p50 ms', 'p99 ms', 'ratio to (a)', 'ratio to LIMITS.md 2,700/s'], rows);
console.log(`\n${checks.join('\n')}`);
