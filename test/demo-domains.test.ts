import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_CARD_PRODUCT, DEMO_TEA_CARD_PRODUCT } from '../src/demo/demo-giftcards.js';
import { DEMO_PLATFORM_FUNDING, DEMO_TEA_FUNDING } from '../src/demo/demo-coupons.js';
import { DEMO_ORDER_ID } from '../src/demo/demo-orders.js';
import { seedDemo } from '../src/demo/seed.js';
import { verifyAll } from '../src/verify.js';
import { type TestApp, testApp } from './support/app.js';
import { describeEachDb } from './support/databases.js';

/** What `npm start` seeds for the console and storefront, read back through the public API. */

type Json = Record<string, unknown>;
interface Product {
  id: string;
  denominations: { face: number; price: number }[];
  custom_range: unknown;
}
interface Statement {
  funded: number;
  available: number;
  frozen: number;
  in_transit: number;
  spent: number;
  pending_in: number;
  pending_out: number;
}
interface Activity {
  id: string;
  method: string;
  state: string;
  ends_at: string;
}
interface Coupon {
  activity_id: string;
  channel: string;
}
interface Order {
  discount_amount: number;
  card_amount: number;
  refunds: unknown[];
  merchants: { merchant_id: string; receipt_confirmed_at: string | null }[];
}
interface Approval {
  id: string;
  state: string;
  maker_id: string;
  first_reviewer_id: string | null;
  final_reviewer_id: string | null;
}

