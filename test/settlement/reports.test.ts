import { afterAll, beforeAll, expect, it } from 'vitest';
import { getAccount } from '../../src/ledger/ledger.js';
import type { TestApp } from '../support/app.js';
import { describeEachDb } from '../support/databases.js';
import { type PostedEntry, getJson, openLedgerMonth } from './ledger-month.js';

const FROM = '2026-02-28T16:00:00.000Z'; // 2026-03-01 00:00 in Shanghai
const TO = '2026-03-31T16:00:00.000Z';
const MARCH = 'from=2026-03-01&to=2026-03-31';

describeEachDb('settlement reports over a month of ledger', ({ db }) => {
  let t: TestApp;
  let finance: Record<string, string>;
  let posted: PostedEntry[];

  beforeAll(async () => {
    ({ t, finance, posted } = await openLedgerMonth(db()));
  }, 120_000);
  afterAll(async () => t.app.close());

  const get = (url: string, headers = finance) => getJson(t, url, headers);
  const inMarch = (e: PostedEntry) => e.at >= FROM && e.at < TO;
  const sum = (entries: PostedEntry[]) => entries.reduce((s, e) => s + e.amount, 0);
  /** Credit-normal balance of accounts matching a test, from the seeder's own record. */
  const balanceAt = (moment: string, match: (account: string) => boolean) =>
    posted.filter((e) => e.at < moment).reduce((s, e) => s + (match(e.credit) ? e.amount : 0) - (match(e.debit) ? e.amount : 0), 0);
  const isCard = (a: string) => a.startsWith('card:');
  const flow = (code: string, filter: (e: PostedEntry) => boolean = () => true) => sum(posted.filter((e) => inMarch(e) && e.code === code && filter(e)));

  it('rolls the gift card liability forward to the fen, tying to the card balances at the close', async () => {
    const report = await get(`/v1/settlement/reports/liability?${MARCH}`);
    expect(report.period).toMatchObject({ from: FROM, to: TO });
    const [cny] = report.roll_forward;
    expect(cny.opening).toBe(balanceAt(FROM, isCard));
    expect(cny.closing).toBe(balanceAt(TO, isCard));
    expect(cny.closing_card_balances).toBe(cny.closing);
    expect(cny.lines).toEqual({
      sold: flow('giftcard.sale'),
      sale_discount: flow('giftcard.sale_discount'),
      promotion: flow('giftcard.promotion'),
      reloaded: flow('giftcard.reload'),
      redeemed: -flow('giftcard.redeem'),
      refunded: flow('giftcard.refund'),
      returned: -(flow('giftcard.return') + flow('giftcard.return_discount')),
      expired: -flow('giftcard.expire'),
      reactivated: flow('giftcard.reactivate'),
      adjusted: flow('settlement.adjust', (e) => isCard(e.credit)),
      other: 0,
    });
    for (const line of ['sold', 'promotion', 'redeemed', 'refunded', 'expired', 'reactivated', 'adjusted', 'returned']) expect(cny.lines[line], line).not.toBe(0);
    expect(cny.ties).toBe(true);
    // The order authorised on 30 March and captured in April is pending at the close.
    expect(cny.pending_redemptions).toBeGreaterThan(0);
    const breakage = (await get(`/v1/settlement/reports/breakage?${MARCH}`)).breakage[0];
    expect(breakage).toMatchObject({ expired: flow('giftcard.expire'), reactivated: flow('giftcard.reactivate'), breakage: flow('giftcard.expire') - flow('giftcard.reactivate') });
    expect(breakage.breakage_balance).toBe(balanceAt(TO, (a) => a === 'giftcards:breakage:CNY'));
  });

  it('gives the same figures for March whatever happened after it, and matches the live balances today', async () => {
    const today = await get('/v1/settlement/reports/liability?from=2026-03-01&to=2026-04-30');
    let live = 0;
    for (let i = 1; i <= 150; i++) {
      const card = await getAccount(db(), `card:c${i}`);
      live += (card?.credits_posted ?? 0) - (card?.debits_posted ?? 0);
    }
    expect(today.roll_forward[0].closing).toBe(live);
    expect(today.roll_forward[0].opening).toBe(balanceAt(FROM, isCard));
    expect(today.roll_forward[0].pending_redemptions).toBe(0);
  });

  it('states each budget: available rolls forward, frozen and spent tie, a waiting freeze is shown', async () => {
    const { budgets } = await get(`/v1/settlement/reports/budgets?${MARCH}`);
    expect(budgets.map((b: { budget_id: string }) => b.budget_id)).toEqual(['b1', 'b2']);
    for (const b of budgets) {
      expect(b.ties, b.budget_id).toBe(true);
      const available = (a: string) => a === `budget:${b.budget_id}:available`;
      expect(b.available.opening).toBe(balanceAt(FROM, available));
      expect(b.available.closing).toBe(balanceAt(TO, available));
      expect(b.available.lines.funded).toBe(flow('coupon.fund', (e) => available(e.credit)));
      expect(b.available.lines.refund_returned).toBe(flow('coupon.refund', (e) => available(e.credit)));
      expect(b.available.lines.unused_returned).toBe(flow('coupon.unused_return', (e) => available(e.credit)));
    }
    const b1 = budgets[0];
    expect(b1.awaiting_approval).toBe(7_000);
    expect(b1.available.lines.withdrawn).toBe(-10_000);
    const spent = budgets.reduce((s: number, b: { spent: number }) => s + b.spent, 0);
    expect(spent).toBe(flow('coupon.use'));
    expect(spent).toBeGreaterThan(0);
  });

  it('reports each activity’s discount by merchant, agreeing with the budgets and merchants', async () => {
    const { activities } = await get(`/v1/settlement/reports/activities?${MARCH}`);
    const { budgets } = await get(`/v1/settlement/reports/budgets?${MARCH}`);
    const { merchants } = await get(`/v1/settlement/reports/merchants?${MARCH}`);
    const given = activities.reduce((s: number, a: { discount_given: number }) => s + a.discount_given, 0);
    expect(given).toBe(budgets.reduce((s: number, b: { spent: number }) => s + b.spent, 0));
    const refunded = activities.reduce((s: number, a: { refunded: number }) => s + a.refunded, 0);
    expect(refunded).toBe(budgets.reduce((s: number, b: { available: { lines: { refund_returned: number } } }) => s + b.available.lines.refund_returned, 0));
    const couponIn = merchants.flatMap((m: { days: { lines: { coupon_in: number } }[] }) => m.days).reduce((s: number, d: { lines: { coupon_in: number } }) => s + d.lines.coupon_in, 0);
    expect(couponIn).toBe(given);
    for (const a of activities) {
      expect(a.by_merchant.reduce((s: number, m: { discount_given: number }) => s + m.discount_given, 0)).toBe(a.discount_given);
      expect(a.budget_id).toBe(a.activity_id === 'a2' ? 'b2' : 'b1');
    }
  });

  it('settles each merchant per day: receipts split by what paid, tying to the payable balances', async () => {
    const { merchants } = await get(`/v1/settlement/reports/merchants?${MARCH}`);
    const liability = (await get(`/v1/settlement/reports/liability?${MARCH}`)).roll_forward[0];
    expect(merchants.map((m: { merchant_id: string }) => m.merchant_id)).toEqual(['m1', 'm2', 'm3']);
    let cardIn = 0;
    let receipts = 0;
    for (const m of merchants) {
      expect(m.ties, m.merchant_id).toBe(true);
      expect(m.payable.closing).toBe(balanceAt(TO, (a) => a === `merchant:${m.merchant_id}:payable:CNY`));
      expect(m.in_transit.closing).toBe(balanceAt(TO, (a) => a === `merchant:${m.merchant_id}:in_transit:CNY`));
      for (const d of m.days) {
        expect(d.date >= '2026-03-01' && d.date <= '2026-03-31').toBe(true);
        cardIn += d.lines.card_in;
        receipts += d.lines.receipt_card + d.lines.receipt_coupon + d.lines.receipt_cash;
        expect(d.owed).toBe(d.lines.receipt_card + d.lines.receipt_coupon + d.lines.receipt_cash + d.lines.refunded_payable + d.lines.payable_adjusted + d.lines.payable_other);
      }
    }
    expect(cardIn).toBe(-liability.lines.redeemed);
    expect(receipts).toBe(flow('checkout.receipt'));
    const merchant = await t.as('merchant', 'm2');
    const own = await get(`/v1/settlement/reports/merchants?${MARCH}`, merchant);
    expect(own.merchants.map((m: { merchant_id: string }) => m.merchant_id)).toEqual(['m2']);
    const other = await t.app.inject({ url: `/v1/settlement/reports/drill-down?${MARCH}&figure=merchant.m1.2026-03-05.receipt_card`, headers: merchant });
    expect([other.statusCode, other.json().code]).toEqual([403, 'wrong_merchant']);
  });

  it('balances the trial balance and agrees with every other report', async () => {
    const tb = await get('/v1/settlement/reports/trial-balance?date=2026-03-31');
    expect(tb.as_of).toBe(TO);
    expect(tb.totals).toEqual([{ currency: 'CNY', debits_posted: expect.any(Number), credits_posted: expect.any(Number), balanced: true }]);
    const row = (code: string) => tb.rows.find((r: { code: string }) => r.code === code);
    const liability = (await get(`/v1/settlement/reports/liability?${MARCH}`)).roll_forward[0];
    expect(row('giftcard.card').balance).toBe(liability.closing);
    const { budgets } = await get(`/v1/settlement/reports/budgets?${MARCH}`);
    expect(row('coupon.budget_available').balance).toBe(budgets.reduce((s: number, b: { available: { closing: number } }) => s + b.available.closing, 0));
    expect(row('coupon.template_frozen').balance).toBe(budgets.reduce((s: number, b: { frozen_templates: { closing: number } }) => s + b.frozen_templates.closing, 0));
    expect(row('coupon.budget_available').debits_pending).toBe(7_000);
    const { merchants } = await get(`/v1/settlement/reports/merchants?${MARCH}`);
    expect(row('merchant.payable').balance).toBe(merchants.reduce((s: number, m: { payable: { closing: number } }) => s + m.payable.closing, 0));
    expect(row('giftcard.card').debits_pending).toBe(liability.pending_redemptions);
  });

  it('drills any figure down to its transfers, a page at a time', async () => {
    const liability = (await get(`/v1/settlement/reports/liability?${MARCH}`)).roll_forward[0];
    const seen: { id: string; amount: number; code: string; created_at: string }[] = [];
    let cursor = '';
    for (let pages = 0; pages < 100; pages++) {
      const page = await get(`/v1/settlement/reports/drill-down?${MARCH}&figure=liability.CNY.redeemed&limit=20${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(liability.lines.redeemed);
      seen.push(...page.items);
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
    expect(seen.reduce((s, m) => s + m.amount, 0)).toBe(-liability.lines.redeemed);
    expect(seen.every((m) => m.code === 'giftcard.redeem' && m.created_at >= FROM && m.created_at < TO)).toBe(true);
    const bad = await t.app.inject({ url: `/v1/settlement/reports/drill-down?${MARCH}&figure=nonsense`, headers: finance });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'report_figure_unknown']);
  });

  it('answers in CSV too, with the same figures', async () => {
    const res = await t.app.inject({ url: `/v1/settlement/reports/liability?${MARCH}&format=csv`, headers: finance });
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, line] = res.body.trim().split('\n');
    const values = Object.fromEntries((header as string).split(',').map((k, i) => [k, (line as string).split(',')[i]]));
    const json = (await get(`/v1/settlement/reports/liability?${MARCH}`)).roll_forward[0];
    expect(Number(values.closing)).toBe(json.closing);
    expect(values.ties).toBe('true');
    for (const report of ['budgets', 'activities', 'merchants', 'breakage']) {
      const csv = await t.app.inject({ url: `/v1/settlement/reports/${report}?${MARCH}&format=csv`, headers: finance });
      expect(csv.statusCode).toBe(200);
      expect(csv.body.split('\n').length).toBeGreaterThan(2);
    }
  });

  it.each([
    ['a date that does not exist', 'from=2026-02-30&to=2026-03-31', 'report_range_invalid'],
    ['to before from', 'from=2026-03-31&to=2026-03-01', 'report_range_invalid'],
    ['a malformed date', 'from=March&to=2026-03-31', 'validation_failed'],
  ])('refuses %s', async (_name, query, code) => {
    const res = await t.app.inject({ url: `/v1/settlement/reports/liability?${query}`, headers: finance });
    expect([res.statusCode, res.json().code]).toEqual([400, code]);
  });
});
