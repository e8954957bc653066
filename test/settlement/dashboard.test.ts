import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { couponPayments } from '../../src/coupons/checkout-api.js';
import { transaction } from '../../src/db/database.js';
import { createAccounts, requireTransfers } from '../../src/ledger/ledger.js';
import { cardMovesThrough, rollUpCardMoves } from '../../src/settlement/card-moves.js';
import { PROFILE_DEFAULTS } from '../../src/giftcards/profiles.js';
import { type CouponHarness, claimActivity, couponHarness, ok } from '../coupons/harness.js';
import type { TestApp } from '../support/app.js';
import { describeEachDb } from '../support/databases.js';
import { type PostedEntry, getJson, openLedgerMonth } from './ledger-month.js';
import { cardProductInput } from '../support/giftcard-products.js';

/** The dashboard's summaries: every figure checked against data set up for it. */

/** The end of a Shanghai day (the next local midnight) in UTC. */
const endOf = (date: string) => new Date(Date.parse(`${date}T00:00:00+08:00`) + 86_400_000).toISOString();

describeEachDb('dashboard: liability at the end of each day over a month of ledger', ({ db }) => {
  let t: TestApp;
  let finance: Record<string, string>;
  let posted: PostedEntry[];

  beforeAll(async () => {
    ({ t, finance, posted } = await openLedgerMonth(db()));
  }, 120_000);
  afterAll(async () => t.app.close());

  const get = (url: string, headers = finance) => getJson(t, url, headers);
  const cardsAt = (moment: string) => posted.filter((e) => e.at < moment).reduce((s, e) => s + (e.credit.startsWith('card:') ? e.amount : 0) - (e.debit.startsWith('card:') ? e.amount : 0), 0);

  it('gives each day’s closing card balances, the last one the liability report’s closing', async () => {
    const series = await get('/v1/settlement/reports/dashboard/liability?from=2026-03-01&to=2026-03-31');
    expect(series.currency).toBe('CNY');
    expect(series.days).toHaveLength(31);
    expect(series.opening).toBe(cardsAt('2026-02-28T16:00:00.000Z'));
    for (const day of series.days) expect(day.liability, day.date).toBe(cardsAt(endOf(day.date)));
    const report = (await get('/v1/settlement/reports/liability?from=2026-03-01&to=2026-03-31')).roll_forward[0];
    expect(series.days.at(-1).liability).toBe(report.closing);
    expect(series.closing).toBe(report.closing_card_balances);
    // Days go up and down: sales, redemptions, expiries all moved it.
    expect(new Set(series.days.map((d: { liability: number }) => d.liability)).size).toBeGreaterThan(20);
  });

  it('agrees with the report for any end day, the pending capture counting only once posted', async () => {
    const series = await get('/v1/settlement/reports/dashboard/liability?from=2026-03-25&to=2026-04-10');
    for (const to of ['2026-03-31', '2026-04-05', '2026-04-06', '2026-04-10']) {
      const report = (await get(`/v1/settlement/reports/liability?from=2026-03-01&to=${to}`)).roll_forward[0];
      expect(series.days.find((d: { date: string }) => d.date === to).liability, to).toBe(report.closing);
    }
  });

  it('covers the last 30 days (today last) by default, and refuses bad ranges and other roles', async () => {
    t.clock.set('2026-03-20T03:00:00.000Z');
    const series = await get('/v1/settlement/reports/dashboard/liability');
    expect(series.period).toMatchObject({ from_date: '2026-02-19', to_date: '2026-03-20' });
    expect(series.days).toHaveLength(30);
    expect(series.days.at(-1).liability).toBe(cardsAt(endOf('2026-03-20')));
    for (const [query, code] of [
      ['from=2026-03-31&to=2026-03-01', 'report_range_invalid'],
      ['from=2025-01-01&to=2026-03-01', 'report_range_invalid'],
      ['from=March', 'validation_failed'],
      ['currency=yuan', 'validation_failed'],
    ]) {
      const res = await t.app.inject({ url: `/v1/settlement/reports/dashboard/liability?${query}`, headers: finance });
      expect([res.statusCode, res.json().code], query).toEqual([400, code]);
    }
    for (const role of ['merchant', 'operations', 'customer_service'] as const) {
      const res = await t.app.inject({ url: '/v1/settlement/reports/dashboard/liability', headers: await t.as(role, role === 'merchant' ? 'm1' : undefined) });
      expect(res.statusCode, role).toBe(403);
    }
  });

  it('reads the same series from the roll-up, partly or wholly done, and counts a transfer that committed late', async () => {
    const url = '/v1/settlement/reports/dashboard/liability?from=2026-03-01&to=2026-03-31';
    const midMonth = '/v1/settlement/reports/dashboard/liability?from=2026-03-10&to=2026-03-20';
    expect(await cardMovesThrough(db())).toBeNull();
    const live = await get(url);
    const liveMid = await get(midMonth);

    // Done up to the middle of a day, then past the month's end.
    await rollUpCardMoves(db(), new Date('2026-03-15T05:07:00.000Z'));
    expect(await cardMovesThrough(db())).toBe('2026-03-15T04:45:00.000Z');
    expect(await get(url)).toEqual(live);
    expect(await get(midMonth)).toEqual(liveMid);
    // A run computes at most 31 days (from an hour before where the last one ended).
    const now = new Date('2026-04-20T00:00:00.000Z');
    await rollUpCardMoves(db(), now);
    expect(await cardMovesThrough(db())).toBe('2026-04-15T03:45:00.000Z');
    expect(await get(url)).toEqual(live);
    await rollUpCardMoves(db(), now);
    expect(await cardMovesThrough(db())).toBe('2026-04-19T23:45:00.000Z');
    expect(await get(url)).toEqual(live);
    expect(await get(midMonth)).toEqual(liveMid);
    const april = await get('/v1/settlement/reports/dashboard/liability?from=2026-04-01&to=2026-04-19');
    for (const day of april.days) expect(day.liability, day.date).toBe(cardsAt(endOf(day.date)));

    // A card transfer stamped before `through` that commits after the sweep ran: the next run
    // computes the last hour again and counts it.
    const card = posted.find((e) => e.credit.startsWith('card:'))?.credit as string;
    const lateAt = new Date('2026-04-19T23:35:00.000Z');
    await transaction(db(), (tx) => createAccounts(tx, [{ id: 'late-funding', code: 'test', currency: 'CNY' }], lateAt));
    await transaction(db(), (tx) =>
      requireTransfers(tx, [{ id: 'late-card-credit', debit_account_id: 'late-funding', credit_account_id: card, amount: 700, currency: 'CNY', code: 'test' }], lateAt),
    );
    const url2 = '/v1/settlement/reports/dashboard/liability?from=2026-04-19&to=2026-04-20';
    expect((await get(url2)).days.at(-1).liability).toBe(cardsAt(endOf('2026-04-20'))); // its bucket is not yet recomputed
    await rollUpCardMoves(db(), now);
    expect((await get(url2)).days.map((d: { liability: number }) => d.liability)).toEqual([cardsAt(endOf('2026-04-19')), cardsAt(endOf('2026-04-20')) + 700]);
  });
});

