import type { Module } from '../module.js';
import { approvalRoutes } from './approvals.routes.js';
import { sealAudit, verifyAuditChain } from './audit.js';
import { catalogRoutes } from './catalog.routes.js';
import { purgeKeys } from './idempotency.repo.js';

export const platformModule: Module = {
  name: 'platform',
  routes: [
    { prefix: '/v1/approvals', plugin: approvalRoutes },
    { prefix: '/v1', plugin: catalogRoutes },
  ],
  sweeps: [
    { name: 'audit.seal', everyMs: 1000, run: (ctx) => sealAudit(ctx.db) },
    {
      name: 'idempotency.purge',
      everyMs: 60_000,
      run: (ctx, now) => purgeKeys(ctx.db, new Date(now.getTime() - ctx.config.idempotencyTtlHours * 3_600_000)),
    },
  ],
  checks: [{ name: 'audit chain', run: verifyAuditChain }],
};
