import { createHmac, randomBytes } from 'node:crypto';
import type { Db, Tx } from '../db/database.js';
import type { AppContext } from '../http/context.js';

/**
 * The HMAC key for card codes and buyer ID numbers: GIFTCARD_CODE_SECRET in production. Without
 * it (development), a random key is made once and kept in the database, so every process and
 * every restart hashes codes the same way.
 */

const DEV_SECRET_NAME = 'giftcard_code_dev_secret';

export async function codeSecret(ctx: Pick<AppContext, 'config' | 'db'>, db: Db | Tx = ctx.db): Promise<string> {
  const configured = ctx.config.giftcards.codeSecret;
  if (configured !== undefined) return configured;
  await db.q
    .insertInto('identity_secrets')
    .values({ name: DEV_SECRET_NAME, value: randomBytes(32).toString('base64url'), created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.q.selectFrom('identity_secrets').select('value').where('name', '=', DEV_SECRET_NAME).executeTakeFirstOrThrow();
  return row.value;
}

/** A keyed hash of a buyer's ID number, so equal numbers can be matched without being stored. */
export function hashIdNumber(secret: string, idNumber: string): string {
  return createHmac('sha256', secret).update(`id-number:${idNumber.replace(/\s/g, '').toUpperCase()}`).digest('hex');
}
