import type { Module } from '../module.js';
import { moveRecentHistory } from './history.js';
import { expirePendings } from './ledger.js';
import { ledgerRoutes } from './ledger.routes.js';

export const ledgerModule: Module = {
  name: 'ledger',
  routes: [{ prefix: '/v1/ledger', plugin: ledgerRoutes }],
  sweeps: [
    { name: 'ledger.expire-pendings', everyMs: 1000, run: (ctx, now) => expirePendings(ctx.db, now) },
    { name: 'ledger.move-history', everyMs: 1000, run: (ctx) => moveRecentHistory(ctx.db) },
  ],
};
