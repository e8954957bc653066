import { transaction } from '../db/database.js';
import type { App } from '../http/context.js';
import { upsertCategory, upsertMerchant } from '../platform/catalog.js';
import { cliActor } from '../platform/principal.js';
import { syncShopper } from '../platform/shoppers.repo.js';
import type { StaffRole } from '../platform/staff-users.repo.js';
import { createStaffUser } from '../platform/staff-users.js';
import { type DemoApi, withDemoApi } from './demo-api.js';
import { demoCoupons } from './demo-coupons.js';
import { demoGiftcards } from './demo-giftcards.js';
import { demoOrders } from './demo-orders.js';

/**
 * Demo data for `scrip serve --demo` (what `npm start` runs) on an empty database: merchants,
 * categories, shoppers with the attributes coupons target, and one staff user per role. The
 * domain steps (cards, budgets, activities, an order) then go through the public HTTP API as
 * real staff and shoppers would, so approvals, the ledger, audit and events are all real.
 */

export const DEMO_PASSWORD = 'scrip-demo-2026';

export const DEMO_STAFF: readonly { username: string; role: StaffRole; merchantId?: string }[] = [
  { username: 'admin', role: 'admin' },
  { username: 'ops', role: 'operations' },
  { username: 'ops2', role: 'operations' },
  { username: 'finance', role: 'finance' },
  { username: 'service', role: 'customer_service' },
  { username: 'auditor', role: 'auditor' },
  { username: 'tea-house', role: 'merchant', merchantId: 'm-tea' },
];

const MERCHANTS = [
  { id: 'm-tea', name: '西湖茶舍 West Lake Tea House' },
  { id: 'm-books', name: '三联书店 Sanlian Books' },
  { id: 'm-tech', name: '极客数码 Geek Digital' },
];

const CATEGORIES = [
  { id: 'tea', name_zh: '茶叶', name_en: 'Tea' },
  { id: 'books', name_zh: '图书', name_en: 'Books' },
  { id: 'digital', name_zh: '数码', name_en: 'Digital' },
  { id: 'gift-cards', name_zh: '礼品卡', name_en: 'Gift cards' },
];

export const DEMO_SHOPPERS = [
  { id: 'shopper-li', display_name: '李雷 Li Lei', region_code: '110105', registered_at: '2024-05-01T02:00:00.000Z', tags: ['vip', 'tea-lover'], real_name_verified: true },
  { id: 'shopper-han', display_name: '韩梅梅 Han Meimei', region_code: '310104', registered_at: '2025-09-12T08:30:00.000Z', tags: ['new'], real_name_verified: true },
  { id: 'shopper-wang', display_name: '王小明 Wang Xiaoming', region_code: '110108', registered_at: '2026-10-20T12:00:00.000Z', tags: ['new', 'student'], real_name_verified: false },
  { id: 'shopper-zhao', display_name: '赵敏 Zhao Min', region_code: '440305', registered_at: '2023-01-15T04:00:00.000Z', tags: ['vip'], real_name_verified: true },
];

export type DemoStep = (api: DemoApi, now: Date) => Promise<void>;

/** Domain steps run after the base data, in order. */
export const DEMO_STEPS: DemoStep[] = [demoGiftcards, demoCoupons, demoOrders];

/**
 * Seeds an empty database through the built app (demo mode on); returns false (and does
 * nothing) when it already holds merchants.
 */
/** Seeds the base data, then `steps` (every domain's demo data unless told otherwise). */
export async function seedDemo(app: App, now: Date, steps: readonly DemoStep[] = DEMO_STEPS): Promise<boolean> {
  const ctx = app.ctx;
  if (!ctx.config.demo) throw new Error('the demo seed needs demo mode: its shoppers act through the demo token route');
  const existing = await ctx.db.q.selectFrom('merchants').select('id').limit(1).execute();
  if (existing.length > 0) return false;
  const actor = cliActor('serve --demo');
  await transaction(ctx.db, async (tx) => {
    for (const merchant of MERCHANTS) await upsertMerchant(tx, merchant, now);
    for (const category of CATEGORIES) await upsertCategory(tx, category, now);
    for (const { id, ...attributes } of DEMO_SHOPPERS) await syncShopper(tx, id, { ...attributes, source_version: null }, now);
  });
  for (const staff of DEMO_STAFF) {
    await createStaffUser(ctx.db, { username: staff.username, password: DEMO_PASSWORD, role: staff.role, merchantId: staff.merchantId ?? null }, actor, now);
  }
  if (steps.length > 0) {
    await withDemoApi(app, now, async (api) => {
      for (const step of steps) await step(api, now);
    });
  }
  return true;
}
