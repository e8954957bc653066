import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { transaction } from '../src/db/database.js';
import { type BatchRow, insertBatchCards } from '../src/giftcards/batches.repo.js';
import { generateCode, hashCode } from '../src/giftcards/codes.js';
import { cardPayments } from '../src/giftcards/payments.js';
import { type ProductView, createProduct } from '../src/giftcards/products.repo.js';
import { PROFILE_DEFAULTS } from '../src/giftcards/profiles.js';
import { insertCard } from '../src/giftcards/cards.repo.js';
import { redeemCode } from '../src/giftcards/wallet.repo.js';
import { cardAccount, ensureGiftcardAccounts } from '../src/giftcards/accounts.js';
import { makeContext } from '../src/http/context.js';
import { uuidv7 } from '../src/ids.js';
import { paymentsClearing } from '../src/ledger/chart.js';
import { requireTransfers } from '../src/ledger/ledger.js';
import { upsertMerchant } from '../src/platform/catalog.js';
import { cliActor } from '../src/platform/principal.js';
import { type BenchDb, benchDatabases, fmt, measure, printTable } from './support.js';

/**
 * Gift card codes and card payments:
 *  (1) code generation + HMAC in-process, 1M codes, against LIMITS.md's 0.7 s + 4.4 s per million;
 *  (2) a physical batch stored (numbers, codes, HMACs; 1000 cards per transaction, as the batch job
 *      does), against LIMITS.md's 1M-row bulk loads (SQLite 14 s, PostgreSQL multi-row INSERT 9.2 s);
 *  (3) redeem (bind by code, throttled), (4) authorisations on one hot card and on random cards,
 *      against LIMITS.md's raw transfer rates (SQLite 14,500 tx/s; PostgreSQL 3,300 tx/s for 16
 *      clients, 770 tx/s for one hot account).
 * BENCH_CARDS (default 200,000; 1000000 for the full million) sets the batch size, BENCH_MS each timed run.
 */

const DURATION_MS = Number(process.env.BENCH_MS ?? 4000);
const CODES = 1_000_000;
const BATCH_CARDS = Number(process.env.BENCH_CARDS ?? 200_000);
const PG_CLIENTS = 16;
const SECRET = randomBytes(32).toString('base64url');
const LIMITS = {
  codesPerS: CODES / (0.7 + 4.4),
  bulk: { sqlite: 1_000_000 / 14, postgres: 1_000_000 / 9.2 },
  tx: { sqlite: 14_500, postgres: 3_300 },
  hot: { sqlite: 14_500, postgres: 770 },
};
const clock = new ManualClock('2026-06-01T00:00:00Z');
const actor = cliActor('bench');

function codesInProcess() {
  const t0 = performance.now();
  let last = '';
  for (let i = 0; i < CODES; i++) last = hashCode(SECRET, generateCode());
  const s = (performance.now() - t0) / 1000;
  return { perSecond: CODES / s, seconds: s, last };
}

async function setup(b: BenchDb) {
  const config = { ...loadConfig({}), rateLimits: { ...loadConfig({}).rateLimits, codeFailuresPerIp: { limit: 10_000_000, windowS: 60 }, codeFailuresPerKey: { limit: 10_000_000, windowS: 60 }, codeFailuresPerShopper: { limit: 10_000_000, windowS: 60 } } };
  config.giftcards = { ...config.giftcards, profile: PROFILE_DEFAULTS.default, codeSecret: SECRET, maxCardsPerOrder: 5 };
  const ctx = makeContext(config, b.db, clock, []);
  const now = clock.now();
  const product = await transaction(b.db, async (tx) => {
    for (const id of ['m-1', 'm-2']) await upsertMerchant(tx, { id, name: id }, now);
    await ensureGiftcardAccounts(tx, 'CNY', now);
    const input = { name: { 'zh-CN': '卡', en: 'Card' }, category: 'general', form: 'physical' as const, currency: 'CNY', denominations: [{ face: 10_000_000, price: 10_000_000 }], validity: { kind: 'none' as const }, reloadable: false, named: false, acceptance: { kind: 'all' as const } };
    return createProduct(tx, PROFILE_DEFAULTS.default, input, actor, now);
  });
  return { ctx, product };
}

async function storeBatch(b: BenchDb, product: ProductView) {
  const batch: BatchRow = { id: uuidv7(), product_id: product.id, face: 10_000, quantity: BATCH_CARDS, generated: 0, state: 'generating', seed_sealed: null, exported_at: null, approval_id: null, created_by: 'bench', created_at: clock.now().toISOString(), updated_at: clock.now().toISOString() };
  const seed = randomBytes(32);
  const t0 = performance.now();
  for (let done = 0; done < BATCH_CARDS; done += 1000) {
    await transaction(b.db, (tx) => insertBatchCards(tx, SECRET, seed, batch, product, Math.min(1000, BATCH_CARDS - done), clock.now()));
  }
  const s = (performance.now() - t0) / 1000;
  return { perSecond: BATCH_CARDS / s, seconds: s };
}

