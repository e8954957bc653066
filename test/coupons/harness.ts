import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Config } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import { getAccount } from '../../src/ledger/ledger.js';
import { jobHandlers } from '../../src/jobs.js';
import { MODULES } from '../../src/modules.js';
import { runDueJobs } from '../../src/platform/jobs.js';
import { mintShopperToken } from '../../src/platform/shopper-token.js';
import { verifyAll } from '../../src/verify.js';
import { type TestApp, testApp } from '../support/app.js';

/** Drives the coupon API as staff, reviewers and shoppers for the coupon tests. */

export const SECRET = 'coupons-test-shopper-secret-0123456789abcdef';

export interface CouponHarness {
  t: TestApp;
  db: Db;
  call(method: 'GET' | 'POST' | 'PUT', url: string, who: Record<string, string>, payload?: unknown): Promise<LightMyRequestResponse>;
  ops(): Promise<Record<string, string>>;
  finance(): Promise<Record<string, string>>;
  shopper(id: string): Promise<Record<string, string>>;
  /** First review by operations (not the maker), final review by finance (another key). */
  approve(approvalId: string): Promise<void>;
  reject(approvalId: string): Promise<void>;
  budget(amount: number, merchantId?: string): Promise<string>;
  template(budgetId: string, input: Record<string, unknown>, maker?: Record<string, string>): Promise<string>;
  activity(input: Record<string, unknown>, maker?: Record<string, string>): Promise<{ id: string; items: { id: string; link_token?: string }[] }>;
  publish(activityId: string, maker?: Record<string, string>): Promise<void>;
  balance(accountId: string): Promise<number>;
  runJobs(limit?: number): Promise<number>;
  verify(): Promise<void>;
}

export interface Statement {
  funded: number;
  available: number;
  pending_out: number;
  pending_in: number;
  frozen: number;
  in_transit: number;
  spent: number;
}

export function ok(response: LightMyRequestResponse, status: number): Record<string, unknown> {
  if (response.statusCode !== status) throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  return response.json() as Record<string, unknown>;
}

export async function couponHarness(db: Db, overrides: Partial<Config> = {}): Promise<CouponHarness> {
  const t = await testApp(db, { shopperTokenSecret: SECRET, ...overrides });
  const call: CouponHarness['call'] = (method, url, who, payload) => t.app.inject({ method, url, headers: who, ...(payload === undefined ? {} : { payload: payload as object }) });
  const admin = await t.as('admin');
  ok(await call('POST', '/v1/merchants', admin, { merchants: [{ id: 'm-1', name: 'Shop 1' }, { id: 'm-2', name: 'Shop 2' }] }), 200);
  ok(await call('POST', '/v1/categories', admin, { categories: [{ id: 'c-food', name_zh: '食品', name_en: 'Food' }] }), 200);
  const decide = async (id: string, decision: 'approve' | 'reject') => {
    const first = await call('POST', `/v1/approvals/${id}/${decision}`, await t.as('operations', undefined, 'reviewer'), { comment: 'checked' });
    if (decision === 'reject') return void ok(first, 200);
    ok(first, 200);
    ok(await call('POST', `/v1/approvals/${id}/approve`, await t.as('finance', undefined, 'reviewer'), {}), 200);
  };
  const h: CouponHarness = {
    t,
    db,
    call,
    ops: () => t.as('operations'),
    finance: () => t.as('finance'),
    shopper: async (id) => ({ ...(await t.as('storefront')), 'x-shopper-token': mintShopperToken(SECRET, { shopperId: id, ttlS: 3600 }, t.clock.now()) }),
    approve: (id) => decide(id, 'approve'),
    reject: (id) => decide(id, 'reject'),
    async budget(amount, merchantId) {
      const maker = merchantId ? await t.as('merchant', merchantId) : await t.as('finance');
      const budget = ok(await call('POST', '/v1/coupon-budgets', maker, { owner: merchantId ? 'merchant' : 'platform', ...(merchantId ? { merchant_id: merchantId } : {}), name: 'budget' }), 201);
      const request = ok(await call('POST', `/v1/coupon-budgets/${budget.id}/fund`, maker, { amount }), 202);
      await h.approve(String(request.id));
      return String(budget.id);
    },
    async template(budgetId, input, maker) {
      const created = ok(await call('POST', '/v1/coupon-templates', maker ?? (await t.as('operations')), { budget_id: budgetId, name_zh: '券', name_en: 'Coupon', ...input }), 202);
      await h.approve(String((created.approval as { id: string }).id));
      return String((created.template as { id: string }).id);
    },
    async activity(input, maker) {
      const created = ok(await call('POST', '/v1/coupon-activities', maker ?? (await t.as('operations')), input), 201);
      return { id: String(created.id), items: created.coupons as { id: string; link_token?: string }[] };
    },
    async publish(activityId, maker) {
      const approval = ok(await call('POST', `/v1/coupon-activities/${activityId}/submit`, maker ?? (await t.as('operations')), undefined), 202);
      await h.approve(String(approval.id));
    },
    async balance(accountId) {
      const account = await getAccount(db, accountId);
      return account ? account.credits_posted - account.debits_posted : 0;
    },
    runJobs: (limit = 1000) => runDueJobs(t.app.ctx, jobHandlers(MODULES), limit),
    async verify() {
      const report = await verifyAll(db);
      expect(report.summary).toMatch(/^verify ok/);
    },
  };
  return h;
}

export function claimActivity(
  budgetId: string,
  templateId: string,
  overrides: Record<string, unknown> = {},
  item: Record<string, unknown> = {},
): Record<string, unknown> & { coupons: Record<string, unknown>[] } {
  return {
    budget_id: budgetId,
    name: 'Spring sale',
    method: 'claim',
    starts_at: '2026-03-01T00:00:00.000Z',
    ends_at: '2026-03-31T00:00:00.000Z',
    audience: { kind: 'all' },
    ...overrides,
    coupons: [
      {
        template_id: templateId,
        quantity: 10,
        per_user_limit: 2,
        validity: { kind: 'days', days: 7 },
        condition: { kind: 'min_spend', amount: 10_000 },
        scope: { kind: 'all' },
        ...item,
      },
    ],
  };
}
