import { transaction } from '../db/database.js';
import type { JobHandler, JobOutcome } from '../platform/jobs.js';
import { systemActor } from '../platform/principal.js';
import { type ActivityRow, itemsOf, requireActivity } from './activities.repo.js';
import { type Audience, matchesRule } from './audience.js';
import { issueCoupon } from './claims.js';
import { claimCount } from './claims.repo.js';
import { codeKey, storeCodes } from './codes.repo.js';
import { endActivity, startActivity } from './lifecycle.js';

/** Background jobs of coupon activities: start, end, auto-issue, code generation. */

/** How long auto-issue waits between passes over an audience that keeps growing. */
export const LATER_PASS_MS = 15 * 60_000;
const CODE_BATCH = 5000;

const activityIdOf = (payload: Record<string, unknown>) => String(payload.activity_id);

export const startJob: JobHandler = async ({ ctx, job }) => {
  await transaction(ctx.db, (tx) => startActivity(tx, activityIdOf(job.payload), ctx.clock.now()));
  return { state: 'done' };
};

/** At the window's end; ending is a conditional state change, so it happens exactly once. */
export const endJob: JobHandler = async ({ ctx, job }) => {
  await transaction(ctx.db, async (tx) => {
    const activity = await requireActivity(tx, activityIdOf(job.payload));
    if (activity.state === 'scheduled' || activity.state === 'running') await endActivity(tx, activity.id, systemActor('coupon.activity_end'), ctx.clock.now());
  });
  return { state: 'done' };
};

/** The next batch of shopper ids after `after` in the activity's audience (registered before publication). */
async function nextShoppers(db: Parameters<typeof requireActivity>[0], activity: ActivityRow, after: string, batch: number): Promise<string[]> {
  const audience = JSON.parse(activity.audience) as Audience;
  if (audience.kind === 'list') {
    const rows = await db.q.selectFrom('coupon_audience_lists').select('shopper_id').where('activity_id', '=', activity.id).where('shopper_id', '>', after).orderBy('shopper_id').limit(batch).execute();
    return rows.map((r) => r.shopper_id);
  }
  const rows = await db.q
    .selectFrom('shoppers')
    .select(['id', 'region_code', 'registered_at', 'tags', 'real_name_verified'])
    .where('id', '>', after)
    .$if(activity.include_later === 0, (qb) => qb.where('created_at', '<=', activity.published_at ?? ''))
    .orderBy('id')
    .limit(batch)
    .execute();
  const matching = rows.filter((r) => matchesRule(audience, { ...r, tags: JSON.parse(r.tags) as string[], real_name_verified: r.real_name_verified === 1 }));
  // An empty match list still moves `after` forward: return a marker the caller skips.
  return rows.length > 0 && matching.length === 0 ? [`\u0000${rows.at(-1)?.id}`] : matching.map((r) => r.id);
}

/**
 * Puts per-user-limit coupons into every audience wallet, a batch of shoppers per transaction
 * with the progress saved in the same transaction, so a crash resumes after the last committed
 * batch; stops when every coupon of the activity is issued.
 */
export const autoIssueJob: JobHandler = async (run): Promise<JobOutcome> => {
  const { ctx, job } = run;
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const activity = await requireActivity(tx, activityIdOf(job.payload));
    if (activity.state !== 'running') return { state: 'done' } as const;
    const items = (await itemsOf(tx, activity.id)).filter((i) => i.closed_at === null);
    const remaining = new Map(items.map((i) => [i.id, i.quantity - i.issued]));
    let after = String(job.progress.after ?? '');
    let issued = Number(job.progress.issued ?? 0);
    const shoppers = await nextShoppers(tx, activity, after, ctx.config.couponIssueBatch);
    for (const entry of shoppers) {
      if (entry.startsWith('\u0000')) {
        after = entry.slice(1);
        continue;
      }
      for (const item of items) {
        const wanted = item.per_user_limit - (await claimCount(tx, item.id, entry));
        for (let k = 0; k < wanted && (remaining.get(item.id) ?? 0) > 0; k++) {
          await issueCoupon(tx, item, entry, { channel: 'auto', timeZone: ctx.config.timeZone, audienceChecked: true }, now);
          remaining.set(item.id, (remaining.get(item.id) ?? 0) - 1);
          issued += 1;
        }
      }
      after = entry;
    }
    const exhausted = [...remaining.values()].every((n) => n <= 0);
    const passDone = shoppers.length === 0;
    if (passDone && !exhausted && activity.include_later === 1) {
      // Start another pass later: the per-user counters make it give only what is still due.
      await run.saveProgress(tx, { after: '', issued, exhausted, passes: Number(job.progress.passes ?? 0) + 1 });
      return { state: 'again', runAt: new Date(now.getTime() + LATER_PASS_MS) } as const;
    }
    await run.saveProgress(tx, { after, issued, exhausted, finished: exhausted || passDone });
    return exhausted || passDone ? ({ state: 'done' } as const) : ({ state: 'again' } as const);
  });
};

/** Stores the hashes of one code per pre-issued coupon, in batches, resumable. */
export const codesJob: JobHandler = async (run): Promise<JobOutcome> => {
  const { ctx, job } = run;
  const key = await codeKey(ctx.db, ctx.clock.now());
  return transaction(ctx.db, async (tx) => {
    const items = await itemsOf(tx, activityIdOf(job.payload));
    let position = Number(job.progress.item ?? 0);
    let serial = Number(job.progress.serial ?? 0);
    const item = items[position];
    if (!item) return { state: 'done' } as const;
    const to = Math.min(item.quantity, serial + CODE_BATCH);
    await storeCodes(tx, key, item.id, serial, to);
    serial = to;
    if (serial >= item.quantity) {
      position += 1;
      serial = 0;
    }
    await run.saveProgress(tx, { item: position, serial, items: items.length });
    return position >= items.length ? ({ state: 'done' } as const) : ({ state: 'again' } as const);
  });
};
