import { transaction } from '../db/database.js';
import type { App } from '../http/context.js';
import { jobHandlers } from '../jobs.js';
import { createApiKey } from '../platform/api-keys.js';
import { recordAudit } from '../platform/audit.js';
import { runDueJobs } from '../platform/jobs.js';
import { cliActor, type Role } from '../platform/principal.js';

/**
 * How the demo seed talks to Scrip: through the public HTTP API (`app.inject`), as the staff,
 * systems and shoppers who would really make each call. Every principal is an API key made for
 * the seed and revoked when it ends, so approvals have distinct makers and reviewers and the
 * audit log says who did what. Key secrets live only in this object.
 */

export type Who = 'admin' | 'ops' | 'ops-reviewer' | 'finance' | 'finance-reviewer' | 'tea-house' | 'integration';

const PRINCIPALS: Record<Who, { role: Role; merchantId?: string }> = {
  admin: { role: 'admin' },
  ops: { role: 'operations' },
  'ops-reviewer': { role: 'operations' },
  finance: { role: 'finance' },
  'finance-reviewer': { role: 'finance' },
  'tea-house': { role: 'merchant', merchantId: 'm-tea' },
  integration: { role: 'integration' },
};

/** Most job runs the seed makes while waiting for activities to start and auto-issue. */
const MAX_JOB_RUNS = 200;

type Json = Record<string, unknown>;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

export class DemoCallError extends Error {}

export interface DemoApi {
  /** A call as a staff member or system; throws with the problem's code unless it answers 2xx. */
  call<T = Json>(who: Who, method: Method, url: string, body?: unknown): Promise<T>;
  /** A storefront call for a shopper, with the token the demo shopper picker hands out. */
  shopper<T = Json>(shopperId: string, method: Method, url: string, body?: unknown): Promise<T>;
  /** First review by operations, final review by finance: neither is the maker. */
  approve(approvalId: string): Promise<void>;
  /** Runs the jobs that are due (activity start, auto-issue), as the job runner would. */
  runJobs(): Promise<number>;
}

async function makeKeys(app: App, now: Date): Promise<Map<Who, { id: string; secret: string }>> {
  const actor = cliActor('serve --demo');
  const keys = new Map<Who, { id: string; secret: string }>();
  await transaction(app.ctx.db, async (tx) => {
    for (const [who, { role, merchantId }] of Object.entries(PRINCIPALS) as [Who, (typeof PRINCIPALS)[Who]][]) {
      const created = await createApiKey(tx, { name: `demo seed: ${who}`, role, merchantId: merchantId ?? null }, actor.principal.id, now);
      await recordAudit(tx, actor, { action: 'api_key.create', entityType: 'api_key', entityId: created.key.id, after: created.key }, now);
      keys.set(who, { id: created.key.id, secret: created.secret });
    }
  });
  return keys;
}

function answer<T>(method: Method, url: string, response: { statusCode: number; body: string; json(): unknown }): T {
  if (response.statusCode >= 200 && response.statusCode < 300) return (response.body === '' ? {} : response.json()) as T;
  let code = 'unknown';
  let detail = '';
  try {
    const problem = response.json() as { code?: string; detail?: string };
    code = problem.code ?? code;
    detail = problem.detail ?? '';
  } catch {
    // not problem+json: the status says enough
  }
  throw new DemoCallError(`demo seed: ${method} ${url} answered ${response.statusCode} ${code}${detail ? `: ${detail}` : ''}`);
}

/** Runs `body` with a DemoApi whose keys are revoked afterwards, whatever happens. */
export async function withDemoApi<T>(app: App, now: Date, body: (api: DemoApi) => Promise<T>): Promise<T> {
  const keys = await makeKeys(app, now);
  const tokens = new Map<string, string>();
  const headers = (who: Who) => ({ authorization: `Bearer ${keys.get(who)?.secret}` });
  const inject = async <T>(method: Method, url: string, extra: Record<string, string>, body: unknown) =>
    answer<T>(method, url, await app.inject({ method, url, headers: extra, ...(body === undefined ? {} : { payload: body as Json }) }));
  const tokenOf = async (shopperId: string) => {
    let token = tokens.get(shopperId);
    if (!token) {
      token = (await inject<{ token: string }>('POST', `/v1/demo/shoppers/${shopperId}/token`, {}, undefined)).token;
      tokens.set(shopperId, token);
    }
    return token;
  };
  const api: DemoApi = {
    call: (who, method, url, body) => inject(method, url, headers(who), body),
    shopper: async (shopperId, method, url, body) => inject(method, url, { 'x-shopper-token': await tokenOf(shopperId) }, body),
    async approve(approvalId) {
      await api.call('ops-reviewer', 'POST', `/v1/approvals/${approvalId}/approve`, { comment: '演示数据 demo data' });
      await api.call('finance-reviewer', 'POST', `/v1/approvals/${approvalId}/approve`, {});
    },
    runJobs: () => runDueJobs(app.ctx, jobHandlers(app.ctx.modules), MAX_JOB_RUNS),
  };
  try {
    return await body(api);
  } finally {
    const admin = keys.get('admin');
    for (const [who, key] of keys) if (who !== 'admin') await api.call('admin', 'POST', `/v1/api-keys/${key.id}/revoke`);
    if (admin) await api.call('admin', 'POST', `/v1/api-keys/${admin.id}/revoke`);
  }
}
