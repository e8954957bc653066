import type { Db, Tx } from '../db/database.js';
import type { CouponsTable } from '../db/schema.js';
import { problem } from '../errors.js';
import { uuidv7 } from '../ids.js';
import { emitEvent } from '../platform/events.js';
import { findShopper } from '../platform/shoppers.repo.js';
import { type ActivityRow, type ItemRow, requireActivity } from './activities.repo.js';
import { type Audience, matchesRule } from './audience.js';
import { countClaim, insertCoupon, takeOne } from './claims.repo.js';
import { requireTemplate } from './templates.repo.js';
import { validityPeriod } from './validity.js';
import { type Validity, isWithinWindow } from './values.js';

/** Issuing one coupon of an activity to one shopper: every way of distribution ends here. */

export type Channel = CouponsTable['channel'];

export async function inAudience(db: Db | Tx, activity: ActivityRow, shopperId: string): Promise<boolean> {
  const audience = JSON.parse(activity.audience) as Audience;
  if (audience.kind === 'all') return true;
  if (audience.kind === 'list') {
    const row = await db.q.selectFrom('coupon_audience_lists').select('shopper_id').where('activity_id', '=', activity.id).where('shopper_id', '=', shopperId).executeTakeFirst();
    return row !== undefined;
  }
  const shopper = await findShopper(db, shopperId);
  return shopper !== null && matchesRule(audience, shopper);
}

/** Whether the activity hands out coupons right now (its state and its window). */
export function assertOpen(activity: ActivityRow, now: Date): void {
  if (activity.state === 'ended') throw problem('coupon_activity_ended');
  if (activity.state !== 'running' && activity.state !== 'scheduled') throw problem('coupon_activity_not_running', `the activity is ${activity.state}`);
  if (!isWithinWindow({ startsAt: activity.starts_at, endsAt: activity.ends_at }, now)) throw problem('coupon_activity_not_running', 'outside the activity’s time window');
}

/** An activity coupon with its activity and per-coupon value, read in one query. */
export interface Offer {
  item: ItemRow;
  activity: ActivityRow;
  value: number;
}

export async function findOffer(db: Db | Tx, where: { itemId: string } | { linkToken: string }): Promise<Offer | undefined> {
  const row = await db.q
    .selectFrom('coupon_activity_items as i')
    .innerJoin('coupon_activities as a', 'a.id', 'i.activity_id')
    .innerJoin('coupon_templates as t', 't.id', 'i.template_id')
    .selectAll('i')
    .select([
      'a.budget_id', 'a.merchant_id', 'a.name', 'a.description', 'a.method', 'a.starts_at', 'a.ends_at', 'a.audience', 'a.include_later', 'a.state', 'a.submission',
      'a.approval_id', 'a.published_at', 'a.ended_at', 'a.created_by', 'a.created_at', 'a.updated_at', 't.value',
    ])
    .$if('itemId' in where, (qb) => qb.where('i.id', '=', 'itemId' in where ? where.itemId : ''))
    .$if('linkToken' in where, (qb) => qb.where('i.link_token', '=', 'linkToken' in where ? where.linkToken : ''))
    .executeTakeFirst();
  if (!row) return undefined;
  const { id, activity_id, position, template_id, quantity, issued, returned, per_user_limit, validity, condition, scope, link_token, closed_at, value, ...a } = row;
  return {
    item: { id, activity_id, position, template_id, quantity, issued, returned, per_user_limit, validity, condition, scope, link_token, closed_at },
    activity: { id: activity_id, ...a },
    value,
  };
}

export interface IssueOptions {
  channel: Channel;
  timeZone: string;
  /** Audience already checked by the caller (the auto-issue job selects by it). */
  audienceChecked?: boolean;
}

/** Issues one coupon or throws a clear code; the caller's transaction rolls back on failure. */
export async function issueCoupon(tx: Tx, item: ItemRow, shopperId: string, options: IssueOptions, now: Date, loaded?: Offer): Promise<CouponsTable> {
  const { activity, value } = loaded ?? { activity: await requireActivity(tx, item.activity_id), value: (await requireTemplate(tx, item.template_id)).value };
  assertOpen(activity, now);
  if (!options.audienceChecked && !(await inAudience(tx, activity, shopperId))) throw problem('coupon_not_in_audience');
  if (!(await countClaim(tx, item.id, shopperId, item.per_user_limit))) throw problem('coupon_limit_reached');
  const period = validityPeriod(JSON.parse(item.validity) as Validity, now, options.timeZone);
  const at = now.toISOString();
  const coupon: CouponsTable = {
    id: uuidv7(),
    item_id: item.id,
    activity_id: activity.id,
    shopper_id: shopperId,
    state: 'available',
    value,
    valid_from: period.from,
    valid_until: period.until,
    channel: options.channel,
    locked_order_id: null,
    discount: null,
    reminded_at: null,
    claimed_at: at,
    updated_at: at,
  };
  await insertCoupon(tx, coupon);
  await emitEvent(tx, 'coupon.claimed', { coupon_id: coupon.id, activity_id: activity.id, item_id: item.id, shopper_id: shopperId, channel: options.channel }, now);
  // The hot row last: its lock is held only from here to COMMIT.
  if (!(await takeOne(tx, item.id))) {
    const closed = await tx.q.selectFrom('coupon_activity_items').select('closed_at').where('id', '=', item.id).executeTakeFirst();
    throw problem(closed?.closed_at ? 'coupon_activity_ended' : 'coupon_sold_out');
  }
  return coupon;
}
