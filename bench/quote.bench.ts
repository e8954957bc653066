import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { checkoutModule } from '../src/checkout/checkout.module.js';
import { NO_PAYMENTS } from '../src/checkout/no-payments.js';
import { quote } from '../src/checkout/pricing/quote.js';
import type { CartLine } from '../src/checkout/pricing/types.js';
import type { WalletCoupon } from '../src/checkout/ports.js';
import { loadConfig } from '../src/config.js';
import { transaction } from '../src/db/database.js';
import { buildApp } from '../src/http/app.js';
import { MODULES } from '../src/modules.js';
import { createApiKey } from '../src/platform/api-keys.js';
import { benchDatabases, fmt, printTable } from './support.js';

const execFileAsync = promisify(execFile);
const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const CONNECTIONS = 8;

/**
 * Pricing throughput in-process: quotes per second and p50/p99 latency for carts of 10, 50 and
 * 200 lines over 5 shops with 20 wallet coupons (shop and platform, amount and percent, with
 * thresholds and scopes), searching for the best combination each time.
 * Target (issue 7): a 50-line cart with 20 coupons under 2 ms p99.
 */

const DURATION_MS = Number(process.env.BENCH_MS ?? 3000);
const NOW = new Date('2026-06-01T00:00:00Z');
const SHOPS = ['shop-1', 'shop-2', 'shop-3', 'shop-4', 'shop-5'];

function cart(lines: number): CartLine[] {
  return Array.from({ length: lines }, (_, i) => ({
    line_id: `line-${i}`,
    sku: `sku-${i % 37}`,
    merchant_id: SHOPS[i % SHOPS.length] as string,
    category_id: `cat-${i % 6}`,
    unit_price: 990 + ((i * 7919) % 20_000),
    quantity: 1 + (i % 3),
  }));
}

function wallet(): WalletCoupon[] {
  return Array.from({ length: 20 }, (_, i) => {
    const merchant = i % 2 === 0 ? (SHOPS[(i / 2) % SHOPS.length] as string) : null;
    const percent = i % 5 === 0;
    return {
      couponId: `coupon-${String(i).padStart(2, '0')}`,
      owner: merchant ? 'merchant' : 'platform',
      merchantId: merchant,
      name: { 'zh-CN': `券${i}`, en: `Coupon ${i}` },
      type: percent ? 'percent_off' : i % 3 === 0 ? 'no_threshold' : 'amount_off',
      amount: percent ? null : 500 + i * 250,
      percentBp: percent ? 500 + i * 100 : null,
      cap: percent ? 5000 : null,
      condition: i % 3 === 0 ? { kind: 'none' } : { kind: 'min_spend', amount: 5000 + i * 3000 },
      scope: i % 4 === 1 ? { kind: 'categories', ids: ['cat-1', 'cat-2'], excludeSkus: ['sku-3'], excludeCategories: [] } : { kind: 'all', ids: [], excludeSkus: [], excludeCategories: [] },
      validFrom: '2026-01-01T00:00:00Z',
      // Far ahead, so the HTTP half (which prices at the real time) finds every coupon in its window.
      validUntil: `2099-${String(7 + (i % 5)).padStart(2, '0')}-01T00:00:00Z`,
      state: 'available',
      lockedByOrderId: null,
      currency: 'CNY',
    } satisfies WalletCoupon;
  });
}

function run(lines: number): { perSecond: number; p50Ms: number; p99Ms: number } {
  const input = { currency: 'CNY', lines: cart(lines), wallet: wallet(), now: NOW, maxLines: 200 };
  for (let i = 0; i < 200; i++) quote(input);
  const latencies: number[] = [];
  const end = performance.now() + DURATION_MS;
  const start = performance.now();
  while (performance.now() < end) {
    const t0 = performance.now();
    quote(input);
    latencies.push(performance.now() - t0);
  }
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { perSecond: latencies.length / elapsed, p50Ms: pct(0.5), p99Ms: pct(0.99) };
}

interface Cannon {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

/**
 * Loads one URL with autocannon in a process of its own, so the load generator does not share
 * the server's event loop: HTTP/1.1 keep-alive, `CONNECTIONS` connections, `DURATION_MS`.
 */
async function cannon(url: string, options: { method?: string; body?: string; headers: Record<string, string> }): Promise<Cannon> {
  const args = ['-c', String(CONNECTIONS), '-d', String(Math.max(1, Math.round(DURATION_MS / 1000))), '-j', '-m', options.method ?? 'GET'];
  for (const [key, value] of Object.entries(options.headers)) args.push('-H', `${key}=${value}`);
  if (options.body) args.push('-b', options.body);
  const { stdout } = await execFileAsync(process.execPath, [AUTOCANNON, ...args, url], { maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
  if (result.errors > 0) throw new Error(`autocannon saw ${result.errors} errors`);
  return { perSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, non2xx: result.non2xx };
}

/** POST /v1/checkout/quote on a listening server (SQLite; the wallet comes from a fixed list). */
async function throughHttp(): Promise<(string | number)[][]> {
  const [bench, ...others] = await benchDatabases();
  for (const other of others) await other.close();
  if (!bench) return [];
  const ports = { ...NO_PAYMENTS, coupons: { ...NO_PAYMENTS.coupons, walletForQuote: async () => wallet() } };
  const modules = [...MODULES.filter((m) => m.name !== 'checkout'), checkoutModule(ports)];
  const app = await buildApp({ ...loadConfig({}), jobs: false }, { db: bench.db, logger: false, modules });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const { secret } = await transaction(bench.db, (tx) => createApiKey(tx, { name: 'bench', role: 'integration', merchantId: null }, 'bench', NOW));
  const auth = { authorization: `Bearer ${secret}` };
  const rows: (string | number)[][] = [];
  const base = await cannon(`http://127.0.0.1:${port}/v1/orders?limit=1`, { headers: auth });
  if (base.non2xx > 0) throw new Error(`baseline answered ${base.non2xx} non-2xx`);
  rows.push(['baseline: GET /v1/orders?limit=1', fmt(base.perSecond), fmt(base.p50Ms, 1), fmt(base.p99Ms, 1), '1.00']);
  for (const lines of [10, 200]) {
    const body = JSON.stringify({ shopper_id: 'bench', currency: 'CNY', lines: cart(lines) });
    const r = await cannon(`http://127.0.0.1:${port}/v1/checkout/quote`, { method: 'POST', body, headers: { ...auth, 'content-type': 'application/json' } });
    if (r.non2xx > 0) throw new Error(`quote answered ${r.non2xx} non-2xx`);
    rows.push([`quote, ${lines} lines × 20 coupons`, fmt(r.perSecond), fmt(r.p50Ms, 1), fmt(r.p99Ms, 1), fmt(r.perSecond / base.perSecond, 2)]);
  }
  await app.close();
  await bench.close();
  return rows;
}

const rows: (string | number)[][] = [];
for (const lines of [10, 50, 200]) {
  const r = run(lines);
  rows.push([`${lines} lines × 20 coupons`, fmt(r.perSecond), fmt(r.p50Ms, 3), fmt(r.p99Ms, 3), lines === 50 ? (r.p99Ms < 2 ? 'met (< 2 ms)' : 'MISSED') : '']);
}
printTable('Quote, in-process (best combination searched every time)', ['cart', 'quotes/s', 'p50 ms', 'p99 ms', 'target'], rows);
printTable('Quote through HTTP (autocannon in its own process, 8 connections, API key auth, JSON both ways)', ['request', 'per s', 'p50 ms', 'p99 ms', '× baseline'], await throughHttp());
