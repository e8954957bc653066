import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem } from '../errors.js';
import { ANONYMOUS, ROLES, type Role } from '../platform/principal.js';
import { attachShopper, identifyCaller } from './authenticate.js';
import type { App, AppContext } from './context.js';

/**
 * Who may call what — the one place where every route's allowed roles are declared. A route
 * missing from this table fails the app at start-up, so nothing is reachable by accident.
 * `admin` may call everything that is not public; it is listed explicitly anyway.
 */

export type Access =
  | { public: true }
  | {
      roles: readonly Role[];
      /** 'required': the call acts for a shopper, so it needs a valid X-Shopper-Token (storefront keys only). */
      shopper?: 'required';
    };

const STAFF: Role[] = ['admin', 'operations', 'finance', 'customer_service', 'auditor'];
const PUBLIC: Access = { public: true };
const roles = (...allowed: Role[]): Access => ({ roles: allowed });
const ANY_ROLE: Access = { roles: ROLES };
/** A storefront call on behalf of the shopper named by X-Shopper-Token. */
const forShopper = (...allowed: Role[]): Access => ({ roles: allowed, shopper: 'required' });

export const ROUTE_ACCESS: Record<string, Access> = {
  // operations
  'GET /health': PUBLIC,
  'GET /ready': PUBLIC,
  'GET /metrics': PUBLIC,
  'GET /openapi.json': PUBLIC,

  // ledger (raw ledger access is for finance and audit; domain routes move money themselves)
  'POST /v1/ledger/accounts': roles('admin', 'finance'),
  'GET /v1/ledger/accounts/:id': roles('admin', 'finance', 'auditor'),
  'GET /v1/ledger/accounts/:id/transfers': roles('admin', 'finance', 'auditor'),
  'POST /v1/ledger/transfers': roles('admin', 'finance'),
  'GET /v1/ledger/transfers/:id': roles('admin', 'finance', 'auditor'),

  // platform: catalog
  'POST /v1/merchants': roles('admin', 'operations', 'integration'),
  'GET /v1/merchants': roles('admin', 'operations', 'finance', 'customer_service', 'auditor', 'integration', 'storefront'),
  'POST /v1/categories': roles('admin', 'operations', 'integration'),
  'GET /v1/categories': roles('admin', 'operations', 'finance', 'customer_service', 'auditor', 'integration', 'storefront'),

  // platform: keys, identity, audit, events, jobs
  'GET /v1/audit': roles('admin', 'auditor'),
  'GET /v1/audit/verify': roles('admin', 'auditor'),
  'GET /v1/events': roles('admin', 'auditor'),
  'GET /v1/events/:id': roles('admin', 'auditor'),
  'GET /v1/jobs': roles('admin', 'operations', 'auditor'),
  'GET /v1/jobs/:id': roles('admin', 'operations', 'auditor'),
  'POST /v1/api-keys': roles('admin'),
  'GET /v1/api-keys': roles('admin', 'auditor'),
  'GET /v1/api-keys/:id': roles('admin', 'auditor'),
  'POST /v1/api-keys/:id/revoke': roles('admin'),
  'POST /v1/staff-users': roles('admin'),
  'GET /v1/staff-users': roles('admin', 'auditor'),
  'GET /v1/staff-users/:id': roles('admin', 'auditor'),
  'PATCH /v1/staff-users/:id': roles('admin'),
  'POST /v1/staff-users/:id/sessions/revoke': roles('admin'),
  'POST /v1/sessions': PUBLIC, // sign-in (throttled)
  'GET /v1/sessions/current': ANY_ROLE, // who am I
  'DELETE /v1/sessions/current': ANY_ROLE, // sign out (404 for API keys)
  'PUT /v1/shoppers/:id': roles('admin', 'integration'),
  'POST /v1/shoppers::batch': roles('admin', 'integration'), // `::` is a literal colon: /v1/shoppers:batch
  'GET /v1/shoppers/:id': roles(...STAFF),
  'GET /v1/shopper': forShopper('storefront'),

  // approvals
  'GET /v1/approvals': roles('admin', 'operations', 'finance', 'customer_service', 'auditor', 'merchant'),
  'GET /v1/approvals/:id': roles('admin', 'operations', 'finance', 'customer_service', 'auditor', 'merchant'),
  'POST /v1/approvals/:id/approve': roles('operations', 'finance'),
  'POST /v1/approvals/:id/reject': roles('operations', 'finance'),
  'POST /v1/approvals/:id/cancel': roles('admin', 'operations', 'finance', 'customer_service', 'merchant'),

  // webhooks
  'POST /v1/webhooks': roles('admin'),
  'GET /v1/webhooks': roles('admin', 'auditor'),
  'GET /v1/webhooks/:id': roles('admin', 'auditor'),
  'PATCH /v1/webhooks/:id': roles('admin'),
  'DELETE /v1/webhooks/:id': roles('admin'),
  'POST /v1/webhooks/:id/rotate-secret': roles('admin'),
  'GET /v1/webhooks/:id/deliveries': roles('admin', 'auditor'),
  'GET /v1/webhook-deliveries/:id': roles('admin', 'auditor'),
  'POST /v1/webhook-deliveries/:id/replay': roles('admin'),

  // gift cards
  'POST /v1/giftcard-products': roles('admin', 'operations'),
  'GET /v1/giftcard-products': roles(...STAFF, 'integration', 'storefront'),
  'GET /v1/giftcard-products/:id': roles(...STAFF, 'integration', 'storefront'),
  'PATCH /v1/giftcard-products/:id': roles('admin', 'operations'),
  'POST /v1/giftcard-orders': roles('admin', 'operations', 'finance', 'integration'),
  'GET /v1/giftcard-orders': roles(...STAFF, 'integration'),
  'GET /v1/giftcard-orders/:id': roles(...STAFF, 'integration'),
  'POST /v1/giftcard-orders/:id/pay': roles('admin', 'finance', 'integration'),
  'POST /v1/giftcard-orders/:id/cancel': roles('admin', 'operations', 'finance', 'integration'),
  'GET /v1/giftcards': roles('admin', 'customer_service', 'finance', 'auditor'),
  'GET /v1/giftcards/:id': roles('admin', 'customer_service', 'finance', 'auditor'),
  'GET /v1/giftcards/:id/history': roles('admin', 'customer_service', 'finance', 'auditor'),
  'POST /v1/giftcards/:id/freeze': roles('admin', 'customer_service'),
  'POST /v1/giftcards/:id/unfreeze': roles('admin', 'customer_service'),
  'POST /v1/giftcards/:id/replace': roles('admin', 'customer_service'),
  'POST /v1/giftcards/:id/reload': roles('admin', 'finance', 'integration'),
  'POST /v1/giftcards/:id/return': roles('admin', 'customer_service', 'finance'),
  'POST /v1/giftcards/:id/reactivate': roles('admin', 'customer_service'),
  'POST /v1/giftcards/:id/extend': roles('admin', 'customer_service'),
  'POST /v1/giftcard-batches': roles('admin', 'operations'),
  'GET /v1/giftcard-batches': roles('admin', 'operations', 'finance', 'auditor'),
  'GET /v1/giftcard-batches/:id': roles('admin', 'operations', 'finance', 'auditor'),
  'POST /v1/giftcard-batches/:id/export': roles('admin', 'operations'),
  'POST /v1/giftcard-promotions': roles('admin', 'operations'),
  'POST /v1/wallet/cards': forShopper('storefront'), // redeem (bind) a card by code
  'GET /v1/wallet/cards': forShopper('storefront'),
  'GET /v1/wallet/cards/:id/history': forShopper('storefront'),
  'POST /v1/wallet/card-balance': forShopper('storefront'),
  'POST /v1/shopper/giftcard-orders': forShopper('storefront'), // buy gift cards (buyer is the token's shopper)
  'GET /v1/shopper/giftcard-orders': forShopper('storefront'),
  'GET /v1/shopper/giftcard-orders/:id': forShopper('storefront'),
  'POST /v1/giftcard-holds': roles('admin', 'integration'),
  'GET /v1/giftcard-holds/:id': roles('admin', 'integration', 'customer_service', 'finance', 'auditor'),
  'POST /v1/giftcard-holds/:id/capture': roles('admin', 'integration'),
  'POST /v1/giftcard-holds/:id/partial-capture': roles('admin', 'integration'),
  'POST /v1/giftcard-holds/:id/release': roles('admin', 'integration', 'customer_service'),
  'POST /v1/giftcard-holds/:id/refunds': roles('admin', 'integration', 'customer_service'),

  // coupons
  'POST /v1/coupon-budgets': roles('admin', 'finance', 'merchant'),
  'GET /v1/coupon-budgets': roles('admin', 'operations', 'finance', 'auditor', 'merchant'),
  'GET /v1/coupon-budgets/:id': roles('admin', 'operations', 'finance', 'auditor', 'merchant'),
  'POST /v1/coupon-budgets/:id/fund': roles('finance', 'merchant'),
  'POST /v1/coupon-budgets/:id/withdraw': roles('finance', 'merchant'),
  'POST /v1/coupon-templates': roles('operations', 'merchant'),
  'GET /v1/coupon-templates': roles('admin', 'operations', 'finance', 'auditor', 'merchant'),
  'GET /v1/coupon-templates/:id': roles('admin', 'operations', 'finance', 'auditor', 'merchant'),
  'POST /v1/coupon-templates/:id/recycle': roles('operations', 'finance', 'merchant'),
  'POST /v1/coupon-activities': roles('operations', 'merchant'),
  'GET /v1/coupon-activities': roles('admin', 'operations', 'finance', 'customer_service', 'auditor', 'merchant'),
  'PUT /v1/coupon-activities/:id': roles('operations', 'merchant'),
  'GET /v1/coupon-activities/:id': roles('admin', 'operations', 'finance', 'customer_service', 'auditor', 'merchant'),
  'POST /v1/coupon-activities/:id/submit': roles('operations', 'merchant'),
  'POST /v1/coupon-activities/:id/end': roles('admin', 'operations', 'merchant'),
  'PUT /v1/coupon-activities/:id/audience-list': roles('operations', 'merchant'),
  'POST /v1/coupon-activities/:id/codes-export': roles('operations', 'merchant'),
  'GET /v1/coupons/:id': roles('admin', 'operations', 'finance', 'customer_service', 'auditor', 'merchant'),
  'POST /v1/coupons/:id/recycle': roles('operations', 'customer_service', 'merchant'),
  'GET /v1/coupon-links/:token': roles('storefront'),
  'GET /v1/shopper/coupons': forShopper('storefront'),
  'GET /v1/shopper/coupon-centre': forShopper('storefront'),
  'POST /v1/shopper/coupon-claims': forShopper('storefront'),
  'POST /v1/shopper/coupon-links/:token/claim': forShopper('storefront'),
  'POST /v1/shopper/coupon-codes/redeem': forShopper('storefront'),

  // checkout (the platform's order system; a shopper through the storefront under /v1/shopper)
  'POST /v1/checkout/quote': roles('admin', 'integration'),
  'POST /v1/orders': roles('admin', 'integration'),
  'GET /v1/orders': roles('admin', 'integration', 'customer_service', 'finance', 'auditor'),
  'GET /v1/orders/:id': roles('admin', 'integration', 'customer_service', 'finance', 'auditor'),
  'POST /v1/orders/:id/pay': roles('admin', 'integration'),
  'POST /v1/orders/:id/cancel': roles('admin', 'integration', 'customer_service'),
  'POST /v1/orders/:id/refunds': roles('admin', 'integration', 'customer_service'),
  'POST /v1/orders/:id/merchants/:merchantId/receipt': roles('admin', 'integration'),
  'POST /v1/shopper/checkout/quote': forShopper('storefront'),
  'POST /v1/shopper/orders': forShopper('storefront'),
  'GET /v1/shopper/orders': forShopper('storefront'),
  'GET /v1/shopper/orders/:id': forShopper('storefront'),
  'POST /v1/shopper/orders/:id/pay': forShopper('storefront'),
  'POST /v1/shopper/orders/:id/cancel': forShopper('storefront'),
  'POST /v1/shopper/orders/:id/merchants/:merchantId/receipt': forShopper('storefront'),

  // settlement
  'PUT /v1/settlement/reconcile-mappings/:id': roles('admin', 'finance'),
  'GET /v1/settlement/reconcile-mappings': roles('admin', 'finance', 'auditor'),
  'POST /v1/settlement/reconciliations': roles('admin', 'finance'),
  'GET /v1/settlement/reconciliations': roles('admin', 'finance', 'auditor'),
  'GET /v1/settlement/reconciliations/:id': roles('admin', 'finance', 'auditor'),
  'GET /v1/settlement/reconciliations/:id/differences': roles('admin', 'finance', 'auditor'),
  'GET /v1/settlement/reconciliations/:id/differences.csv': roles('admin', 'finance', 'auditor'),
  'POST /v1/settlement/adjustments': roles('admin', 'finance', 'operations'),
  'GET /v1/settlement/adjustments': roles('admin', 'finance', 'operations', 'auditor'),
  'GET /v1/settlement/adjustments/:id': roles('admin', 'finance', 'operations', 'auditor'),
  'GET /v1/settlement/reports/liability': roles('admin', 'finance', 'auditor'),
  'GET /v1/settlement/reports/breakage': roles('admin', 'finance', 'auditor'),
  'GET /v1/settlement/reports/budgets': roles('admin', 'finance', 'operations', 'auditor'),
  'GET /v1/settlement/reports/activities': roles('admin', 'finance', 'operations', 'auditor'),
  'GET /v1/settlement/reports/merchants': roles('admin', 'finance', 'auditor', 'merchant'),
  'GET /v1/settlement/reports/trial-balance': roles('admin', 'finance', 'auditor'),
  'GET /v1/settlement/reports/drill-down': roles('admin', 'finance', 'auditor', 'merchant'),
  // dashboard charts: liability is the platform's alone; budgets and per-day activity are scoped to a merchant caller's own
  'GET /v1/settlement/reports/dashboard/liability': roles('admin', 'finance', 'auditor'),
  'GET /v1/settlement/reports/dashboard/budgets': roles('admin', 'finance', 'operations', 'auditor', 'merchant'),
  'GET /v1/settlement/reports/dashboard/activity': roles('admin', 'operations', 'finance', 'customer_service', 'auditor', 'merchant'),
  'GET /v1/settlement/reports/dashboard/expiring': roles('admin', 'operations', 'finance', 'customer_service', 'auditor'),

  // demo mode only (the routes exist only when DEMO is on)
  'GET /v1/demo/shoppers': PUBLIC,
  'POST /v1/demo/shoppers/:id/token': PUBLIC,
  'POST /v1/demo/orders/:id/pay': forShopper('storefront'),
  'POST /v1/demo/giftcard-orders/:id/pay': forShopper('storefront'),

};

