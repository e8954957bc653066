import { randomBytes } from 'node:crypto';
import type { Db, Tx } from '../db/database.js';
import type { CouponsTable } from '../db/schema.js';
import { problem } from '../errors.js';
import { findItem, itemsOf, requireActivity } from './activities.repo.js';
import { issueCoupon } from './claims.js';
import { deriveCode, formatCode, hashCode, normaliseCode } from './codes.js';

const KEY_NAME = 'coupon_code_key';

/** The key codes are derived and hashed with: made once, kept in the database, never returned. */
export async function codeKey(db: Db | Tx, now: Date): Promise<string> {
  await db.q
    .insertInto('identity_secrets')
    .values({ name: KEY_NAME, value: randomBytes(32).toString('base64url'), created_at: now.toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.q.selectFrom('identity_secrets').select('value').where('name', '=', KEY_NAME).executeTakeFirstOrThrow();
  return row.value;
}

/** Stores the hashes of codes `from`…`to − 1` of an item (idempotent: a rerun skips what exists). */
export async function storeCodes(tx: Tx, key: string, itemId: string, from: number, to: number): Promise<void> {
  const rows = [];
  for (let serial = from; serial < to; serial++) {
    const code = deriveCode(key, itemId, serial);
    rows.push({ code_hash: hashCode(key, code), item_id: itemId, serial, last4: code.slice(-4), coupon_id: null, redeemed_at: null });
  }
  for (let i = 0; i < rows.length; i += 500) {
    await tx.q.insertInto('coupon_codes').values(rows.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
  }
}

/** Redeems a code into the shopper's wallet; null when no such code exists (a failure to count). */
export async function redeemCode(tx: Tx, key: string, input: string, shopperId: string, timeZone: string, now: Date): Promise<CouponsTable | null> {
  const code = normaliseCode(input);
  if (code === null) return null;
  const found = await tx.q.selectFrom('coupon_codes').selectAll().where('code_hash', '=', hashCode(key, code)).executeTakeFirst();
  if (!found) return null;
  const marked = await tx.q
    .updateTable('coupon_codes')
    .set({ redeemed_at: now.toISOString() })
    .where('code_hash', '=', found.code_hash)
    .where('redeemed_at', 'is', null)
    .executeTakeFirst();
  if (Number(marked.numUpdatedRows) !== 1) throw problem('coupon_code_used');
  const item = await findItem(tx, found.item_id);
  if (!item) return null;
  const coupon = await issueCoupon(tx, item, shopperId, { channel: 'code', timeZone }, now);
  await tx.q.updateTable('coupon_codes').set({ coupon_id: coupon.id }).where('code_hash', '=', found.code_hash).execute();
  return coupon;
}

/** Marks the activity's codes exported; throws when that happened before. */
export async function markExported(tx: Tx, activityId: string, actorId: string, now: Date): Promise<void> {
  const activity = await requireActivity(tx, activityId);
  if (activity.method !== 'code') throw problem('coupon_wrong_method', 'only code activities have codes');
  if (activity.published_at === null) throw problem('coupon_activity_not_editable', 'codes exist once the activity is published');
  const inserted = await tx.q
    .insertInto('coupon_code_exports')
    .values({ activity_id: activityId, exported_by: actorId, exported_at: now.toISOString() })
    .onConflict((oc) => oc.column('activity_id').doNothing())
    .returning('activity_id')
    .executeTakeFirst();
  if (!inserted) throw problem('coupon_codes_exported');
}

/** The CSV lines of every code of an activity, generated on the fly (never stored in clear). */
export async function* exportLines(db: Db, key: string, activityId: string): AsyncGenerator<string> {
  yield 'activity_id,coupon_item_id,serial,code\n';
  for (const item of await itemsOf(db, activityId)) {
    let chunk = '';
    for (let serial = 0; serial < item.quantity; serial++) {
      chunk += `${activityId},${item.id},${serial},${formatCode(deriveCode(key, item.id, serial))}\n`;
      if (serial % 1000 === 999) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
}
