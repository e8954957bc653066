import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { SQLITE_WAL_AUTOCHECKPOINT_PAGES, transaction } from '../src/db/database.js';
import { moveRecentHistory } from '../src/ledger/history.js';
import { MAX_BATCH, createAccounts, createTransfers } from '../src/ledger/ledger.js';
import { ledgerModule } from '../src/ledger/ledger.module.js';
import type { TransferInput } from '../src/ledger/types.js';
import { uuidv7 } from '../src/ids.js';
import { type BenchDb, type Measured, PG_URL, benchDatabases, combine, fmt, measure, printTable } from './support.js';

/**
 * Ledger throughput against a raw baseline on the same machine and database:
 * (a) the minimal SQL for a transfer through the driver (BEGIN; two balance UPDATEs; one INSERT;
 *     COMMIT; prepared statements, as the ledger's own connections use on PostgreSQL),
 * (b) the ledger's single-transfer path in-process, (c) batches of 100, (d) one hot account,
 * (e) the raw driver doing 100 of (a)'s transfers per transaction. (b)–(d) run the ledger's
 * history sweep once a second, as the server does.
 * PostgreSQL runs 16 concurrent clients for single transfers and 1, 2, 4 and 16 for batches; SQLite
 * has one writer and runs twice: with synchronous=FULL (Scrip's default: every commit on disk)
 * and NORMAL (SQLITE_SYNCHRONOUS=normal).
 */

/** Measured time per path (BENCH_MS), spread over BENCH_ROUNDS rounds of every path in turn. */
const DURATION_MS = Number(process.env.BENCH_MS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);

/** One row of the table: a path measured for a given time. */
interface Path {
  key: string;
  label: string;
  run: (durationMs: number) => Promise<Measured>;
}
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1000);
const PG_CLIENTS = 16;
/**
 * PostgreSQL clients sending batches of 100 (BENCH_BATCH_CLIENTS, comma-separated; 1, 2, 4 and 16
 * by default). Batches come from a few writers (imports, sweeps, clearing); each batch locks
 * ~190 of the 1,000 accounts, so concurrent batches mostly measure how row locks queue.
 */
const BATCH_CLIENTS = (process.env.BENCH_BATCH_CLIENTS ?? '1,2,4,16').split(',').map(Number);
const NOW = new Date('2026-06-01T00:00:00Z');
/** The baseline writes the same transfer row into the same table as the ledger, nothing more. */
const RAW_COLUMNS = 'id, debit_account_id, credit_account_id, amount, currency, code, flags, pending_id, timeout_s, refs, created_at';

async function setup(b: BenchDb): Promise<string[]> {
  const ids = Array.from({ length: ACCOUNTS }, (_, i) => `bench-${i}`);
  for (let i = 0; i < ids.length; i += MAX_BATCH) {
    await transaction(b.db, (tx) => createAccounts(tx, ids.slice(i, i + MAX_BATCH).map((id) => ({ id, code: 'bench', currency: 'CNY' })), NOW));
  }
  return ids;
}

const pick = (ids: string[], i: number): [string, string] => {
  const a = (i * 7919) % ids.length;
  const b = (a + 1 + ((i * 104729) % (ids.length - 1))) % ids.length;
  return [ids[a] as string, ids[b] as string];
};

/**
 * The raw driver doing `batch` transfers per transaction: each is two balance UPDATEs and one
 * INSERT. PostgreSQL locks the batch's accounts in id order first (as the ledger does), so
 * concurrent batches queue instead of deadlocking; its statements are prepared.
 */
