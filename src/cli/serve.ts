import type { Config } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { buildApp } from '../http/app.js';
import type { App } from '../http/context.js';
import { webBuilt } from '../http/web.js';
import { startJobs } from '../jobs.js';
import { ensureDemoAdminKey } from './keys.js';
import { MODULES } from '../modules.js';
import { DEMO_PASSWORD, DEMO_STAFF, seedDemo } from '../demo/seed.js';

/**
 * Seeds demo data; a step the API refuses is logged and the server still starts (what was made
 * before it stays, and the next start sees a non-empty database and seeds nothing). The seed's
 * own requests are not logged one by one (nothing else is served yet).
 */
async function seedOrReport(app: App): Promise<boolean> {
  const level = app.log.level;
  if (level === 'info') app.log.level = 'warn';
  try {
    return await seedDemo(app, new Date());
  } catch (error) {
    app.log.error({ err: error }, 'demo data is incomplete');
    return false;
  } finally {
    app.log.level = level;
  }
}

/** Migrates, listens, runs background jobs, and shuts down gracefully on SIGTERM or SIGINT. */
export async function serve(config: Config): Promise<void> {
  const db = await openDatabase(config);
  await migrateToLatest(db);
  const demoKey = await ensureDemoAdminKey(db, new Date());
  const app = await buildApp(config, { db });
  const seeded = config.demo ? await seedOrReport(app) : false;
  if (seeded) app.log.info('seeded the empty database with demo data');
  const jobs = config.jobs ? startJobs(app.ctx, MODULES, app.log) : undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      app.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    await jobs?.stop();
    await app.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  const lines = [
    '',
    `Scrip is running on ${db.dialect === 'sqlite' ? `SQLite (${db.location})` : `PostgreSQL (${db.location})`}`,
    `  Console       ${base}/console/`,
    `  Storefront    ${base}/shop/`,
    ...(webBuilt() ? [] : ['                (not built yet: run `npm run build:web`)']),
    `  API docs      ${base}/docs`,
    `  OpenAPI       ${base}/openapi.json`,
    `  Health        ${base}/health · ${base}/ready · ${base}/metrics`,
    ...(demoKey ? ['', `  Admin API key (shown once): ${demoKey}`, `  Try: curl -H 'Authorization: Bearer ${demoKey}' ${base}/v1/ledger/accounts/x`] : []),
    ...(demoKey ? [`  Console: sign in at ${base}/console/ with "API key" and this key`] : []),
    ...(config.demo
      ? [
          '',
          `  Demo mode${seeded ? ' (demo data created just now)' : ''}: console users ${DEMO_STAFF.map((s) => s.username).join(', ')}`,
          `  with the password ${DEMO_PASSWORD}; the storefront lets you pick a demo shopper.`,
          '  Demo data: the Scrip Gift Card (¥100 for ¥95, ¥200 for ¥190), a tea-house card, a funded coupon',
          '  budget, a running coupon centre, VIP coupons already issued, and shopper-li with a card and an order.',
        ]
      : []),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
