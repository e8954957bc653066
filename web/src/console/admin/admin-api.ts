import type { Page } from '../../shared/components/use-paged-list.js';
import { api } from '../session.js';

/**
 * The platform's administration APIs as the console reads them: audit log, API keys, staff
 * users, webhooks, jobs, merchants and categories (src/platform/*.routes.ts and
 * src/webhooks/*.routes.ts are the source).
 */

const enc = encodeURIComponent;

export const API_KEY_ROLES = ['admin', 'operations', 'finance', 'customer_service', 'auditor', 'merchant', 'storefront', 'integration'] as const;
export const STAFF_ROLES = ['admin', 'operations', 'finance', 'customer_service', 'auditor', 'merchant'] as const;

export interface AuditEntry {
  seq: number;
  at: string;
  actor_id: string;
  actor_kind: string;
  role: string | null;
  channel: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  request_id: string | null;
  ip: string | null;
  sealed: boolean;
  chain_seq: number | null;
  hash: string | null;
}

export interface AuditFilters {
  entity_type?: string;
  entity_id?: string;
  actor_id?: string;
  action?: string;
  from?: string;
  to?: string;
}

export interface AuditVerification {
  ok: boolean;
  sealed: number;
  unsealed: number;
  first_broken: string | null;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: string;
  merchant_id: string | null;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  state: 'active' | 'revoked' | 'expired';
}

export interface ApiKeyInput {
  name: string;
  role: string;
  merchant_id?: string;
  expires_at?: string;
}

export interface StaffUser {
  id: string;
  username: string;
  role: string;
  merchant_id: string | null;
  disabled: boolean;
  created_by: string;
  created_at: string;
  updated_at: string;
  last_sign_in_at: string | null;
}

export interface StaffUserInput {
  username: string;
  role: string;
  password?: string;
  merchant_id?: string;
}

export type StaffUserChange = { role?: string; merchant_id?: string | null; disabled?: boolean; password?: string };

export interface Webhook {
  id: string;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  previous_secret_expires_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface WebhookInput {
  url: string;
  description?: string;
  event_types: string[];
  enabled?: boolean;
}

export const DELIVERY_STATES = ['pending', 'delivering', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface Delivery {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_duration_ms: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
  attempt_log: { attempt: number; started_at: string; duration_ms: number; status_code: number | null; error: string | null; outcome: 'delivered' | 'retry' | 'failed' }[];
}

export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface Job {
  id: string;
  kind: string;
  state: JobState;
  attempts: number;
  progress: Record<string, unknown>;
  last_error: string | null;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface Merchant {
  id: string;
  name: string;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface Category {
  id: string;
  name_zh: string;
  name_en: string;
  parent_id: string | null;
  created_at: string;
}

type Signal = AbortSignal | undefined;

export const adminApi = {
  audit: (filters: AuditFilters, cursor: string | undefined, signal: Signal) => api.get<Page<AuditEntry>>('/v1/audit', { query: { ...filters, cursor, limit: 50 }, signal }),
  verifyAudit: () => api.get<AuditVerification>('/v1/audit/verify'),

  apiKeys: (active: boolean | undefined, cursor: string | undefined, signal: Signal) =>
    api.get<Page<ApiKey>>('/v1/api-keys', { query: { active: active === undefined ? undefined : String(active), cursor, limit: 50 }, signal }),
  createApiKey: (input: ApiKeyInput) => api.post<ApiKey & { secret: string }>('/v1/api-keys', input, { idempotencyKey: false }),
  revokeApiKey: (id: string) => api.post<ApiKey>(`/v1/api-keys/${enc(id)}/revoke`),

  staffUsers: (cursor: string | undefined, signal: Signal) => api.get<Page<StaffUser>>('/v1/staff-users', { query: { cursor, limit: 50 }, signal }),
  createStaffUser: (input: StaffUserInput) => api.post<StaffUser & { password?: string }>('/v1/staff-users', input, { idempotencyKey: false }),
  changeStaffUser: (id: string, change: StaffUserChange) => api.request<StaffUser>('PATCH', `/v1/staff-users/${enc(id)}`, { body: change }),
  signOutEverywhere: (id: string) => api.post<{ revoked: number }>(`/v1/staff-users/${enc(id)}/sessions/revoke`),

  webhooks: (cursor: string | undefined, signal: Signal) => api.get<Page<Webhook>>('/v1/webhooks', { query: { cursor, limit: 50 }, signal }),
  webhook: (id: string, signal: Signal) => api.get<Webhook>(`/v1/webhooks/${enc(id)}`, { signal }),
  createWebhook: (input: WebhookInput) => api.post<Webhook & { secret: string }>('/v1/webhooks', input, { idempotencyKey: false }),
  changeWebhook: (id: string, change: Partial<WebhookInput>) => api.request<Webhook>('PATCH', `/v1/webhooks/${enc(id)}`, { body: change }),
  deleteWebhook: (id: string) => api.delete<void>(`/v1/webhooks/${enc(id)}`),
  rotateWebhookSecret: (id: string) => api.post<Webhook & { secret: string }>(`/v1/webhooks/${enc(id)}/rotate-secret`, {}, { idempotencyKey: false }),
  deliveries: (id: string, state: DeliveryState | '', cursor: string | undefined, signal: Signal) =>
    api.get<Page<Delivery>>(`/v1/webhooks/${enc(id)}/deliveries`, { query: { state: state || undefined, cursor, limit: 50 }, signal }),
  replayDelivery: (id: string) => api.post<Delivery>(`/v1/webhook-deliveries/${enc(id)}/replay`),

  jobs: (state: JobState | '', kind: string, cursor: string | undefined, signal: Signal) =>
    api.get<Page<Job>>('/v1/jobs', { query: { state: state || undefined, kind: kind.trim() || undefined, cursor, limit: 50 }, signal }),

  merchants: (signal: Signal) => api.get<{ items: Merchant[] }>('/v1/merchants', { signal }),
  saveMerchant: (merchant: { id: string; name: string; status: string }) => api.post<{ upserted: number }>('/v1/merchants', { merchants: [merchant] }),
  categories: (signal: Signal) => api.get<{ items: Category[] }>('/v1/categories', { signal }),
  saveCategory: (category: { id: string; name_zh: string; name_en: string; parent_id: string | null }) =>
    api.post<{ upserted: number }>('/v1/categories', { categories: [category] }),
};