async function rawBaseline(b: BenchDb, ids: string[], batch: number, clients: number, durationMs: number) {
  if (b.dialect === 'sqlite') {
    const raw = new BetterSqlite3(b.sqlitePath as string);
    raw.pragma('journal_mode = WAL');
    raw.pragma(`synchronous = ${b.sqliteSynchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    raw.pragma(`wal_autocheckpoint = ${SQLITE_WAL_AUTOCHECKPOINT_PAGES}`);
    const debit = raw.prepare('update ledger_accounts set debits_posted = debits_posted + ? where id = ?');
    const credit = raw.prepare('update ledger_accounts set credits_posted = credits_posted + ? where id = ?');
    const insert = raw.prepare(`insert into ledger_transfers (${RAW_COLUMNS}) values (?, ?, ?, 1, 'CNY', 'raw', 0, null, 0, '{}', ?)`);
    const run = raw.transaction((i: number) => {
      for (let k = 0; k < batch; k++) {
        const [d, c] = pick(ids, i * batch + k);
        debit.run(1, d);
        credit.run(1, c);
        insert.run(uuidv7(), d, c, NOW.toISOString());
      }
    });
    const result = await measure(durationMs, 1, async (i) => {
      run.immediate(i);
      return batch;
    });
    raw.close();
    return result;
  }
  const pool = new pg.Pool({ connectionString: PG_URL, max: PG_CLIENTS, options: `-c search_path=${b.pgSchema}` });
  const debit = { name: 'raw-debit', text: 'update ledger_accounts set debits_posted = debits_posted + 1 where id = $1' };
  const credit = { name: 'raw-credit', text: 'update ledger_accounts set credits_posted = credits_posted + 1 where id = $1' };
  const insert = { name: 'raw-insert', text: `insert into ledger_transfers (${RAW_COLUMNS}) values ($1, $2, $3, 1, 'CNY', 'raw', 0, null, 0, '{}', $4)` };
  const lock = { name: 'raw-lock', text: 'select id from ledger_accounts where id = any($1) order by id for update' };
  const result = await measure(durationMs, clients, async (i) => {
    const pairs = Array.from({ length: batch }, (_, k) => pick(ids, i * batch + k));
    const client = await pool.connect();
    try {
      await client.query('begin');
      if (batch === 1) {
        // One transfer: its two accounts updated in id order, nothing else.
        const [d, c] = pairs[0] as [string, string];
        for (const id of [d, c].sort()) await client.query({ ...(id === d ? debit : credit), values: [id] });
      } else {
        await client.query({ ...lock, values: [[...new Set(pairs.flat())]] });
        for (const [d, c] of pairs) {
          await client.query({ ...debit, values: [d] });
          await client.query({ ...credit, values: [c] });
        }
      }
      for (const [d, c] of pairs) await client.query({ ...insert, values: [uuidv7(), d, c, NOW.toISOString()] });
      await client.query('commit');
    } finally {
      client.release();
    }
    return batch;
  });
  await pool.end();
  return result;
}

function transfer(ids: string[], i: number, hot: boolean): TransferInput {
  const [d, c] = hot ? ['bench-0', ids[1 + (i % (ids.length - 1))] as string] : pick(ids, i);
  return { id: uuidv7(), debit_account_id: d, credit_account_id: c, amount: 1, currency: 'CNY', code: 'bench' };
}

async function ledgerPath(b: BenchDb, ids: string[], batch: number, hot: boolean, clients: number, sweep: () => Promise<void>, durationMs: number) {
  const run = await measure(durationMs, b.dialect === 'postgres' ? clients : 1, async (i) => {
    await sweep();
    const inputs = Array.from({ length: batch }, (_, k) => transfer(ids, i * batch + k, hot));
    const results = await transaction(b.db, (tx) => createTransfers(tx, inputs, NOW));
    if (results.some((r) => r.result !== 'ok')) throw new Error(`unexpected result ${JSON.stringify(results.find((r) => r.result !== 'ok'))}`);
    return batch;
  });
  // The run pays for moving all of its own history, no more: what is still recent when it ends is
  // moved on its clock, so the next path starts with none waiting (SQLite; PostgreSQL keeps
  // history in the transfer row and has nothing to move).
  const start = performance.now();
  await moveRecentHistory(b.db, 0);
  const seconds = run.seconds + (performance.now() - start) / 1000;
  return { ...run, seconds, perSecond: run.ops / seconds };
}

/**
 * The server's `ledger.move-history` sweep, run as the server runs it: at most once per its
 * interval of wall time (whichever ledger path is measured), by one client at a time. Its
 * transactions count in the measured time. Called from the clients' loop, since on SQLite a timer
 * would never fire between synchronous batches.
 */
function historySweep(b: BenchDb): () => Promise<void> {
  const everyMs = ledgerModule.sweeps?.find((sweep) => sweep.name === 'ledger.move-history')?.everyMs;
  if (everyMs === undefined) throw new Error('the ledger module has no ledger.move-history sweep');
  let due = performance.now() + everyMs;
  let running = false;
  return async () => {
    if (running || performance.now() < due) return;
    running = true;
    try {
      await moveRecentHistory(b.db);
    } finally {
      due = performance.now() + everyMs;
      running = false;
    }
  };
}

/**
 * Before each measured run on PostgreSQL, what autovacuum does on a live system (it is off on
 * this machine class): VACUUM, so no run works on the dead row versions the runs before it left
 * (every balance update leaves one), and ANALYZE, since prepared statements keep the plan made
 * when a table was small (a sequential scan of transfers for the existing-id check) until the
 * table is analysed. Then a checkpoint, so no run pays for one the run before it left due
 * (full-page writes follow every checkpoint).
 */
async function settle(b: BenchDb): Promise<void> {
  if (b.dialect !== 'postgres') return;
  await sql`vacuum analyze`.execute(b.db.q);
  try {
    await sql`checkpoint`.execute(b.db.q);
  } catch (error) {
    // CHECKPOINT needs a superuser or pg_checkpoint; without it runs may pay for checkpoints.
    if (!checkpointWarned) console.warn(`no CHECKPOINT between rows: ${(error as Error).message}`);
    checkpointWarned = true;
  }
}
let checkpointWarned = false;

const rows: (string | number)[][] = [];
const summary: string[] = [];
for (const b of await benchDatabases(PG_CLIENTS + 4, ['full', 'normal'])) {
  const ids = await setup(b);
  const sweep = historySweep(b);
  const name =
    b.dialect === 'sqlite'
      ? `SQLite (WAL, synchronous=${b.sqliteSynchronous === 'full' ? 'FULL, the default' : 'NORMAL'})`
      : `PostgreSQL (${PG_CLIENTS} clients)`;
  const batchClients = b.dialect === 'postgres' ? BATCH_CLIENTS : [1];
  const clientsLabel = (clients: number) => (b.dialect === 'postgres' ? `, ${clients} client${clients === 1 ? '' : 's'}` : '');
  const paths: Path[] = [
    { key: 'raw', label: '(a) raw driver: 2 balance updates + 1 transfer insert per tx', run: (ms) => rawBaseline(b, ids, 1, PG_CLIENTS, ms) },
    { key: 'single', label: '(b) ledger, 1 transfer per tx', run: (ms) => ledgerPath(b, ids, 1, false, PG_CLIENTS, sweep, ms) },
    ...batchClients.map((clients): Path => ({
      key: `batch-${clients}`,
      label: `(c) ledger, 100 transfers per tx${clientsLabel(clients)}`,
      run: (ms) => ledgerPath(b, ids, 100, false, clients, sweep, ms),
    })),
    { key: 'hot', label: '(d) ledger, one hot account', run: (ms) => ledgerPath(b, ids, 1, true, PG_CLIENTS, sweep, ms) },
    ...batchClients.map((clients): Path => ({
      key: `raw-batch-${clients}`,
      label: `(e) raw driver, 100 transfers per tx${clientsLabel(clients)}`,
      run: (ms) => rawBaseline(b, ids, 100, clients, ms),
    })),
  ];
  // Rounds of every path in turn, so a drift in the machine's speed during the run touches every
  // path alike instead of whichever rows ran while it lasted.
  const runs = new Map<string, Measured[]>(paths.map((path) => [path.key, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const path of paths) {
      await settle(b);
      runs.get(path.key)?.push(await path.run(DURATION_MS / ROUNDS));
    }
  }
  const result = (key: string) => combine(runs.get(key) ?? []);
  const raw = result('raw');
  const single = result('single');
  for (const path of paths) {
    const r = result(path.key);
    rows.push([name, path.label, fmt(r.perSecond), fmt(r.p50Ms, 2), fmt(r.p99Ms, 2), fmt(r.perSecond / raw.perSecond, 2)]);
  }
  summary.push(`${name}: (b)/(a) = ${fmt(single.perSecond / raw.perSecond, 2)} (goal ≥ 0.5)`);
  for (const clients of batchClients) {
    const batched = result(`batch-${clients}`);
    const rawBatched = result(`raw-batch-${clients}`);
    summary.push(
      `  batches${clientsLabel(clients)}: (c)/(b) = ${fmt(batched.perSecond / single.perSecond, 1)}× (goal ≥ 10×); ` +
        `the raw driver's own batches/single (e)/(a) = ${fmt(rawBatched.perSecond / raw.perSecond, 1)}×, ledger batches/raw batches (c)/(e) = ${fmt(batched.perSecond / rawBatched.perSecond, 2)}`,
    );
  }
  await b.close();
}
printTable('Ledger transfers per second (ratio = figure / raw baseline of the same database)', ['database', 'path', 'transfers/s', 'p50 ms', 'p99 ms', 'ratio to (a)'], rows);
console.log(`\n${summary.join('\n')}`);
