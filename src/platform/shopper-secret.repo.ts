import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';

/**
 * The key shopper tokens are verified with. In production it is SHOPPER_TOKEN_SECRET, shared
 * with the platform. Without it (development), a random secret is made once and kept in the
 * database, so it is stable across restarts and the same for every process and for
 * `scrip shoppers token`, which mints tokens with it.
 */

const DEV_SECRET_NAME = 'shopper_token_dev_secret';

export interface ShopperSecret {
  value: string;
  /** True when this is the database-kept development secret. */
  development: boolean;
}

export async function resolveShopperSecret(db: Db, configured: string | undefined, now: Date): Promise<ShopperSecret> {
  if (configured !== undefined) return { value: configured, development: false };
  await db.q
    .insertInto('identity_secrets')
    .values({ name: DEV_SECRET_NAME, value: randomBytes(32).toString('base64url'), created_at: now.toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.q.selectFrom('identity_secrets').select('value').where('name', '=', DEV_SECRET_NAME).executeTakeFirstOrThrow();
  return { value: row.value, development: true };
}
