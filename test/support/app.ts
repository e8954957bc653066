import { ManualClock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import { buildApp } from '../../src/http/app.js';
import type { App } from '../../src/http/context.js';

export interface TestApp {
  app: App;
  clock: ManualClock;
  config: Config;
}

/** The real app on a test database, with a manual clock and no log output. */
export async function testApp(db: Db, overrides: Partial<Config> = {}, clock = new ManualClock('2026-03-01T00:00:00.000Z')): Promise<TestApp> {
  const config = { ...loadConfig({}), ...overrides };
  const app = await buildApp(config, { db, clock, logger: false });
  await app.ready();
  return { app, clock, config };
}
