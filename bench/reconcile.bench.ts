import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { type Db, execSql, transaction } from '../src/db/database.js';
import { ensureMerchantAccounts, merchantInTransit, paymentsClearing } from '../src/ledger/chart.js';
import { ensureAccounts } from '../src/ledger/ledger.js';
import { DEFAULT_MAPPING } from '../src/settlement/mapping.js';
import { getRun, runView } from '../src/settlement/reconcile.repo.js';
import { ingestFile, matchRun } from '../src/settlement/reconcile.js';
import { type BenchDb, benchDatabases, fmt, printTable } from './support.js';

/**
 * Reconciliation of a large provider file: ROWS rows (default 1,000,000) against as many
 * payments on the ledger, 1 % of them planted differences. Measures loading (stream → CSV →
 * checked rows → database) and matching separately, in rows per second, and the process's peak
 * resident memory, which must stay flat however large the file is.
 */

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const NOW = new Date('2026-03-02T00:00:00Z');
const DAY = '2026-03-01';

const rssMb = () => process.memoryUsage().rss / 1024 / 1024;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

async function writeFile(path: string): Promise<number> {
  const out = createWriteStream(path);
  out.write('reference,type,amount,currency,time\n');
  for (let i = 0; i < ROWS; i++) {
    // Every 100th row is charged one fen more by the provider.
    const fen = 1000 + (i % 50_000) + (i % 100 === 7 ? 1 : 0);
    const line = `pay-${i},payment,${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')},CNY,${DAY} ${String(8 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return statSync(path).size;
}

/** Our side, written straight into the ledger tables (setup, not measured). */
async function seedPayments(db: Db): Promise<void> {
  await transaction(db, async (tx) => {
    await ensureAccounts(tx, [{ id: paymentsClearing('CNY'), code: 'payments.clearing', currency: 'CNY' }], NOW);
    await ensureMerchantAccounts(tx, 'm1', 'CNY', NOW);
  });
  const chunk = 500;
  for (let start = 0; start < ROWS; start += 20_000) {
    await transaction(db, async (tx) => {
      for (let i = start; i < Math.min(start + 20_000, ROWS); i += chunk) {
        const ids = Array.from({ length: Math.min(chunk, ROWS - i) }, (_, k) => i + k);
        await execSql(
          tx,
          `insert into ledger_transfers (id, debit_account_id, credit_account_id, amount, currency, code, flags, pending_id, timeout_s, refs, created_at) values ${ids.map(() => '(?, ?, ?, ?, ?, ?, 0, null, 0, ?, ?)').join(', ')}`,
          ids.flatMap((n) => [
            `bench-pay-${n}`,
            paymentsClearing('CNY'),
            merchantInTransit('m1', 'CNY'),
            1000 + (n % 50_000),
            'CNY',
            'checkout.payment',
            JSON.stringify({ order: `o-${n}`, payment_ref: `pay-${n}` }),
            `2026-03-01T0${n % 10}:00:00.000Z`,
          ]),
        );
      }
    });
  }
}

async function run(b: BenchDb, file: string) {
  await seedPayments(b.db);
  const rssBefore = rssMb();
  let rssMax = rssBefore;
  const sampler = setInterval(() => {
    rssMax = Math.max(rssMax, rssMb());
  }, 50);
  const t0 = performance.now();
  const runId = await ingestFile(
    b.db,
    createReadStream(file, { highWaterMark: 256 * 1024 }),
    { source: 'bench', mapping: DEFAULT_MAPPING, periodFrom: '2026-02-28T16:00:00.000Z', periodTo: '2026-03-01T16:00:00.000Z', actorId: 'bench', enqueue: false },
    { maxRows: ROWS, maxBytes: 8 * 1024 ** 3, zone: 'Asia/Shanghai', defaultCurrency: 'CNY' },
    NOW,
  );
  const t1 = performance.now();
  await matchRun(b.db, runId, NOW);
  const t2 = performance.now();
  clearInterval(sampler);
  const row = await getRun(b.db, runId);
  const summary = row ? runView(row).summary : null;
  if (!summary || summary.results.amount_differs.count !== ROWS / 100) throw new Error(`unexpected result: ${JSON.stringify(summary)}`);
  return {
    load: ROWS / ((t1 - t0) / 1000),
    match: ROWS / ((t2 - t1) / 1000),
    total: ROWS / ((t2 - t0) / 1000),
    seconds: (t2 - t0) / 1000,
    rssBefore,
    rssMax,
    matched: summary.results.matched.count,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'scrip-reconcile-bench-'));
const file = join(dir, 'provider.csv');
console.log(`writing ${fmt(ROWS)} rows…`);
const bytes = await writeFile(file);
const rows: (string | number)[][] = [];
for (const b of await benchDatabases()) {
  try {
    console.log(`${b.dialect}: seeding ${fmt(ROWS)} ledger payments, then loading and matching…`);
    const r = await run(b, file);
    rows.push([b.dialect, fmt(ROWS), fmt(r.load), fmt(r.match), fmt(r.total), fmt(r.seconds, 1), fmt(r.rssBefore), fmt(r.rssMax), fmt(r.matched)]);
  } finally {
    await b.close();
  }
}
printTable(
  `Reconciliation of ${fmt(ROWS)} rows (${fmt(bytes / 1024 / 1024, 1)} MB of CSV), 1 % planted amount differences; process peak RSS ${fmt(peakRssMb())} MB`,
  ['database', 'rows', 'load rows/s', 'match rows/s', 'overall rows/s', 'seconds', 'RSS before MB', 'RSS peak MB', 'matched'],
  rows,
);
rmSync(dir, { recursive: true, force: true });
