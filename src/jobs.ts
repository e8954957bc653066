import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from './http/context.js';
import { expirePendings } from './ledger/ledger.js';
import { purgeKeys } from './platform/idempotency.repo.js';

export interface JobsHandle {
  stop(): Promise<void>;
}

/** Periodic sweeps. Each is safe to run in several processes at once (the database arbitrates). */
export function startJobs(ctx: AppContext, log: FastifyBaseLogger, intervalMs = 1000): JobsHandle {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = async () => {
    const now = ctx.clock.now();
    const expired = await expirePendings(ctx.db, now);
    if (expired > 0) log.info({ expired }, 'expired pending transfers');
    await purgeKeys(ctx.db, new Date(now.getTime() - ctx.config.idempotencyTtlHours * 3_600_000));
  };
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = tick()
      .catch((error: unknown) => log.error({ err: error }, 'background job failed'))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
