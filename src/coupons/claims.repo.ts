import type { Tx } from '../db/database.js';
import type { CouponsTable } from '../db/schema.js';

/**
 * The three statements of a claim. Exactness comes from the database alone: the per-user count
 * and the item's `issued` only change through UPDATEs whose WHERE re-checks the limit, and a
 * failed claim rolls back its whole transaction. The hot row (the item's stock) is updated last,
 * so its row lock is held for the shortest time.
 */

/** Counts one more coupon for the shopper, unless they already have `limit`. */
export async function countClaim(tx: Tx, itemId: string, shopperId: string, limit: number): Promise<boolean> {
  const row = await tx.q
    .insertInto('coupon_claim_counts')
    .values({ item_id: itemId, shopper_id: shopperId, count: 1 })
    .onConflict((oc) =>
      oc
        .columns(['item_id', 'shopper_id'])
        .doUpdateSet((eb) => ({ count: eb('coupon_claim_counts.count', '+', 1) }))
        .where('coupon_claim_counts.count', '<', limit),
    )
    .returning('count')
    .executeTakeFirst();
  return row !== undefined;
}

/** Takes one coupon of the item's pre-issued quantity, unless none is left or the item closed. */
export async function takeOne(tx: Tx, itemId: string): Promise<boolean> {
  const result = await tx.q
    .updateTable('coupon_activity_items')
    .set((eb) => ({ issued: eb('issued', '+', 1) }))
    .where('id', '=', itemId)
    .where('closed_at', 'is', null)
    .where((eb) => eb('issued', '<', eb.ref('quantity')))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertCoupon(tx: Tx, row: CouponsTable): Promise<void> {
  await tx.q.insertInto('coupons').values(row).execute();
}

export async function claimCount(tx: Tx, itemId: string, shopperId: string): Promise<number> {
  const row = await tx.q.selectFrom('coupon_claim_counts').select('count').where('item_id', '=', itemId).where('shopper_id', '=', shopperId).executeTakeFirst();
  return row?.count ?? 0;
}
