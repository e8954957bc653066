import { ManualClock } from '../../src/clock.js';
import { type Config, loadConfig } from '../../src/config.js';
import { type Db, transaction } from '../../src/db/database.js';
import { buildApp } from '../../src/http/app.js';
import type { App } from '../../src/http/context.js';
import { createApiKey } from '../../src/platform/api-keys.js';
import type { Role } from '../../src/platform/principal.js';

export interface TestApp {
  app: App;
  clock: ManualClock;
  config: Config;
  /** Authorization headers for an API key of this role (made once per role and merchant). */
  as(role: Role, merchantId?: string): Promise<Record<string, string>>;
}

/** The real app on a test database, with a manual clock and no log output. */
export async function testApp(db: Db, overrides: Partial<Config> = {}, clock = new ManualClock('2026-03-01T00:00:00.000Z')): Promise<TestApp> {
  const config = { ...loadConfig({}), ...overrides };
  const app = await buildApp(config, { db, clock, logger: false });
  await app.ready();
  const keys = new Map<string, string>();
  const as = async (role: Role, merchantId?: string) => {
    const name = `${role}:${merchantId ?? ''}`;
    let secret = keys.get(name);
    if (!secret) {
      const created = await transaction(db, (tx) => createApiKey(tx, { name: `test ${name}`, role, merchantId: merchantId ?? null }, 'test', new Date('2026-01-01T00:00:00Z')));
      secret = created.secret;
      keys.set(name, secret);
    }
    return { authorization: `Bearer ${secret}` };
  };
  return { app, clock, config, as };
}
