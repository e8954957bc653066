import type { Page } from '../../shared/components/use-paged-list.js';
import { api } from '../session.js';

/** The coupon API as the console reads it (src/coupons/schemas.ts is the source). */

const enc = encodeURIComponent;
type Signal = AbortSignal | undefined;

export interface Budget {
  id: string;
  owner: string;
  merchant_id: string | null;
  name: string;
  currency: string;
  created_by: string;
  created_at: string;
}

export interface FrozenLine {
  id: string;
  name: string;
  amount: number;
  pending_out: number;
}

export interface Statement {
  budget_id: string;
  currency: string;
  funded: number;
  available: number;
  pending_out: number;
  pending_in: number;
  frozen_templates: FrozenLine[];
  frozen_activities: FrozenLine[];
  frozen: number;
  in_transit: number;
  spent: number;
}

export interface ApprovalRef {
  id: string;
  kind: string;
  state: string;
  amount: number | null;
  currency: string | null;
}

export const TEMPLATE_TYPES = ['amount_off', 'no_threshold', 'percent_off'] as const;
export type TemplateType = (typeof TEMPLATE_TYPES)[number];

export interface Template {
  id: string;
  budget_id: string;
  name_zh: string;
  name_en: string;
  type: string;
  amount: number | null;
  percent_bp: number | null;
  cap: number | null;
  value: number;
  currency: string;
  quantity: number;
  stock: number;
  state: string;
  approval_id: string | null;
  created_at: string;
}

export interface TemplateInput {
  budget_id: string;
  name_zh: string;
  name_en: string;
  type: TemplateType;
  amount?: number | null;
  percent_bp?: number | null;
  cap?: number | null;
  quantity: number;
}

export type CouponValidity = { kind: 'fixed'; from: string; until: string } | { kind: 'days'; days: number };
export type Condition = { kind: 'none' } | { kind: 'min_spend'; amount: number } | { kind: 'min_items'; count: number };
export interface Scope {
  kind: 'all' | 'merchants' | 'categories' | 'skus';
  ids?: string[];
  exclude_skus?: string[];
  exclude_categories?: string[];
}
export interface Audience {
  kind: 'all' | 'rule' | 'list';
  regions?: string[];
  registered_from?: string;
  registered_until?: string;
  tags_any?: string[];
  tags_all?: string[];
  real_name_verified?: boolean;
}

export interface ItemInput {
  template_id: string;
  quantity: number;
  per_user_limit: number;
  validity: CouponValidity;
  condition: Condition;
  scope: Scope;
}

export const METHODS = ['claim', 'auto', 'link', 'code'] as const;
export type Method = (typeof METHODS)[number];

export interface ActivityInput {
  budget_id: string;
  name: string;
  description?: string;
  method: Method;
  starts_at?: string | null;
  ends_at?: string | null;
  audience: Audience;
  coupons: ItemInput[];
}

export interface Activity {
  id: string;
  budget_id: string;
  merchant_id: string | null;
  name: string;
  description: string;
  method: string;
  starts_at: string | null;
  ends_at: string | null;
  audience: unknown;
  state: string;
  approval_id: string | null;
  published_at: string | null;
  ended_at: string | null;
  created_at: string;
  coupons: { id: string; position: number; template_id: string; quantity: number; issued: number; returned: number; per_user_limit: number; validity: unknown; condition: unknown; scope: unknown; link_token?: string; closed_at: string | null }[];
  jobs?: { kind: string; state: string; progress: unknown }[];
}

export const couponsApi = {
  budgets: (cursor: string | undefined, signal: Signal) => api.get<Page<Budget>>('/v1/coupon-budgets', { query: { cursor, limit: 50 }, signal }),
  budget: (id: string, signal: Signal) => api.get<Budget & { statement: Statement }>(`/v1/coupon-budgets/${enc(id)}`, { signal }),
  createBudget: (input: { owner: 'platform' | 'merchant'; merchant_id?: string | null; name: string; currency?: string }) => api.post<Budget>('/v1/coupon-budgets', input),
  moveMoney: (id: string, direction: 'fund' | 'withdraw', amount: number, comment: string) =>
    api.post<ApprovalRef>(`/v1/coupon-budgets/${enc(id)}/${direction}`, { amount, ...(comment.trim() ? { comment: comment.trim() } : {}) }),

  templates: (budgetId: string, cursor: string | undefined, signal: Signal) => api.get<Page<Template>>('/v1/coupon-templates', { query: { budget_id: budgetId || undefined, cursor, limit: 50 }, signal }),
  createTemplate: (input: TemplateInput) => api.post<{ template: Template; approval: ApprovalRef }>('/v1/coupon-templates', input),

  activities: (state: string, cursor: string | undefined, signal: Signal) => api.get<Page<Activity>>('/v1/coupon-activities', { query: { state: state || undefined, cursor, limit: 50 }, signal }),
  activity: (id: string, signal: Signal) => api.get<Activity>(`/v1/coupon-activities/${enc(id)}`, { signal }),
  createActivity: (input: ActivityInput) => api.post<Activity>('/v1/coupon-activities', input),
  submitActivity: (id: string) => api.post<ApprovalRef>(`/v1/coupon-activities/${enc(id)}/submit`),
  endActivity: (id: string) => api.post<Activity>(`/v1/coupon-activities/${enc(id)}/end`),
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
