import { transaction } from '../src/db/database.js';
import { MAX_BATCH, createAccounts, createTransfers } from '../src/ledger/ledger.js';
import type { TransferInput } from '../src/ledger/types.js';
import { rollUpCardMoves } from '../src/settlement/card-moves.js';
import { dashboardPeriod, liabilityByDay } from '../src/settlement/dashboard.js';
import { type BenchDb, benchDatabases, fmt, printTable } from './support.js';

/**
 * The dashboard's liability series over 30 days of card movements: from the transfers (each
 * card's balance history for the opening, every transfer of the period for the days), and from
 * the roll-up's 15-minute buckets (src/settlement/card-moves.ts), with the time the roll-up's
 * first run takes over the whole ledger. BENCH_TRANSFERS (default 1,000,000) card transfers over
 * BENCH_CARDS cards (default 100,000), half into cards and half out, written through the ledger.
 */

const TRANSFERS = Number(process.env.BENCH_TRANSFERS ?? 1_000_000);
const CARDS = Number(process.env.BENCH_CARDS ?? 100_000);
const ZONE = 'Asia/Shanghai';
const START = Date.parse('2026-03-01T00:00:00Z');
const DAYS = 30;
const BATCH = MAX_BATCH;

async function seed(b: BenchDb): Promise<void> {
  const at = new Date(START);
  const cards = Array.from({ length: CARDS }, (_, i) => `card:bench-${i}`);
  for (let i = 0; i < cards.length; i += MAX_BATCH) {
    await transaction(b.db, (tx) => createAccounts(tx, cards.slice(i, i + MAX_BATCH).map((id) => ({ id, code: 'giftcard.card', currency: 'CNY' })), at));
  }
  await transaction(b.db, (tx) => createAccounts(tx, [{ id: 'bench-merchant', code: 'bench', currency: 'CNY' }], at));
  const batches = Math.ceil(TRANSFERS / BATCH);
  for (let batch = 0; batch < batches; batch++) {
    const now = new Date(START + Math.floor((batch * DAYS * 86_400_000) / batches));
    const inputs: TransferInput[] = [];
    for (let k = 0; k < BATCH && batch * BATCH + k < TRANSFERS; k++) {
      const n = batch * BATCH + k;
      const card = cards[(n * 7919) % CARDS] as string;
      // Into a card first; out of it (less) on its next turn.
      const into = Math.floor(n / CARDS) % 2 === 0;
      inputs.push({ id: `bench-${n}`, debit_account_id: into ? 'bench-merchant' : card, credit_account_id: into ? card : 'bench-merchant', amount: into ? 200 : 100, currency: 'CNY', code: 'bench' });
    }
    await transaction(b.db, (tx) => createTransfers(tx, inputs, now));
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

const rows: (string | number)[][] = [];
for (const b of await benchDatabases()) {
  const [, seedMs] = await timed(() => seed(b));
  const period = dashboardPeriod('2026-03-08', '2026-03-30', new Date(START), ZONE);
  const series = () => liabilityByDay(b.db, period, ZONE, 'CNY');
  await series();
  const [fromLedger, ledgerMs] = await timed(series);
  const [, rollUpMs] = await timed(() => rollUpCardMoves(b.db, new Date(START + (DAYS + 1) * 86_400_000)));
  await series();
  const [fromRollUp, rolledMs] = await timed(series);
  if (JSON.stringify(fromRollUp) !== JSON.stringify(fromLedger)) throw new Error('the roll-up and the ledger disagree');
  const [, nextRunMs] = await timed(() => rollUpCardMoves(b.db, new Date(START + (DAYS + 1) * 86_400_000 + 60_000)));
  const name = b.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  rows.push([name, fmt(TRANSFERS), fmt(seedMs / 1000, 1), fmt(ledgerMs, 0), fmt(rolledMs, 1), fmt(rollUpMs, 0), fmt(nextRunMs, 0)]);
  await b.close();
}
printTable(
  `Dashboard liability series, 23 days (${fmt(CARDS)} cards)`,
  ['database', 'transfers', 'seeded in s', 'from transfers ms', 'from roll-up ms', 'first roll-up ms', 'a later run ms'],
  rows,
);