/** Issued cards with a balance, each sold into a wallet, for the redeem and authorisation runs. */
async function walletCards(b: BenchDb, product: ProductView, count: number, shopperId: string | null) {
  const terms = { currency: 'CNY', named: false, reloadable: false, validity: { kind: 'none' as const }, accepted: 'all' as const };
  const out: { id: string; code: string }[] = [];
  for (let i = 0; i < count; i += 100) {
    await transaction(b.db, async (tx) => {
      for (let k = i; k < Math.min(count, i + 100); k++) {
        const { card, code } = await insertCard(tx, SECRET, { productId: product.id, terms, face: 10_000_000, price: 10_000_000, maxBalance: null, shopperId, state: 'active', expiresAt: null }, clock.now());
        await requireTransfers(tx, [{ id: `bench:sale:${card.id}`, debit_account_id: paymentsClearing('CNY'), credit_account_id: cardAccount(card.id), amount: 10_000_000, currency: 'CNY', code: 'giftcard.sale' }], clock.now());
        out.push({ id: card.id, code });
      }
    });
  }
  return out;
}

async function redeemRun(b: BenchDb, ctx: ReturnType<typeof makeContext>, product: ProductView) {
  const cards = await walletCards(b, product, b.dialect === 'postgres' ? 3000 : 6000, null);
  let next = 0;
  return measure(DURATION_MS, b.dialect === 'postgres' ? PG_CLIENTS : 1, async (i) => {
    const card = cards[next++];
    if (!card) return 0;
    const shopper = { ...actor, principal: { kind: 'shopper' as const, id: `shopper:s${i}`, role: 'storefront' as const, shopperId: `s${i}` }, ip: `10.0.${i % 250}.${i % 200}` };
    await redeemCode(ctx, card.code, shopper, clock.now());
    return 1;
  });
}

async function authorizeRun(b: BenchDb, ctx: ReturnType<typeof makeContext>, cards: { id: string }[], hot: boolean) {
  return measure(DURATION_MS, b.dialect === 'postgres' ? PG_CLIENTS : 1, async (i) => {
    const card = hot ? cards[0] : cards[(i * 7919) % cards.length];
    await transaction(b.db, (tx) =>
      cardPayments.authorize(ctx, tx, { orderId: `bench-${hot ? 'hot' : 'rnd'}-${i}`, shopperId: 'bench-shopper', currency: 'CNY', timeoutS: 900, cards: [{ cardId: card?.id as string, merchants: [{ merchantId: 'm-1', amount: 1 }] }] }, clock.now()),
    );
    return 1;
  });
}

const inProcess = codesInProcess();
const rows: (string | number)[][] = [['in-process', `(1) generate + HMAC ${fmt(CODES)} codes`, fmt(inProcess.perSecond), `${fmt(inProcess.seconds, 1)} s`, fmt(inProcess.perSecond / LIMITS.codesPerS, 2)]];
for (const b of await benchDatabases(PG_CLIENTS + 4)) {
  const { ctx, product } = await setup(b);
  // How busy the machine is right now: one trivial statement per call, same clients as below.
  const ping = await measure(DURATION_MS, b.dialect === 'postgres' ? PG_CLIENTS : 1, async () => {
    await sql`select 1`.execute(b.db.q);
    return 1;
  });
  rows.push([b.dialect, '(0) `select 1` round trips (how loaded the machine is)', fmt(ping.perSecond), `p50 ${fmt(ping.p50Ms, 1)} / p99 ${fmt(ping.p99Ms, 1)} ms`, '-']);
  const stored = await storeBatch(b, product);
  rows.push([b.dialect, `(2) batch of ${fmt(BATCH_CARDS)} physical cards stored`, fmt(stored.perSecond), `${fmt(stored.seconds, 1)} s (1M ≈ ${fmt(1_000_000 / stored.perSecond, 0)} s)`, fmt(stored.perSecond / LIMITS.bulk[b.dialect], 2)]);
  const redeemed = await redeemRun(b, ctx, product);
  rows.push([b.dialect, '(3) redeem (bind by code, throttled)', fmt(redeemed.perSecond), `p50 ${fmt(redeemed.p50Ms, 1)} / p99 ${fmt(redeemed.p99Ms, 1)} ms`, fmt(redeemed.perSecond / LIMITS.tx[b.dialect], 2)]);
  const cards = await walletCards(b, product, 1000, 'bench-shopper');
  const random = await authorizeRun(b, ctx, cards, false);
  rows.push([b.dialect, '(4a) authorise, random cards', fmt(random.perSecond), `p50 ${fmt(random.p50Ms, 1)} / p99 ${fmt(random.p99Ms, 1)} ms`, fmt(random.perSecond / LIMITS.tx[b.dialect], 2)]);
  const hot = await authorizeRun(b, ctx, cards, true);
  rows.push([b.dialect, '(4b) authorise, one hot card', fmt(hot.perSecond), `p50 ${fmt(hot.p50Ms, 1)} / p99 ${fmt(hot.p99Ms, 1)} ms`, fmt(hot.perSecond / LIMITS.hot[b.dialect], 2)]);
  await b.close();
}
printTable('Gift card codes and card payments (ratio = figure / the matching LIMITS.md figure)', ['database', 'what', 'per second', 'time / latency', 'ratio to LIMITS.md'], rows);
