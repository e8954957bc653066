import type { Db, Tx } from '../db/database.js';
import type { CouponActivitiesTable, CouponActivityItemsTable } from '../db/schema.js';
import { problem } from '../errors.js';

export type ActivityRow = CouponActivitiesTable;
export type ItemRow = CouponActivityItemsTable;

export async function requireActivity(db: Db | Tx, id: string, forUpdate = false): Promise<ActivityRow> {
  const row = await db.q
    .selectFrom('coupon_activities')
    .selectAll()
    .where('id', '=', id)
    .$if(forUpdate && db.dialect === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!row) throw problem('coupon_activity_not_found');
  return row;
}

export async function itemsOf(db: Db | Tx, activityId: string): Promise<ItemRow[]> {
  return db.q.selectFrom('coupon_activity_items').selectAll().where('activity_id', '=', activityId).orderBy('position').execute();
}

export async function findItem(db: Db | Tx, id: string): Promise<ItemRow | undefined> {
  return db.q.selectFrom('coupon_activity_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findItemByLink(db: Db | Tx, token: string): Promise<ItemRow | undefined> {
  return db.q.selectFrom('coupon_activity_items').selectAll().where('link_token', '=', token).executeTakeFirst();
}

/**
 * Moves the activity from one of `from` to `to`; false when another request moved it first.
 * This conditional UPDATE is what makes each transition (publication, ending) happen once.
 */
export async function moveActivity(tx: Tx, id: string, from: readonly ActivityRow['state'][], set: Partial<ActivityRow> & { state: ActivityRow['state'] }, now: Date): Promise<boolean> {
  const result = await tx.q
    .updateTable('coupon_activities')
    .set({ ...set, updated_at: now.toISOString() })
    .where('id', '=', id)
    .where('state', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listActivities(db: Db, filter: { merchantId?: string; state?: ActivityRow['state'] }, limit: number, afterId: string | undefined): Promise<ActivityRow[]> {
  return db.q
    .selectFrom('coupon_activities')
    .selectAll()
    .$if(filter.merchantId !== undefined, (qb) => qb.where('merchant_id', '=', filter.merchantId ?? ''))
    .$if(filter.state !== undefined, (qb) => qb.where('state', '=', filter.state as ActivityRow['state']))
    .$if(afterId !== undefined, (qb) => qb.where('id', '<', afterId ?? ''))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
