import type { Module } from '../module.js';
import { approvalRoutes } from './approvals.routes.js';
import { apiKeyRoutes } from './api-keys.routes.js';
import { sealAudit, verifyAuditChain } from './audit.js';
import { catalogRoutes } from './catalog.routes.js';
import { purgeKeys } from './idempotency.repo.js';
import { purgeRateLimits } from './rate-limit.repo.js';
import { purgeSessions } from './sessions.repo.js';
import { sessionRoutes } from './sessions.routes.js';
import { shopperRoutes } from './shoppers.routes.js';
import { staffUserRoutes } from './staff-users.routes.js';

export const platformModule: Module = {
  name: 'platform',
  routes: [
    { prefix: '/v1/approvals', plugin: approvalRoutes },
    { prefix: '/v1', plugin: catalogRoutes },
    // identity
    { prefix: '/v1', plugin: apiKeyRoutes },
    { prefix: '/v1', plugin: staffUserRoutes },
    { prefix: '/v1', plugin: sessionRoutes },
    { prefix: '/v1', plugin: shopperRoutes },
  ],
  sweeps: [
    { name: 'audit.seal', everyMs: 1000, run: (ctx) => sealAudit(ctx.db) },
    {
      name: 'idempotency.purge',
      everyMs: 60_000,
      run: (ctx, now) => purgeKeys(ctx.db, new Date(now.getTime() - ctx.config.idempotencyTtlHours * 3_600_000)),
    },
    { name: 'rate-limits.purge', everyMs: 60_000, run: (ctx, now) => purgeRateLimits(ctx.db, now) },
    { name: 'sessions.purge', everyMs: 300_000, run: (ctx, now) => purgeSessions(ctx.db, now) },
  ],
  checks: [{ name: 'audit chain', run: verifyAuditChain }],
};
