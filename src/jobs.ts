import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from './http/context.js';
import type { Module } from './module.js';
import { type JobHandler, runDueJobs } from './platform/jobs.js';

export interface JobsHandle {
  stop(): Promise<void>;
}

export function jobHandlers(modules: readonly Module[]): Record<string, JobHandler> {
  return Object.assign({}, ...modules.map((m) => m.jobKinds ?? {}));
}

/**
 * One loop per process: every tick it runs the sweeps that are due and claims queued jobs. Each
 * sweep and job is safe with several processes (the database decides who does what).
 */
export function startJobs(ctx: AppContext, modules: readonly Module[], log: FastifyBaseLogger, tickMs = 250): JobsHandle {
  const handlers = jobHandlers(modules);
  const sweeps = modules.flatMap((m) => m.sweeps ?? []);
  const lastRun = new Map<string, number>();
  log.info({ kinds: Object.keys(handlers), sweeps: sweeps.map((s) => s.name), tick_ms: tickMs }, 'job runner started');
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = async () => {
    for (const sweep of sweeps) {
      const now = ctx.clock.now();
      if (now.getTime() - (lastRun.get(sweep.name) ?? 0) < sweep.everyMs) continue;
      lastRun.set(sweep.name, now.getTime());
      try {
        const done = await sweep.run(ctx, now);
        if (done > 0) log.debug({ sweep: sweep.name, done }, 'sweep');
      } catch (error) {
        log.error({ err: error, sweep: sweep.name }, 'sweep failed');
      }
    }
    const runs = await runDueJobs(ctx, handlers, 20, log);
    if (runs > 0) log.debug({ runs }, 'job runs');
  };
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = tick()
      .catch((error: unknown) => log.error({ err: error }, 'job runner failed'))
      .finally(() => {
        running = undefined;
      });
  }, tickMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      log.info('job runner stopped');
    },
  };
}
