import { transaction } from '../db/database.js';
import type { Db } from '../db/database.js';
import { createApiKey, countApiKeys } from '../platform/api-keys.js';
import { recordAudit } from '../platform/audit.js';
import { cliActor, type Role } from '../platform/principal.js';

/** Creates an API key from the command line (the way to get the first admin key). */
export async function createKeyFromCli(db: Db, input: { name: string; role: Role; merchantId?: string }, now: Date) {
  const actor = cliActor('keys create');
  return transaction(db, async (tx) => {
    const created = await createApiKey(tx, { name: input.name, role: input.role, merchantId: input.merchantId ?? null }, actor.principal.id, now);
    await recordAudit(tx, actor, { action: 'api_key.create', entityType: 'api_key', entityId: created.key.id, after: created.key }, now);
    return created;
  });
}

/** On an empty database, makes a demo admin key so a fresh `npm start` can be used at once. */
export async function ensureDemoAdminKey(db: Db, now: Date): Promise<string | null> {
  if ((await countApiKeys(db)) > 0) return null;
  const { secret } = await createKeyFromCli(db, { name: 'demo admin (created on first start)', role: 'admin' }, now);
  return secret;
}
