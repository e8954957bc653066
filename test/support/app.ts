import { ManualClock } from '../../src/clock.js';
import { type Config, loadConfig } from '../../src/config.js';
import { type Db, transaction } from '../../src/db/database.js';
import { buildApp } from '../../src/http/app.js';
import type { App } from '../../src/http/context.js';
import { createApiKey } from '../../src/platform/api-keys.js';
import type { Role } from '../../src/platform/principal.js';
import type { Module } from '../../src/module.js';

export interface TestApp {
  app: App;
  clock: ManualClock;
  config: Config;
  /** Authorization headers for an API key of this role (made once per role and merchant). */
  as(role: Role, merchantId?: string, label?: string): Promise<Record<string, string>>;
  /** The principal id (`key:…`) behind the headers as() gave for the same arguments. */
  principalId(role: Role, merchantId?: string, label?: string): Promise<string>;
}

/** The real app on a test database, with a manual clock and no log output. */
export async function testApp(
  db: Db,
  overrides: Partial<Config> = {},
  clock = new ManualClock('2026-03-01T00:00:00.000Z'),
  modules?: readonly Module[],
): Promise<TestApp> {
  const config = { ...loadConfig({}), ...overrides };
  const app = await buildApp(config, { db, clock, logger: false, ...(modules ? { modules } : {}) });
  await app.ready();
  const keys = new Map<string, { secret: string; id: string }>();
  const key = async (role: Role, merchantId?: string, label = '') => {
    const name = `${role}:${merchantId ?? ''}:${label}`;
    let found = keys.get(name);
    if (!found) {
      const created = await transaction(db, (tx) =>
        createApiKey(tx, { name: `test ${name}`, role, merchantId: merchantId ?? null }, 'test', new Date('2026-01-01T00:00:00Z')),
      );
      found = { secret: created.secret, id: `key:${created.key.id}` };
      keys.set(name, found);
    }
    return found;
  };
  return {
    app,
    clock,
    config,
    as: async (role, merchantId, label) => ({ authorization: `Bearer ${(await key(role, merchantId, label)).secret}` }),
    principalId: async (role, merchantId, label) => (await key(role, merchantId, label)).id,
  };
}
