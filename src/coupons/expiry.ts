import type { Tx } from '../db/database.js';
import { transaction } from '../db/database.js';
import { problem } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { requireTransfers } from '../ledger/ledger.js';
import { recordAudit } from '../platform/audit.js';
import { emitEvent } from '../platform/events.js';
import type { Actor } from '../platform/principal.js';
import { activityFrozen, budgetAvailable } from './accounts.js';

/**
 * Issued coupons that will never be used give their value back to the budget's available
 * money (coupon.expire_return): at expiry, by the sweep, or when staff recycle one.
 */

const SWEEP_BATCH = 200;

/** available → `to`, then the value goes back; false when the coupon was not available. */
export async function returnCoupon(tx: Tx, couponId: string, to: 'expired' | 'recycled', now: Date): Promise<boolean> {
  const moved = await tx.q
    .updateTable('coupons')
    .set({ state: to, updated_at: now.toISOString() })
    .where('id', '=', couponId)
    .where('state', 'in', ['available', 'locked'])
    .where('locked_order_id', 'is', null)
    .returning(['activity_id', 'value'])
    .executeTakeFirst();
  if (!moved) return false;
  const activity = await tx.q.selectFrom('coupon_activities').select(['budget_id']).where('id', '=', moved.activity_id).executeTakeFirstOrThrow();
  const currency = (await tx.q.selectFrom('coupon_budgets').select('currency').where('id', '=', activity.budget_id).executeTakeFirstOrThrow()).currency;
  await requireTransfers(
    tx,
    [
      {
        id: `coupon:${couponId}:${to === 'expired' ? 'expire' : 'recycle'}`,
        debit_account_id: activityFrozen(moved.activity_id),
        credit_account_id: budgetAvailable(activity.budget_id),
        amount: moved.value,
        currency,
        code: 'coupon.expire_return',
        refs: { coupon: couponId, activity: moved.activity_id },
      },
    ],
    now,
  );
  return true;
}

/** Expires unused coupons past their validity, a batch per transaction. */
export async function expireCoupons(ctx: AppContext, now: Date): Promise<number> {
  const due = await ctx.db.q
    .selectFrom('coupons')
    .select('id')
    .where('state', '=', 'available')
    .where('valid_until', '<', now.toISOString())
    .orderBy('valid_until')
    .limit(SWEEP_BATCH)
    .execute();
  if (due.length === 0) return 0;
  return transaction(ctx.db, async (tx) => {
    let expired = 0;
    for (const { id } of due) {
      if (await returnCoupon(tx, id, 'expired', now)) {
        expired += 1;
        await emitEvent(tx, 'coupon.expired', { coupon_id: id }, now);
      }
    }
    return expired;
  });
}

/** `coupon.expiring` events for coupons ending within the notice period, once per coupon. */
export async function remindExpiring(ctx: AppContext, now: Date): Promise<number> {
  const horizon = new Date(now.getTime() + ctx.config.couponExpiringNoticeDays * 86_400_000).toISOString();
  const due = await ctx.db.q
    .selectFrom('coupons')
    .select(['id', 'shopper_id', 'valid_until'])
    .where('state', '=', 'available')
    .where('reminded_at', 'is', null)
    .where('valid_until', '>=', now.toISOString())
    .where('valid_until', '<', horizon)
    .orderBy('valid_until')
    .limit(SWEEP_BATCH)
    .execute();
  if (due.length === 0) return 0;
  return transaction(ctx.db, async (tx) => {
    let sent = 0;
    for (const coupon of due) {
      const marked = await tx.q.updateTable('coupons').set({ reminded_at: now.toISOString() }).where('id', '=', coupon.id).where('reminded_at', 'is', null).executeTakeFirst();
      if (Number(marked.numUpdatedRows) !== 1) continue;
      await emitEvent(tx, 'coupon.expiring', { coupon_id: coupon.id, shopper_id: coupon.shopper_id, valid_until: coupon.valid_until }, now);
      sent += 1;
    }
    return sent;
  });
}

/** Staff take back an issued, unused coupon; its value returns to available. */
export async function recycleCoupon(tx: Tx, couponId: string, actor: Actor, now: Date): Promise<void> {
  const before = await tx.q.selectFrom('coupons').select(['state', 'activity_id']).where('id', '=', couponId).executeTakeFirst();
  if (!before) throw problem('coupon_not_found');
  if (actor.principal.role === 'merchant') {
    const activity = await tx.q.selectFrom('coupon_activities').select('merchant_id').where('id', '=', before.activity_id).executeTakeFirstOrThrow();
    if (activity.merchant_id !== actor.principal.merchantId) throw problem('coupon_not_found');
  }
  if (!(await returnCoupon(tx, couponId, 'recycled', now))) throw problem('coupon_unavailable', `the coupon is ${before.state}`);
  await recordAudit(tx, actor, { action: 'coupon.recycle', entityType: 'coupon', entityId: couponId, before: { state: before.state }, after: { state: 'recycled' } }, now);
}
