import { expect, it } from 'vitest';
import { type Access, ROUTE_ACCESS } from '../src/http/access.js';
import { ROLES, type Role } from '../src/platform/principal.js';
import { mintShopperToken } from '../src/platform/shopper-token.js';
import { STAFF_USER_ROLES } from '../src/platform/staff-users.repo.js';
import { testApp } from './support/app.js';
import { describeEachDb } from './support/databases.js';
import { makeStaff, signIn } from './support/identity.js';

/**
 * Walks EVERY route in ROUTE_ACCESS (so routes added later are covered without touching this
 * file) with no credentials, with an API key of every role, and with a console session of every
 * staff role. Requests are empty: an allowed caller may get 400/404/422, never an access refusal.
 */

const SECRET = 'matrix-test-shopper-secret-0123456789abcdef';
const ACCESS_CODES = new Set([
  'unauthenticated',
  'invalid_api_key',
  'forbidden',
  'session_expired',
  'session_invalid',
  'csrf_token_invalid',
  'shopper_token_required',
  'shopper_token_not_allowed',
  'shopper_token_invalid',
  'shopper_token_malformed',
]);

interface Caller {
  label: string;
  role: Role | null;
  headers: () => Promise<Record<string, string>>;
  /** Called after a request that may have ended the caller's session. */
  reset?: () => void;
}

/** `/v1/things/:id` → `/v1/things/missing-id`; `::` is a literal colon. */
function concretePath(url: string): string {
  return url
    .split('::')
    .map((part) => part.replace(/:[A-Za-z_][A-Za-z0-9_]*/g, 'missing-id'))
    .join(':');
}

function isPublic(access: Access): boolean {
  return 'public' in access;
}

describeEachDb('access table: every route × every caller', ({ db }) => {
  it('answers 401 without credentials, 403 to unlisted roles, and lets listed roles in', async () => {
    const t = await testApp(db(), { shopperTokenSecret: SECRET, demo: true });
    const callers: Caller[] = [{ label: 'anonymous', role: null, headers: async () => ({}) }];
    for (const role of ROLES) {
      callers.push({ label: `key:${role}`, role, headers: () => t.as(role, role === 'merchant' ? 'm-1' : undefined) });
    }
    for (const role of STAFF_USER_ROLES) {
      const username = `matrix-${role.replace('_', '-')}`;
      await makeStaff(db(), username, role, role === 'merchant' ? 'm-1' : undefined);
      let session: Record<string, string> | undefined;
      callers.push({
        label: `session:${role}`,
        role,
        headers: async () => {
          session ??= (await signIn(t.app, username)).headers;
          return session;
        },
        reset: () => {
          session = undefined;
        },
      });
    }

    const failures: string[] = [];
    const entries = Object.entries(ROUTE_ACCESS);
    expect(entries.length).toBeGreaterThan(10);
    for (const [route, access] of entries) {
      const [method, url] = route.split(' ') as [string, string];
      if (!t.app.hasRoute({ method: method as 'GET', url })) {
        failures.push(`${route}: in ROUTE_ACCESS but no such route`);
        continue;
      }
      for (const caller of callers) {
        const headers = { ...(await caller.headers()) };
        const wantsShopper = !isPublic(access) && 'shopper' in access && access.shopper === 'required';
        if (wantsShopper && caller.role === 'storefront') {
          headers['x-shopper-token'] = mintShopperToken(SECRET, { shopperId: 'matrix-shopper' }, t.clock.now());
        }
        const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
        const res = await t.app.inject({ method: method as 'GET', url: concretePath(url), headers, ...(hasBody ? { payload: {} } : {}) });
        if (method === 'DELETE') caller.reset?.();
        const code = String(res.headers['content-type'] ?? '').includes('problem') ? (res.json().code as string) : '';
        const got = `${route} as ${caller.label}: ${res.statusCode} ${code}`;
        if (isPublic(access)) {
          if (res.statusCode === 401 || res.statusCode === 403) failures.push(`${got} (public route)`);
        } else if (caller.role === null) {
          if (res.statusCode !== 401 || code !== 'unauthenticated') failures.push(`${got} (expected 401 unauthenticated)`);
        } else if (!('roles' in access) || !access.roles.includes(caller.role)) {
          if (res.statusCode !== 403 || code !== 'forbidden') failures.push(`${got} (expected 403 forbidden)`);
        } else if (res.statusCode === 401 || ACCESS_CODES.has(code)) {
          failures.push(`${got} (role is listed: expected to get past access control)`);
        }
      }
    }
    expect(failures).toEqual([]);
    await t.app.close();
  }, 240_000);

  it('a shopper route refuses a storefront key without a shopper token', async () => {
    const t = await testApp(db(), { shopperTokenSecret: SECRET, demo: true });
    const shopperRoutes = Object.entries(ROUTE_ACCESS).filter(([, access]) => 'shopper' in access && access.shopper === 'required');
    expect(shopperRoutes.length).toBeGreaterThan(0);
    for (const [route] of shopperRoutes) {
      const [method, url] = route.split(' ') as [string, string];
      const res = await t.app.inject({ method: method as 'GET', url: concretePath(url), headers: await t.as('storefront') });
      expect([route, res.statusCode, res.json().code]).toEqual([route, 401, 'shopper_token_required']);
    }
    await t.app.close();
  });
});
