import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { walletCoupon } from '../../../test/checkout/wallet.js';
import type { WalletCoupon } from '../ports.js';
import { allocate } from './allocate.js';
import { quote } from './quote.js';
import type { CartLine } from './types.js';

const NOW = new Date('2026-03-01T00:00:00Z');
const MERCHANTS = ['m1', 'm2', 'm3'];
const CATEGORIES = ['c1', 'c2'];
const EXPIRIES = ['2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'];

const lineArb = fc.record({
  merchant_id: fc.constantFrom(...MERCHANTS),
  category_id: fc.constantFrom(...CATEGORIES),
  unit_price: fc.integer({ min: 1, max: 5000 }),
  quantity: fc.integer({ min: 1, max: 3 }),
});
const cartArb = fc.array(lineArb, { minLength: 1, maxLength: 8 }).map((lines) =>
  lines.map((l, i): CartLine => ({ ...l, line_id: `l${i}`, sku: `s${i % 4}` })),
);

const couponArb = fc.record({
  merchant: fc.option(fc.constantFrom(...MERCHANTS, 'm9'), { nil: null }),
  type: fc.constantFrom('amount_off', 'no_threshold', 'percent_off'),
  amount: fc.integer({ min: 1, max: 3000 }),
  percentBp: fc.integer({ min: 100, max: 9000 }),
  cap: fc.integer({ min: 1, max: 2000 }),
  condition: fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.integer({ min: 0, max: 12_000 }).map((amount) => ({ kind: 'min_spend' as const, amount })),
    fc.integer({ min: 1, max: 6 }).map((count) => ({ kind: 'min_items' as const, count })),
  ),
  scope: fc.constantFrom('all', 'c1', 'm1'),
  validUntil: fc.constantFrom(...EXPIRIES),
});
const walletArb = fc.array(couponArb, { maxLength: 6 }).map((list) =>
  list.map((c, i) =>
    walletCoupon(`k${(i * 7) % 6}${i}`, {
      owner: c.merchant ? 'merchant' : 'platform',
      merchantId: c.merchant,
      type: c.type,
      amount: c.type === 'percent_off' ? null : c.amount,
      percentBp: c.type === 'percent_off' ? c.percentBp : null,
      cap: c.type === 'percent_off' ? c.cap : null,
      condition: c.type === 'no_threshold' ? { kind: 'none' } : c.condition,
      scope:
        c.scope === 'all'
          ? { kind: 'all', ids: [], excludeSkus: [], excludeCategories: [] }
          : c.scope === 'c1'
            ? { kind: 'categories', ids: ['c1'], excludeSkus: ['s3'], excludeCategories: [] }
            : { kind: 'merchants', ids: ['m1'], excludeSkus: [], excludeCategories: ['c2'] },
      validUntil: c.validUntil,
    }),
  ),
);

/** A second, naive reading of the rules: every subset of the wallet, priced from scratch. */
function bruteForce(lines: CartLine[], wallet: WalletCoupon[]): { total: number; ids: string[] } {
  const amounts = lines.map((l) => l.unit_price * l.quantity);
  const scoped = (c: WalletCoupon, l: CartLine) => {
    if (c.owner === 'merchant' && l.merchant_id !== c.merchantId) return false;
    if (c.scope.excludeSkus.includes(l.sku) || c.scope.excludeCategories.includes(l.category_id)) return false;
    if (c.scope.kind === 'categories') return c.scope.ids.includes(l.category_id);
    if (c.scope.kind === 'merchants') return c.scope.ids.includes(l.merchant_id);
    return true;
  };
  const off = (c: WalletCoupon, base: number[]) => {
    const idx = lines.map((_, i) => i).filter((i) => scoped(c, lines[i] as CartLine));
    const s = idx.reduce((t, i) => t + (base[i] as number), 0);
    const items = idx.reduce((t, i) => t + (lines[i] as CartLine).quantity, 0);
    if (c.condition.kind === 'min_spend' && s < c.condition.amount) return { d: 0, idx, s };
    if (c.condition.kind === 'min_items' && items < c.condition.count) return { d: 0, idx, s };
    const raw = c.type === 'percent_off' ? Math.min(Math.floor((s * (c.percentBp as number)) / 10_000), c.cap as number) : (c.amount as number);
    return { d: Math.min(raw, s), idx, s };
  };
  let best = { total: 0, coupons: [] as WalletCoupon[] };
  for (let mask = 1; mask < 1 << wallet.length; mask++) {
    const set = wallet.filter((_, i) => mask & (1 << i));
    const shops = set.filter((c) => c.owner === 'merchant').map((c) => c.merchantId);
    if (new Set(shops).size !== shops.length || set.length - shops.length > 1) continue;
    const base = [...amounts];
    let total = 0;
    let ok = true;
    for (const c of set.filter((x) => x.owner === 'merchant')) {
      const { d, idx } = off(c, amounts);
      if (d === 0) ok = false;
      allocate(d, idx.map((i) => amounts[i] as number)).forEach((share, k) => {
        base[idx[k] as number] = (base[idx[k] as number] as number) - share;
      });
      total += d;
    }
    const platform = set.find((c) => c.owner === 'platform');
    if (platform) {
      const { d } = off(platform, base);
      if (d === 0) ok = false;
      total += d;
    }
    if (!ok) continue;
    if (better({ total, coupons: set }, best)) best = { total, coupons: set };
  }
  return { total: best.total, ids: best.coupons.map((c) => c.couponId).sort() };
}

function better(a: { total: number; coupons: WalletCoupon[] }, b: { total: number; coupons: WalletCoupon[] }): boolean {
  if (a.total !== b.total) return a.total > b.total;
  if (a.coupons.length !== b.coupons.length) return a.coupons.length < b.coupons.length;
  const key = (x: { coupons: WalletCoupon[] }) => [...x.coupons.map((c) => c.validUntil).sort(), '|', ...x.coupons.map((c) => c.couponId).sort()].join(' ');
  return key(a) < key(b);
}

describe('best combination', () => {
  it('equals a brute-force search on carts of up to 8 lines and 6 coupons', () => {
    fc.assert(
      fc.property(cartArb, walletArb, (lines, wallet) => {
        const q = quote({ currency: 'CNY', lines, wallet, now: NOW, maxLines: 200 });
        const expected = bruteForce(lines, wallet);
        expect(q.discount_amount).toBe(expected.total);
        expect(q.applied.map((a) => a.coupon_id).sort()).toEqual(expected.ids);
      }),
      { numRuns: 1500 },
    );
  });

  it('always prices to integer shares that sum exactly with no line below zero', () => {
    fc.assert(
      fc.property(cartArb, walletArb, (lines, wallet) => {
        const q = quote({ currency: 'CNY', lines, wallet, now: NOW, maxLines: 200 });
        for (const a of q.applied) {
          const shares = q.lines.flatMap((l) => l.shares.filter((s) => s.coupon_id === a.coupon_id).map((s) => s.amount));
          expect(shares.every(Number.isInteger)).toBe(true);
          expect(shares.reduce((s, x) => s + x, 0)).toBe(a.discount);
          expect(a.merchants.reduce((s, m) => s + m.amount, 0)).toBe(a.discount);
        }
        for (const l of q.lines) {
          expect(l.final_amount).toBeGreaterThanOrEqual(0);
          expect(l.original_amount - l.shares.reduce((s, x) => s + x.amount, 0)).toBe(l.final_amount);
        }
        expect(q.original_amount - q.discount_amount).toBe(q.final_amount);
      }),
    );
  });
});
