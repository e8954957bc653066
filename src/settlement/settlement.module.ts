import type { Module } from '../module.js';
import { ADJUSTMENT_KIND, adjustmentKind } from './adjustments.js';
import { adjustmentRoutes } from './adjustments.routes.js';
import { cardMovesCheck, rollUpCardMoves } from './card-moves.js';
import { dashboardRoutes } from './dashboard.routes.js';
import { MATCH_JOB, type MatchProgress, matchStep, removeAbandonedLoads } from './reconcile.js';
import { reconcileRoutes } from './reconcile.routes.js';
import { reportRoutes } from './reports.routes.js';
import { adjustmentHoldsCheck } from './settlement.checks.js';

/** Steps of one run done per job call before handing back to the runner. */
const STEPS_PER_CALL = 50;

export const settlementModule: Module = {
  name: 'settlement',
  routes: [
    { prefix: '/v1/settlement', plugin: reconcileRoutes },
    { prefix: '/v1/settlement', plugin: adjustmentRoutes },
    { prefix: '/v1/settlement', plugin: reportRoutes },
    { prefix: '/v1/settlement', plugin: dashboardRoutes },
  ],
  approvalKinds: { [ADJUSTMENT_KIND]: adjustmentKind },
  checks: [adjustmentHoldsCheck, cardMovesCheck],
  sweeps: [
    { name: 'settlement.abandoned-uploads', everyMs: 600_000, run: (ctx, now) => removeAbandonedLoads(ctx.db, now) },
    { name: 'settlement.roll-up-card-moves', everyMs: 60_000, run: (ctx, now) => rollUpCardMoves(ctx.db, now) },
  ],
  jobKinds: {
    [MATCH_JOB]: async (run) => {
      const runId = String(run.job.payload.run_id);
      let progress = (run.job.progress.step ? run.job.progress : { step: 'ours', next_line: 0 }) as unknown as MatchProgress;
      for (let i = 0; i < STEPS_PER_CALL && progress.step !== 'done'; i++) {
        progress = await matchStep(run.ctx.db, runId, progress, run.ctx.clock.now(), (tx, next) => run.saveProgress(tx, { ...next }));
      }
      return progress.step === 'done' ? { state: 'done' } : { state: 'again' };
    },
  },
};
