import type { ApiAnswer, ApiBody, ApiQuery } from '../../shared/api-types.js';
import { api } from '../session.js';

/**
 * The platform's administration APIs as the console reads them: audit log, API keys, staff
 * users, webhooks, jobs, merchants and categories (types from the generated api-schema.ts).
 */

const enc = encodeURIComponent;

type AuditPage = ApiAnswer<'/v1/audit', 'get'>;
export type AuditEntry = AuditPage['items'][number];
/** The audit log's filters: its query without the paging. */
export type AuditFilters = Omit<ApiQuery<'/v1/audit', 'get'>, 'cursor' | 'limit'>;
export type AuditVerification = ApiAnswer<'/v1/audit/verify', 'get'>;

type ApiKeyPage = ApiAnswer<'/v1/api-keys', 'get'>;
export type ApiKey = ApiKeyPage['items'][number];
export type ApiKeyInput = ApiBody<'/v1/api-keys', 'post'>;
export const API_KEY_ROLES = ['admin', 'operations', 'finance', 'customer_service', 'auditor', 'merchant', 'storefront', 'integration'] as const satisfies readonly ApiKey['role'][];

type StaffUserPage = ApiAnswer<'/v1/staff-users', 'get'>;
export type StaffUser = StaffUserPage['items'][number];
export type StaffUserInput = ApiBody<'/v1/staff-users', 'post'>;
export type StaffUserChange = ApiBody<'/v1/staff-users/{id}', 'patch'>;
export const STAFF_ROLES = ['admin', 'operations', 'finance', 'customer_service', 'auditor', 'merchant'] as const satisfies readonly StaffUser['role'][];

type WebhookPage = ApiAnswer<'/v1/webhooks', 'get'>;
export type Webhook = ApiAnswer<'/v1/webhooks/{id}', 'get'>;
export type WebhookInput = ApiBody<'/v1/webhooks', 'post'>;
type WebhookChange = ApiBody<'/v1/webhooks/{id}', 'patch'>;

type DeliveryPage = ApiAnswer<'/v1/webhooks/{id}/deliveries', 'get'>;
export type Delivery = DeliveryPage['items'][number];
export type DeliveryState = Delivery['state'];
export const DELIVERY_STATES = ['pending', 'delivering', 'delivered', 'failed', 'cancelled'] as const satisfies readonly DeliveryState[];

type JobPage = ApiAnswer<'/v1/jobs', 'get'>;
export type Job = JobPage['items'][number];
export type JobState = Job['state'];
export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const satisfies readonly JobState[];

type MerchantList = ApiAnswer<'/v1/merchants', 'get'>;
export type Merchant = MerchantList['items'][number];
type MerchantInput = ApiBody<'/v1/merchants', 'post'>['merchants'][number];
/** The statuses a merchant can be given (an answer's status is any string). */
export const MERCHANT_STATUSES = ['active', 'suspended'] as const satisfies readonly NonNullable<MerchantInput['status']>[];

type CategoryList = ApiAnswer<'/v1/categories', 'get'>;
export type Category = CategoryList['items'][number];
type CategoryInput = ApiBody<'/v1/categories', 'post'>['categories'][number];

type Signal = AbortSignal | undefined;

export const adminApi = {
  audit: (filters: AuditFilters, cursor: string | undefined, signal: Signal) => api.get<AuditPage>('/v1/audit', { query: { ...filters, cursor, limit: 50 }, signal }),
  verifyAudit: () => api.get<AuditVerification>('/v1/audit/verify'),

  apiKeys: (active: boolean | undefined, cursor: string | undefined, signal: Signal) =>
    api.get<ApiKeyPage>('/v1/api-keys', { query: { active: active === undefined ? undefined : String(active), cursor, limit: 50 }, signal }),
  createApiKey: (input: ApiKeyInput) => api.post<ApiAnswer<'/v1/api-keys', 'post', 201>>('/v1/api-keys', input, { idempotencyKey: false }),
  revokeApiKey: (id: string) => api.post<ApiAnswer<'/v1/api-keys/{id}/revoke', 'post'>>(`/v1/api-keys/${enc(id)}/revoke`),

  staffUsers: (cursor: string | undefined, signal: Signal) => api.get<StaffUserPage>('/v1/staff-users', { query: { cursor, limit: 50 }, signal }),
  createStaffUser: (input: StaffUserInput) => api.post<ApiAnswer<'/v1/staff-users', 'post', 201>>('/v1/staff-users', input, { idempotencyKey: false }),
  changeStaffUser: (id: string, change: StaffUserChange) => api.request<ApiAnswer<'/v1/staff-users/{id}', 'patch'>>('PATCH', `/v1/staff-users/${enc(id)}`, { body: change }),
  signOutEverywhere: (id: string) => api.post<ApiAnswer<'/v1/staff-users/{id}/sessions/revoke', 'post'>>(`/v1/staff-users/${enc(id)}/sessions/revoke`),

  webhooks: (cursor: string | undefined, signal: Signal) => api.get<WebhookPage>('/v1/webhooks', { query: { cursor, limit: 50 }, signal }),
  webhook: (id: string, signal: Signal) => api.get<Webhook>(`/v1/webhooks/${enc(id)}`, { signal }),
  createWebhook: (input: WebhookInput) => api.post<ApiAnswer<'/v1/webhooks', 'post', 201>>('/v1/webhooks', input, { idempotencyKey: false }),
  changeWebhook: (id: string, change: WebhookChange) => api.request<ApiAnswer<'/v1/webhooks/{id}', 'patch'>>('PATCH', `/v1/webhooks/${enc(id)}`, { body: change }),
  deleteWebhook: (id: string) => api.delete<void>(`/v1/webhooks/${enc(id)}`),
  rotateWebhookSecret: (id: string) =>
    api.post<ApiAnswer<'/v1/webhooks/{id}/rotate-secret', 'post'>>(`/v1/webhooks/${enc(id)}/rotate-secret`, {} satisfies ApiBody<'/v1/webhooks/{id}/rotate-secret', 'post'>, { idempotencyKey: false }),
  deliveries: (id: string, state: DeliveryState | '', cursor: string | undefined, signal: Signal) =>
    api.get<DeliveryPage>(`/v1/webhooks/${enc(id)}/deliveries`, { query: { state: state || undefined, cursor, limit: 50 }, signal }),
  /** Queued again for the worker: the answer (202) does not wait for the receiver. */
  replayDelivery: (id: string) => api.post<ApiAnswer<'/v1/webhook-deliveries/{id}/replay', 'post', 202>>(`/v1/webhook-deliveries/${enc(id)}/replay`),

  jobs: (state: JobState | '', kind: string, cursor: string | undefined, signal: Signal) =>
    api.get<JobPage>('/v1/jobs', { query: { state: state || undefined, kind: kind.trim() || undefined, cursor, limit: 50 }, signal }),

  merchants: (signal: Signal) => api.get<MerchantList>('/v1/merchants', { signal }),
  saveMerchant: (merchant: MerchantInput) => api.post<ApiAnswer<'/v1/merchants', 'post'>>('/v1/merchants', { merchants: [merchant] } satisfies ApiBody<'/v1/merchants', 'post'>),
  categories: (signal: Signal) => api.get<CategoryList>('/v1/categories', { signal }),
  saveCategory: (category: CategoryInput) => api.post<ApiAnswer<'/v1/categories', 'post'>>('/v1/categories', { categories: [category] } satisfies ApiBody<'/v1/categories', 'post'>),
};
