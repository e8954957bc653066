import type { App, AppContext } from './http/context.js';
import type { ApprovalKind } from './platform/approvals.types.js';
import type { JobHandler } from './platform/jobs.js';
import type { Check } from './verify.js';

/** A periodic task run by the job runner, safe to run in several processes at once. */
export interface Sweep {
  name: string;
  everyMs: number;
  run(ctx: AppContext, now: Date): Promise<number>;
}

/**
 * What a domain contributes to Scrip. The app, the job runner and `verify` are assembled from
 * the list of modules in src/modules.ts.
 */
export interface Module {
  name: string;
  routes?: { prefix: string; plugin: (ctx: AppContext) => (app: App) => Promise<void> }[];
  approvalKinds?: Record<string, ApprovalKind>;
  jobKinds?: Record<string, JobHandler>;
  sweeps?: Sweep[];
  checks?: Check[];
}
