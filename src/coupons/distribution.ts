import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import type { CouponsTable } from '../db/schema.js';
import { problem } from '../errors.js';
import { type ItemRow, requireActivity } from './activities.repo.js';
import { assertOpen, findOffer, inAudience, issueCoupon } from './claims.js';
import { isWithinWindow } from './values.js';

/** Manual claim in the coupon centre and claim through a link. */

export async function claimFromCentre(tx: Tx, itemId: string, shopperId: string, timeZone: string, now: Date): Promise<CouponsTable> {
  const offer = await findOffer(tx, { itemId });
  if (!offer) throw problem('coupon_activity_not_found', 'no such coupon in any activity');
  if (offer.activity.method !== 'claim') throw problem('coupon_wrong_method', `this activity distributes by ${offer.activity.method}`);
  return issueCoupon(tx, offer.item, shopperId, { channel: 'claim', timeZone }, now, offer);
}

export async function claimByLink(tx: Tx, token: string, shopperId: string, timeZone: string, now: Date): Promise<CouponsTable> {
  const offer = await findOffer(tx, { linkToken: token });
  if (offer?.activity.method !== 'link') throw problem('coupon_link_not_found');
  return issueCoupon(tx, offer.item, shopperId, { channel: 'link', timeZone }, now, offer);
}

export interface CentreEntry {
  item: ItemRow;
  activity_name: string;
  ends_at: string | null;
  claimed: number;
  remaining: number;
}

const CENTRE_LIMIT = 100;

/** What the shopper can claim now: open claim activities, in their audience, with stock, under their limit. */
export async function couponCentre(db: Db, shopperId: string, now: Date): Promise<CentreEntry[]> {
  const at = now.toISOString();
  const rows = await db.q
    .selectFrom('coupon_activity_items as i')
    .innerJoin('coupon_activities as a', 'a.id', 'i.activity_id')
    .leftJoin('coupon_claim_counts as c', (join) => join.onRef('c.item_id', '=', 'i.id').on('c.shopper_id', '=', shopperId))
    .selectAll('i')
    .select(['a.name as activity_name', 'a.ends_at', sql<number>`coalesce(c.count, 0)`.as('claimed')])
    .where('a.method', '=', 'claim')
    .where('a.state', 'in', ['scheduled', 'running'])
    .where('a.starts_at', '<=', at)
    .where('a.ends_at', '>', at)
    .where('i.closed_at', 'is', null)
    .where((eb) => eb('i.issued', '<', eb.ref('i.quantity')))
    .where((eb) => eb(sql`coalesce(c.count, 0)`, '<', eb.ref('i.per_user_limit')))
    .orderBy('a.ends_at')
    .orderBy('i.id')
    .limit(CENTRE_LIMIT)
    .execute();
  const out: CentreEntry[] = [];
  for (const { activity_name, ends_at, claimed, ...item } of rows) {
    const activity = await requireActivity(db, item.activity_id);
    if (!isWithinWindow({ startsAt: activity.starts_at, endsAt: activity.ends_at }, now)) continue;
    assertOpen(activity, now);
    if (!(await inAudience(db, activity, shopperId))) continue;
    out.push({ item, activity_name, ends_at, claimed: Number(claimed), remaining: item.quantity - item.issued });
  }
  return out;
}
