import type { DemoApi } from './demo-api.js';

/**
 * Demo coupons: a platform budget funded by finance, three approved templates, a running
 * claim activity for everyone, an auto-issue activity for VIP shoppers (issued before the seed
 * ends), a claim-by-link activity, and the tea house's own budget and shop coupon.
 */

const DAY_MS = 86_400_000;
const WINDOW_DAYS = 60;

export const DEMO_PLATFORM_FUNDING = 5_000_000;
export const DEMO_TEA_FUNDING = 500_000;

type Json = Record<string, unknown>;
interface Approval {
  id: string;
}
interface Activity {
  id: string;
  coupons: { id: string; link_token?: string }[];
}

function windowFrom(now: Date) {
  return { starts_at: now.toISOString(), ends_at: new Date(now.getTime() + WINDOW_DAYS * DAY_MS).toISOString() };
}

async function fundedBudget(api: DemoApi, maker: 'finance' | 'tea-house', body: Json, amount: number): Promise<string> {
  const budget = await api.call<{ id: string }>(maker, 'POST', '/v1/coupon-budgets', body);
  const request = await api.call<Approval>(maker, 'POST', `/v1/coupon-budgets/${budget.id}/fund`, { amount, comment: '演示数据 demo data' });
  await api.approve(request.id);
  return budget.id;
}

async function approvedTemplate(api: DemoApi, maker: 'ops' | 'tea-house', body: Json): Promise<string> {
  const created = await api.call<{ template: { id: string }; approval: Approval }>(maker, 'POST', '/v1/coupon-templates', body);
  await api.approve(created.approval.id);
  return created.template.id;
}

async function publishedActivity(api: DemoApi, maker: 'ops' | 'tea-house', body: Json): Promise<Activity> {
  const activity = await api.call<Activity>(maker, 'POST', '/v1/coupon-activities', body);
  const approval = await api.call<Approval>(maker, 'POST', `/v1/coupon-activities/${activity.id}/submit`);
  await api.approve(approval.id);
  return activity;
}

function item(templateId: string, quantity: number, perUser: number, condition: Json, scope: Json = { kind: 'all' }, validDays = 30) {
  return { template_id: templateId, quantity, per_user_limit: perUser, validity: { kind: 'days', days: validDays }, condition, scope };
}

async function platformCoupons(api: DemoApi, now: Date): Promise<void> {
  const budget = await fundedBudget(api, 'finance', { owner: 'platform', name: '平台营销预算 Platform marketing 2026', currency: 'CNY' }, DEMO_PLATFORM_FUNDING);
  const off20 = await approvedTemplate(api, 'ops', { budget_id: budget, name_zh: '满100减20', name_en: '¥20 off ¥100', type: 'amount_off', amount: 2_000, quantity: 500 });
  const off10 = await approvedTemplate(api, 'ops', { budget_id: budget, name_zh: '10元无门槛券', name_en: '¥10 off, no minimum', type: 'no_threshold', amount: 1_000, quantity: 500 });
  const pct15 = await approvedTemplate(api, 'ops', { budget_id: budget, name_zh: '85折（最高减30元）', name_en: '15% off (up to ¥30)', type: 'percent_off', percent_bp: 1_500, cap: 3_000, quantity: 300 });
  await publishedActivity(api, 'ops', {
    budget_id: budget,
    name: '冬季领券中心 Winter coupon centre',
    description: '每人限领，先到先得。Limited per shopper, while stocks last.',
    method: 'claim',
    ...windowFrom(now),
    audience: { kind: 'all' },
    coupons: [item(off20, 200, 2, { kind: 'min_spend', amount: 10_000 }), item(pct15, 100, 1, { kind: 'min_spend', amount: 5_000 })],
  });
  await publishedActivity(api, 'ops', {
    budget_id: budget,
    name: 'VIP 专享礼券 VIP welcome coupon',
    method: 'auto',
    ...windowFrom(now),
    audience: { kind: 'rule', tags_any: ['vip'] },
    // Valid for two weeks, so the console's "expiring in 30 days" chart has something to show.
    coupons: [item(off10, 50, 1, { kind: 'none' }, { kind: 'all' }, 14)],
  });
  await publishedActivity(api, 'ops', {
    budget_id: budget,
    name: '分享领券 Share-a-link coupon',
    method: 'link',
    ...windowFrom(now),
    audience: { kind: 'all' },
    coupons: [item(off10, 100, 1, { kind: 'min_spend', amount: 3_000 })],
  });
}

async function teaHouseCoupons(api: DemoApi, now: Date): Promise<void> {
  const budget = await fundedBudget(api, 'tea-house', { owner: 'merchant', merchant_id: 'm-tea', name: '西湖茶舍店铺券 Tea house shop coupons', currency: 'CNY' }, DEMO_TEA_FUNDING);
  const off15 = await approvedTemplate(api, 'tea-house', { budget_id: budget, name_zh: '茶舍满88减15', name_en: 'Tea house ¥15 off ¥88', type: 'amount_off', amount: 1_500, quantity: 200 });
  await publishedActivity(api, 'tea-house', {
    budget_id: budget,
    name: '西湖茶舍新茶季 Tea house new season',
    method: 'claim',
    ...windowFrom(now),
    audience: { kind: 'all' },
    coupons: [item(off15, 200, 1, { kind: 'min_spend', amount: 8_800 }, { kind: 'merchants', ids: ['m-tea'] })],
  });
}

export async function demoCoupons(api: DemoApi, now: Date): Promise<void> {
  await platformCoupons(api, now);
  await teaHouseCoupons(api, now);
  await api.runJobs();
}
