import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Period } from './time-zone.js';

/** How many coupons of each activity were issued, claimed by shoppers, used and expired in a period. */
export interface ActivityCounts {
  issued: number;
  /** Issued because a shopper asked (claim, link or code) rather than by auto-issue. */
  claimed: number;
  used: number;
  expired: number;
}

export const NO_COUNTS: ActivityCounts = { issued: 0, claimed: 0, used: 0, expired: 0 };

/**
 * The counts behind the activity report's money figures, read from the coupon tables (the ledger
 * holds values, not pieces). A coupon counts as used in the period its order locked it (an order
 * pays within its lock time), and as expired in the period its validity ended.
 */
export async function activityCounts(db: Db, period: Period): Promise<Map<string, ActivityCounts>> {
  const out = new Map<string, ActivityCounts>();
  const entry = (id: string) => {
    const counts = out.get(id) ?? { ...NO_COUNTS };
    out.set(id, counts);
    return counts;
  };
  const issued = await db.q
    .selectFrom('coupons')
    .select(['activity_id', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`sum(case when channel = 'auto' then 0 else 1 end)`.as('claimed')])
    .where('claimed_at', '>=', period.from)
    .where('claimed_at', '<', period.to)
    .groupBy('activity_id')
    .execute();
  for (const row of issued) Object.assign(entry(row.activity_id), { issued: Number(row.n), claimed: Number(row.claimed) });
  const used = await db.q
    .selectFrom('coupon_uses as u')
    .innerJoin('coupons as c', 'c.id', 'u.coupon_id')
    .select(['c.activity_id', (eb) => eb.fn.count<number>('u.coupon_id').distinct().as('n')])
    .where('u.state', '=', 'paid')
    .where('u.created_at', '>=', period.from)
    .where('u.created_at', '<', period.to)
    .groupBy('c.activity_id')
    .execute();
  for (const row of used) entry(row.activity_id).used = Number(row.n);
  const expired = await db.q
    .selectFrom('coupons')
    .select(['activity_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('state', '=', 'expired')
    .where('valid_until', '>=', period.from)
    .where('valid_until', '<', period.to)
    .groupBy('activity_id')
    .execute();
  for (const row of expired) entry(row.activity_id).expired = Number(row.n);
  return out;
}
