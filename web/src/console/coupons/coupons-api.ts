import type { ApiAnswer, ApiBody } from '../../shared/api-types.js';
import { api } from '../session.js';

/** The coupon API as the console reads it (types from the generated api-schema.ts). */

const enc = encodeURIComponent;
type Signal = AbortSignal | undefined;

type BudgetPage = ApiAnswer<'/v1/coupon-budgets', 'get'>;
export type Budget = BudgetPage['items'][number];
type BudgetInput = ApiBody<'/v1/coupon-budgets', 'post'>;
/** A budget with its statement. */
type BudgetDetail = ApiAnswer<'/v1/coupon-budgets/{id}', 'get'>;
export type Statement = BudgetDetail['statement'];
/** What one template or activity has frozen of a budget. */
export type FrozenLine = Statement['frozen_templates'][number];
type MoveMoneyInput = ApiBody<'/v1/coupon-budgets/{id}/fund' | '/v1/coupon-budgets/{id}/withdraw', 'post'>;
/** The approval a request waits on (funding, withdrawal, a template, an activity's submission). */
export type ApprovalRef = ApiAnswer<'/v1/coupon-budgets/{id}/fund', 'post', 202>;

type TemplatePage = ApiAnswer<'/v1/coupon-templates', 'get'>;
export type Template = TemplatePage['items'][number];
export type TemplateInput = ApiBody<'/v1/coupon-templates', 'post'>;
export type TemplateType = TemplateInput['type'];
export const TEMPLATE_TYPES = ['amount_off', 'no_threshold', 'percent_off'] as const satisfies readonly TemplateType[];

export type ActivityInput = ApiBody<'/v1/coupon-activities', 'post'>;
export type ItemInput = ActivityInput['coupons'][number];
export type CouponValidity = ItemInput['validity'];
export type Condition = ItemInput['condition'];
export type Scope = ItemInput['scope'];
export type Audience = ActivityInput['audience'];
export type Method = ActivityInput['method'];
export const METHODS = ['claim', 'auto', 'link', 'code'] as const satisfies readonly Method[];

type ActivityPage = ApiAnswer<'/v1/coupon-activities', 'get'>;
export type Activity = ApiAnswer<'/v1/coupon-activities/{id}', 'get'>;

export const couponsApi = {
  budgets: (cursor: string | undefined, signal: Signal) => api.get<BudgetPage>('/v1/coupon-budgets', { query: { cursor, limit: 50 }, signal }),
  budget: (id: string, signal: Signal) => api.get<BudgetDetail>(`/v1/coupon-budgets/${enc(id)}`, { signal }),
  createBudget: (input: BudgetInput) => api.post<ApiAnswer<'/v1/coupon-budgets', 'post', 201>>('/v1/coupon-budgets', input),
  moveMoney: (id: string, direction: 'fund' | 'withdraw', amount: number, comment: string) =>
    api.post<ApprovalRef>(`/v1/coupon-budgets/${enc(id)}/${direction}`, { amount, ...(comment.trim() ? { comment: comment.trim() } : {}) } satisfies MoveMoneyInput),

  templates: (budgetId: string, cursor: string | undefined, signal: Signal) => api.get<TemplatePage>('/v1/coupon-templates', { query: { budget_id: budgetId || undefined, cursor, limit: 50 }, signal }),
  createTemplate: (input: TemplateInput) => api.post<ApiAnswer<'/v1/coupon-templates', 'post', 202>>('/v1/coupon-templates', input),

  activities: (state: string, cursor: string | undefined, signal: Signal) => api.get<ActivityPage>('/v1/coupon-activities', { query: { state: state || undefined, cursor, limit: 50 }, signal }),
  activity: (id: string, signal: Signal) => api.get<Activity>(`/v1/coupon-activities/${enc(id)}`, { signal }),
  createActivity: (input: ActivityInput) => api.post<ApiAnswer<'/v1/coupon-activities', 'post', 201>>('/v1/coupon-activities', input),
  submitActivity: (id: string) => api.post<ApiAnswer<'/v1/coupon-activities/{id}/submit', 'post', 202>>(`/v1/coupon-activities/${enc(id)}/submit`),
  endActivity: (id: string) => api.post<ApiAnswer<'/v1/coupon-activities/{id}/end', 'post'>>(`/v1/coupon-activities/${enc(id)}/end`),
};

/** The value one coupon of a template freezes, as the API computes it (amount, or the cap of a percentage). */
export function templateValue(input: { type: TemplateType; amount?: number | null; cap?: number | null }): number | null {
  if (input.type === 'percent_off') return input.cap ?? null;
  return input.amount ?? null;
}

/** What a template freezes in all: value × quantity, exactly (null when it cannot be known yet). */
export function templateFreeze(value: number | null, quantity: number): number | null {
  if (value === null || !Number.isInteger(quantity) || quantity <= 0) return null;
  const total = BigInt(value) * BigInt(quantity);
  return total > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(total);
}