describeEachDb('demo data of the domains', ({ db }) => {
  let t: TestApp;
  const get = async <T = Json>(url: string, role: Parameters<TestApp['as']>[0] = 'admin'): Promise<T> => {
    const response = await t.app.inject({ url, headers: await t.as(role) });
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    return response.json() as T;
  };
  const items = async <T>(url: string, role: Parameters<TestApp['as']>[0] = 'admin') => (await get<{ items: T[] }>(url, role)).items;
  const token = async (shopperId: string) => (await t.app.inject({ method: 'POST', url: `/v1/demo/shoppers/${shopperId}/token` })).json().token as string;
  const asShopper = async (shopperId: string, method: 'GET' | 'POST', url: string, payload?: Json) =>
    t.app.inject({ method, url, headers: { 'x-shopper-token': await token(shopperId) }, ...(payload ? { payload } : {}) });
  const walletCoupons = async (shopperId: string): Promise<Coupon[]> => (await asShopper(shopperId, 'GET', '/v1/shopper/coupons')).json().items;
  const activities = () => items<Activity>('/v1/coupon-activities?limit=50');

  beforeAll(async () => {
    t = await testApp(db(), { demo: true });
    expect(await seedDemo(t.app, t.clock.now())).toBe(true);
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('sells the platform gift card below face value and a tea-house-only card', async () => {
    const products = await items<Product>('/v1/giftcard-products', 'storefront');
    const scrip = products.find((p) => p.id === DEMO_CARD_PRODUCT);
    expect(scrip).toMatchObject({ name: { 'zh-CN': 'Scrip 礼品卡', en: 'Scrip Gift Card' }, acceptance: { kind: 'all' }, status: 'active' });
    expect(scrip?.denominations).toEqual([
      { face: 10_000, price: 9_500 },
      { face: 20_000, price: 19_000 },
      { face: 50_000, price: 50_000 },
    ]);
    expect(scrip?.custom_range).not.toBeNull();
    expect(products.find((p) => p.id === DEMO_TEA_CARD_PRODUCT)).toMatchObject({ acceptance: { kind: 'listed', merchant_ids: ['m-tea'] }, named: true });
    expect(await get('/v1/giftcard-orders/demo-gc-order-li')).toMatchObject({ state: 'issued', face_total: 20_000, price_total: 19_000 });
    expect(await get('/v1/giftcard-orders/demo-gc-order-zhao')).toMatchObject({ state: 'issued', identity: { id_type: 'resident_id' } });
  });

  it('puts a card with history in shopper-li’s wallet and a gift card in shopper-wang’s', async () => {
    const wallet: { id: string; balance: number }[] = (await asShopper('shopper-li', 'GET', '/v1/wallet/cards')).json().items;
    expect(wallet).toHaveLength(1);
    const card = wallet[0] as { id: string; balance: number };
    expect(card.balance).toBeGreaterThan(0);
    expect(card.balance).toBeLessThan(20_000);
    const history = await items<{ kind: string; balance_after: number }>(`/v1/giftcards/${card.id}/history`, 'customer_service');
    const kinds = history.map((entry) => entry.kind);
    for (const kind of ['issued', 'bound', 'captured', 'refunded']) expect(kinds).toContain(kind);
    expect(history[0]?.balance_after).toBe(card.balance);
    expect((await asShopper('shopper-wang', 'GET', '/v1/wallet/cards')).json().items).toHaveLength(1);
  });

  it('funds a platform and a tea-house budget whose figures add up', async () => {
    const budgets = await items<{ id: string; owner: string }>('/v1/coupon-budgets', 'finance');
    expect(budgets.map((b) => b.owner).sort()).toEqual(['merchant', 'platform']);
    for (const budget of budgets) {
      const { statement: s } = await get<{ statement: Statement }>(`/v1/coupon-budgets/${budget.id}`, 'finance');
      expect(s.funded).toBe(budget.owner === 'platform' ? DEMO_PLATFORM_FUNDING : DEMO_TEA_FUNDING);
      expect(s.available).toBeGreaterThan(0);
      expect(s.frozen).toBeGreaterThan(0);
      expect(s.spent).toBeGreaterThan(0);
      expect(s.pending_out + s.pending_in).toBe(0);
      expect(s.available + s.frozen + s.in_transit + s.spent).toBe(s.funded);
    }
    const templates = await items<{ type: string; state: string }>('/v1/coupon-templates', 'operations');
    expect(templates.map((x) => x.type).sort()).toEqual(['amount_off', 'amount_off', 'no_threshold', 'percent_off']);
    expect(templates.every((x) => x.state === 'approved' || x.state === 'active')).toBe(true);
  });

  it('runs claim, auto-issue and link activities, and a demo shopper can claim in the coupon centre', async () => {
    const all = await activities();
    expect(all.map((a) => `${a.method}:${a.state}`).sort()).toEqual(['auto:running', 'claim:running', 'claim:running', 'link:running']);
    const now = t.clock.now().getTime();
    for (const a of all) expect(Date.parse(a.ends_at) - now).toBeGreaterThanOrEqual(59 * 86_400_000);
    const centre: { coupon_item_id: string }[] = (await asShopper('shopper-han', 'GET', '/v1/shopper/coupon-centre')).json().items;
    expect(centre.length).toBeGreaterThanOrEqual(2);
    const claim = await asShopper('shopper-han', 'POST', '/v1/shopper/coupon-claims', { coupon_item_id: centre[0]?.coupon_item_id });
    expect(claim.statusCode, claim.body).toBe(201);
    expect(claim.json()).toMatchObject({ state: 'available', channel: 'claim' });
  });

  it('auto-issues the VIP coupon to VIP shoppers only', async () => {
    const auto = (await activities()).find((a) => a.method === 'auto');
    const autoCoupons = async (shopperId: string) => (await walletCoupons(shopperId)).filter((c) => c.activity_id === auto?.id);
    expect(await autoCoupons('shopper-zhao')).toHaveLength(1);
    expect((await autoCoupons('shopper-li')).length).toBe(1);
    expect(await autoCoupons('shopper-han')).toHaveLength(0);
    expect(await autoCoupons('shopper-wang')).toHaveLength(0);
    expect((await walletCoupons('shopper-han')).some((c) => c.channel === 'link')).toBe(true);
  });

  it('has a paid two-merchant order with a coupon, a gift card, one refunded line and one receipt', async () => {
    const order = await get<Order>(`/v1/orders/${DEMO_ORDER_ID}`, 'finance');
    expect(order).toMatchObject({ shopper_id: 'shopper-li', state: 'paid' });
    expect(order.discount_amount).toBeGreaterThan(0);
    expect(order.card_amount).toBeGreaterThan(0);
    expect(order.refunds).toHaveLength(1);
    const merchants = Object.fromEntries(order.merchants.map((m) => [m.merchant_id, m]));
    expect(merchants['m-tea']?.receipt_confirmed_at).not.toBeNull();
    expect(merchants['m-books']?.receipt_confirmed_at).toBeNull();
  });

  it('gives the liability and merchant settlement reports figures that tie', async () => {
    const range = 'from=2026-02-28&to=2026-03-02';
    const liability = await get<{ roll_forward: { currency: string; issued: number; closing: number; cards: number; ties: boolean }[] }>(`/v1/settlement/reports/liability?${range}`, 'finance');
    expect(liability.roll_forward).toEqual([expect.objectContaining({ currency: 'CNY', cards: 4, ties: true })]);
    expect(liability.roll_forward[0]?.closing).toBeGreaterThan(0);
    const settlement = await get<{ merchants: { merchant_id: string; owed: number; ties: boolean }[] }>(`/v1/settlement/reports/merchants?${range}`, 'finance');
    expect(settlement.merchants.every((m) => m.ties)).toBe(true);
    expect(settlement.merchants.find((m) => m.merchant_id === 'm-tea')?.owed).toBeGreaterThan(0);
  });

  it('counts each activity’s coupons beside its money in the activity report', async () => {
    const range = 'from=2026-02-28&to=2026-03-02';
    type Row = { activity_id: string; issued: number; claimed: number; used: number; expired: number; discount_given: number; attached: number };
    const report = await get<{ activities: Row[] }>(`/v1/settlement/reports/activities?${range}`, 'finance');
    const auto = (await activities()).find((a) => a.method === 'auto');
    const autoRow = report.activities.find((r) => r.activity_id === auto?.id);
    // The VIP activity auto-issued one coupon to each of the two VIP shoppers; nobody claimed it.
    expect(autoRow).toMatchObject({ issued: 2, claimed: 0, expired: 0 });
    expect(autoRow?.attached).toBeGreaterThan(0);
    const used = report.activities.reduce((s, r) => s + r.used, 0);
    const given = report.activities.reduce((s, r) => s + r.discount_given, 0);
    // The demo order used two coupons (the platform's and the tea house's), and they gave a discount.
    expect(used).toBe(2);
    expect(given).toBeGreaterThan(0);
    for (const r of report.activities) expect(r.claimed).toBeLessThanOrEqual(r.issued);
  });

  it('decided every approval with a maker and two different reviewers, and revoked the seed’s keys', async () => {
    const approvals = await items<Approval>('/v1/approvals?limit=100');
    expect(approvals.length).toBeGreaterThanOrEqual(10);
    for (const { id, state } of approvals) {
      expect(state).toBe('approved');
      const detail = await get<Approval>(`/v1/approvals/${id}`);
      expect(new Set([detail.maker_id, detail.first_reviewer_id, detail.final_reviewer_id]).size).toBe(3);
    }
    const keys = await items<{ name: string; state: string }>('/v1/api-keys?limit=100');
    const seedKeys = keys.filter((k) => k.name.startsWith('demo seed'));
    expect(seedKeys.length).toBeGreaterThan(0);
    expect(seedKeys.every((k) => k.state === 'revoked')).toBe(true);
  });

  it('keeps the ledger consistent and seeds nothing the second time', async () => {
    const before = await verifyAll(db());
    expect(before.ok).toBe(true);
    expect(await seedDemo(t.app, t.clock.now())).toBe(false);
    expect((await verifyAll(db())).summary).toBe(before.summary);
    expect(await activities()).toHaveLength(4);
  });
});