describeEachDb('dashboard: budgets, card payments, claims and expiries from real cards and coupons', ({ db }) => {
  let h: CouponHarness;
  let finance: Record<string, string>;
  let platformBudget: string;
  let merchantBudget: string;

  const post = async (url: string, headers: Record<string, string>, payload: object | undefined, status: number) => ok(await h.call('POST', url, headers, payload), status);
  const get = async (url: string, headers = finance) => {
    const res = await h.call('GET', url, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  async function sell(productId: string, face: number): Promise<{ id: string; code: string }> {
    const integration = await h.t.as('integration');
    const order = await post('/v1/giftcard-orders', integration, { buyer: { kind: 'company', name: 'ACME' }, currency: 'CNY', payment_method: 'online', lines: [{ product_id: productId, face, price: face, quantity: 1 }] }, 201);
    const paid = await post(`/v1/giftcard-orders/${order.id}/pay`, integration, { payment_reference: `pay-${order.id}` }, 200);
    return (paid.issued_cards as { id: string; code: string }[])[0] as { id: string; code: string };
  }
  async function hold(id: string, card: string, merchants: [string, number][]) {
    await post('/v1/giftcard-holds', await h.t.as('integration'), { id, shopper_id: 'card-owner', currency: 'CNY', timeout_s: 86_400, cards: [{ card_id: card, merchants: merchants.map(([merchant_id, amount]) => ({ merchant_id, amount })) }] }, 201);
  }

  beforeAll(async () => {
    const giftcards = { ...loadConfig({}).giftcards, profile: PROFILE_DEFAULTS.default, codeSecret: 'dashboard-test-code-secret-0123456789abcdefghij' };
    h = await couponHarness(db(), { giftcards });
    finance = await h.finance();
    const ops = await h.ops();
    const m1 = await h.t.as('merchant', 'm-1');

    // Budgets: the platform's funds a claim activity; m-1's keeps a template in stock.
    platformBudget = await h.budget(100_000);
    const template = await h.template(platformBudget, { type: 'amount_off', amount: 2_000, quantity: 10 });
    const activity = await h.activity(claimActivity(platformBudget, template, {}, { quantity: 10, per_user_limit: 5 }));
    await h.publish(activity.id);
    merchantBudget = await h.budget(30_000, 'm-1');
    await h.template(merchantBudget, { type: 'amount_off', amount: 1_000, quantity: 5 }, m1);

    // Cards: one valid for years, two ending on 20 March; all in one shopper's wallet.
    const product = async (validity: object) => String((await post('/v1/giftcard-products', ops, cardProductInput({ id: `p-${Object.keys(validity).length}-${JSON.stringify(validity).length}`, name: { 'zh-CN': '卡', en: 'Card' }, denominations: [{ face: 10_000, price: 10_000 }, { face: 50_000, price: 50_000 }], validity }), 201)).id);
    const longLived = await product({ kind: 'months', months: 36 });
    const shortLived = await product({ kind: 'fixed', until: '2026-03-20T15:59:59.999Z' });
    const a = await sell(longLived, 10_000);
    const b = await sell(shortLived, 50_000);
    await sell(shortLived, 10_000);
    for (const card of [a, b]) await post('/v1/wallet/cards', await h.shopper('card-owner'), { code: card.code }, 200);

    // 1 March (Shanghai): a card payment of 4,500 to two merchants, captured; two coupons claimed, one used.
    await hold('h1', a.id, [['m-1', 3_000], ['m-2', 1_500]]);
    await post('/v1/giftcard-holds/h1/capture', await h.t.as('integration'), undefined, 200);
    const claim = async (shopper: string) => String((await post('/v1/shopper/coupon-claims', await h.shopper(shopper), { coupon_item_id: activity.items[0]?.id }, 201)).id);
    const used = await claim('s1');
    await claim('s1');
    const ctx = h.t.app.ctx;
    const now = () => h.t.clock.now();
    await transaction(db(), (tx) => couponPayments.lock(ctx, tx, { orderId: 'o-1', shopperId: 's1', currency: 'CNY', timeoutS: 900, coupons: [{ couponId: used, merchants: [{ merchantId: 'm-1', amount: 1_200 }, { merchantId: 'm-2', amount: 800 }] }] }, now()));
    await transaction(db(), (tx) => couponPayments.pay(ctx, tx, 'o-1', now()));
    await transaction(db(), (tx) => couponPayments.markReceived(ctx, tx, 'o-1', 'm-2', now()));

    // 2 March, 20:00 in Shanghai: 2,000 of a 5,000 hold captured, one hold released, one still authorised; one more claim.
    h.t.clock.set('2026-03-02T12:00:00.000Z');
    await hold('h2', b.id, [['m-1', 5_000]]);
    await post('/v1/giftcard-holds/h2/partial-capture', await h.t.as('integration'), { lines: [{ card_id: b.id, merchant_id: 'm-1', amount: 2_000 }] }, 200);
    await hold('h3', a.id, [['m-2', 1_000]]);
    await post('/v1/giftcard-holds/h3/release', await h.t.as('integration'), undefined, 200);
    await hold('h4', a.id, [['m-1', 500]]);
    await claim('s2');
  }, 120_000);
  afterAll(async () => h.t.app.close());

  it('states each budget now: available, frozen, in transit and spent add up to what was funded', async () => {
    const answer = await get('/v1/settlement/reports/dashboard/budgets');
    const position = { funded: 100_000, available: 80_000, frozen: 18_000, in_transit: 1_200, spent: 800, awaiting_approval: 0 };
    const theirs = { funded: 30_000, available: 25_000, frozen: 5_000, in_transit: 0, spent: 0, awaiting_approval: 0 };
    expect(answer.budgets).toEqual(
      [
        { budget_id: platformBudget, name: 'budget', owner: 'platform', merchant_id: null, ...position },
        { budget_id: merchantBudget, name: 'budget', owner: 'merchant', merchant_id: 'm-1', ...theirs },
      ].sort((x, y) => x.budget_id.localeCompare(y.budget_id)),
    );
    expect(answer.totals).toEqual({ funded: 130_000, available: 105_000, frozen: 23_000, in_transit: 1_200, spent: 800, awaiting_approval: 0 });
    expect(answer.truncated).toBe(false);
    const statement = (await get(`/v1/coupon-budgets/${platformBudget}`)).statement as Record<string, number>;
    expect([statement.available, statement.frozen, statement.in_transit, statement.spent]).toEqual([80_000, 18_000, 1_200, 800]);
    const own = await get('/v1/settlement/reports/dashboard/budgets', await h.t.as('merchant', 'm-1'));
    expect((own.budgets as { budget_id: string }[]).map((b) => b.budget_id)).toEqual([merchantBudget]);
    expect(own.totals).toEqual(theirs);
    expect((await get('/v1/settlement/reports/dashboard/budgets?currency=USD')).budgets).toEqual([]);
  });

  it('counts card payments (authorised or captured, not released) and coupon claims per day', async () => {
    const answer = await get('/v1/settlement/reports/dashboard/activity?from=2026-02-28&to=2026-03-03');
    expect(answer.days).toEqual([
      { date: '2026-02-28', card_payments: 0, card_amount: 0, coupon_claims: 0 },
      { date: '2026-03-01', card_payments: 1, card_amount: 4_500, coupon_claims: 2 },
      { date: '2026-03-02', card_payments: 2, card_amount: 2_500, coupon_claims: 1 },
      { date: '2026-03-03', card_payments: 0, card_amount: 0, coupon_claims: 0 },
    ]);
    const byDefault = await get('/v1/settlement/reports/dashboard/activity');
    expect(byDefault.period).toMatchObject({ from_date: '2026-02-01', to_date: '2026-03-02' });
    expect(byDefault.days.slice(-2)).toEqual(answer.days.slice(1, 3));
    const m1 = await get('/v1/settlement/reports/dashboard/activity?from=2026-03-01&to=2026-03-02', await h.t.as('merchant', 'm-1'));
    expect(m1.days).toEqual([
      { date: '2026-03-01', card_payments: 1, card_amount: 3_000, coupon_claims: 0 },
      { date: '2026-03-02', card_payments: 2, card_amount: 2_500, coupon_claims: 0 },
    ]);
    const m2 = await get('/v1/settlement/reports/dashboard/activity?from=2026-03-01&to=2026-03-02', await h.t.as('merchant', 'm-2'));
    expect(m2.days.map((d: { card_amount: number }) => d.card_amount)).toEqual([1_500, 0]);
  });

  it('lists what expires in the next 30 days per day, with card balances and coupon values at stake', async () => {
    const answer = await get('/v1/settlement/reports/dashboard/expiring');
    expect(answer.period).toMatchObject({ from_date: '2026-03-02', to_date: '2026-03-31' });
    expect(answer.days).toHaveLength(30);
    const busy = answer.days.filter((d: { cards: number; coupons: number }) => d.cards + d.coupons > 0);
    expect(busy).toEqual([
      // s1's unused coupon (claimed 1 March, 7 days) and s2's (claimed 2 March).
      { date: '2026-03-08', cards: 0, card_balance: 0, coupons: 1, coupon_value: 2_000 },
      { date: '2026-03-09', cards: 0, card_balance: 0, coupons: 1, coupon_value: 2_000 },
      // Card b (50,000 less 2,000 captured) and the untouched 10,000 card.
      { date: '2026-03-20', cards: 2, card_balance: 58_000, coupons: 0, coupon_value: 0 },
    ]);
    const merchant = await h.call('GET', '/v1/settlement/reports/dashboard/expiring', await h.t.as('merchant', 'm-1'));
    expect(merchant.statusCode).toBe(403);
  });

  it('ends the liability series on the report’s closing figure', async () => {
    const series = await get('/v1/settlement/reports/dashboard/liability');
    expect(series.days.slice(-3).map((d: { liability: number }) => d.liability)).toEqual([0, 65_500, 63_500]);
    const report = ((await get('/v1/settlement/reports/liability?from=2026-02-01&to=2026-03-02')).roll_forward as { closing: number; closing_card_balances: number }[])[0];
    expect(report?.closing).toBe(63_500);
    expect(report?.closing_card_balances).toBe(63_500);
    await h.verify();
  });
});