export { STAFF };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

function routeKey(method: string, url: string): string {
  return `${method} ${url}`;
}

/** Attaches each route's access rule, refusing to start if a route has none. */
export function registerAccessTable(app: App): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      if (route.url.startsWith('/docs') || route.url.startsWith('/console') || route.url.startsWith('/shop')) {
        route.config = { ...(route.config ?? {}), access: PUBLIC };
        continue;
      }
      const access = ROUTE_ACCESS[routeKey(method, route.url)];
      if (!access) throw new Error(`route ${method} ${route.url} has no entry in ROUTE_ACCESS (src/http/access.ts)`);
      route.config = { ...(route.config ?? {}), access };
    }
  });
}

/** Identifies the caller (API key, staff session, shopper token) and enforces the table. */
export function registerAuthentication(app: App, ctx: AppContext): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.principal = ANONYMOUS;
    if (request.is404) return;
    const access = request.routeOptions.config.access;
    if (access && 'public' in access) return;
    const caller = await identifyCaller(request, reply, ctx);
    if (caller.role === null) throw problem('unauthenticated');
    if (!access?.roles.includes(caller.role)) throw problem('forbidden');
    request.principal = await attachShopper(request, ctx, caller);
    if (access.shopper === 'required' && !request.principal.shopperId) throw problem('shopper_token_required');
  });
}
