import type { Tx } from '../db/database.js';
import { problem } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { requireTransfers } from '../ledger/ledger.js';
import { submitApproval } from '../platform/approvals.js';
import type { ApprovalRequestView } from '../platform/approvals.types.js';
import { recordAudit } from '../platform/audit.js';
import { emitEvent } from '../platform/events.js';
import { enqueueJob } from '../platform/jobs.js';
import type { Actor } from '../platform/principal.js';
import { activityFrozen, ensureActivityAccount, templateFrozen } from './accounts.js';
import { type ActivityRow, itemsOf, moveActivity, requireActivity } from './activities.repo.js';
import { budgetFor } from './budgets.js';
import { giveBackStock, requireTemplate, takeStock } from './templates.repo.js';

/**
 * An activity's life: draft → submitted (first review, final review) → scheduled → running →
 * ended; a rejection sends it to `rejected`, from where it can be submitted again.
 *
 * Submission takes each coupon's quantity out of its template's stock and holds its value as a
 * pending transfer template → activity (coupon.activity_attach); publication (final approval)
 * posts those holds, rejection voids them and gives the stock back. Ending gives the unissued
 * coupons back to their templates (coupon.activity_return), once.
 */

export const PUBLISH_KIND = 'coupon.activity_publish';
export const JOB_START = 'coupon.activity_start';
export const JOB_END = 'coupon.activity_end';
export const JOB_AUTO_ISSUE = 'coupon.auto_issue';
export const JOB_CODES = 'coupon.generate_codes';

const attachId = (activity: ActivityRow, itemId: string) => `coupon-activity:${activity.id}:s${activity.submission}:attach:${itemId}`;

export async function submitActivity(ctx: AppContext, tx: Tx, activityId: string, actor: Actor, now: Date): Promise<ApprovalRequestView> {
  const before = await requireActivity(tx, activityId, true);
  const budget = await budgetFor(tx, before.budget_id, actor);
  if (before.ends_at !== null && Date.parse(before.ends_at) <= now.getTime()) throw problem('coupon_activity_window_invalid', 'the window has already ended');
  const submission = before.submission + 1;
  if (!(await moveActivity(tx, activityId, ['draft', 'rejected'], { state: 'submitted', submission }, now))) {
    throw problem('coupon_activity_not_editable', `the activity is ${before.state}`);
  }
  const activity = { ...before, state: 'submitted' as const, submission };
  await ensureActivityAccount(tx, activity.id, budget.id, budget.currency, now);
  for (const item of await itemsOf(tx, activity.id)) {
    const template = await requireTemplate(tx, item.template_id);
    if (!(await takeStock(tx, template.id, item.quantity, now))) {
      throw problem('coupon_stock_insufficient', `template ${template.id} has ${template.stock} left, the activity needs ${item.quantity}`);
    }
    await requireTransfers(
      tx,
      [
        {
          id: attachId(activity, item.id),
          debit_account_id: templateFrozen(template.id),
          credit_account_id: activityFrozen(activity.id),
          amount: item.quantity * template.value,
          currency: template.currency,
          code: 'coupon.activity_attach',
          flags: ['pending'],
          refs: { activity: activity.id, item: item.id, template: template.id },
        },
      ],
      now,
    );
  }
  const approval = await submitApproval(
    tx,
    ctx.approvalKinds,
    { kind: PUBLISH_KIND, subject: `coupon_activity:${activity.id}`, payload: { activity_id: activity.id, submission }, merchantId: activity.merchant_id },
    actor,
    now,
  );
  await tx.q.updateTable('coupon_activities').set({ approval_id: approval.id }).where('id', '=', activity.id).execute();
  await recordAudit(tx, actor, { action: 'coupon.activity.submit', entityType: 'coupon_activity', entityId: activity.id, before: { state: before.state }, after: { state: 'submitted', approval_id: approval.id } }, now);
  return approval;
}

async function resolveAttach(tx: Tx, activity: ActivityRow, how: 'post' | 'void', now: Date): Promise<void> {
  const items = await itemsOf(tx, activity.id);
  await requireTransfers(
    tx,
    items.map((item) => ({
      id: `${attachId(activity, item.id)}:${how}`,
      pending_id: attachId(activity, item.id),
      code: 'coupon.activity_attach',
      flags: [how === 'post' ? ('post_pending' as const) : ('void_pending' as const)],
      refs: { activity: activity.id, item: item.id },
    })),
    now,
  );
  if (how === 'void') for (const item of items) await giveBackStock(tx, item.template_id, item.quantity, now);
}

/** Final approval: the money moves, the activity is scheduled and its jobs are queued. */
export async function publishActivity(tx: Tx, activityId: string, now: Date): Promise<void> {
  const activity = await requireActivity(tx, activityId, true);
  const starts = activity.starts_at === null ? now : new Date(Math.max(now.getTime(), Date.parse(activity.starts_at)));
  const state = starts.getTime() <= now.getTime() ? 'running' : 'scheduled';
  if (!(await moveActivity(tx, activityId, ['submitted'], { state, published_at: now.toISOString() }, now))) throw problem('coupon_activity_not_editable');
  await resolveAttach(tx, activity, 'post', now);
  await enqueueJob(tx, { kind: JOB_START, payload: { activity_id: activity.id }, runAt: starts, dedupeKey: `${JOB_START}:${activity.id}` }, now);
  if (activity.ends_at !== null) {
    await enqueueJob(tx, { kind: JOB_END, payload: { activity_id: activity.id }, runAt: new Date(activity.ends_at), dedupeKey: `${JOB_END}:${activity.id}` }, now);
  }
  if (activity.method === 'code') {
    await enqueueJob(tx, { kind: JOB_CODES, payload: { activity_id: activity.id }, dedupeKey: `${JOB_CODES}:${activity.id}` }, now);
  }
  await emitEvent(tx, 'coupon.activity_published', { activity_id: activity.id, state }, now);
}

export async function rejectActivity(tx: Tx, activityId: string, now: Date): Promise<void> {
  const activity = await requireActivity(tx, activityId, true);
  if (!(await moveActivity(tx, activityId, ['submitted'], { state: 'rejected' }, now))) return;
  await resolveAttach(tx, activity, 'void', now);
}

/** At the window's start (a job): scheduled → running, and auto-issue begins. */
export async function startActivity(tx: Tx, activityId: string, now: Date): Promise<void> {
  await moveActivity(tx, activityId, ['scheduled'], { state: 'running' }, now);
  const activity = await requireActivity(tx, activityId);
  if (activity.method === 'auto' && activity.state === 'running') {
    await enqueueJob(tx, { kind: JOB_AUTO_ISSUE, payload: { activity_id: activity.id }, dedupeKey: `${JOB_AUTO_ISSUE}:${activity.id}` }, now);
  }
}

/**
 * Ends an activity by hand or at the window's end. Each coupon is closed with one conditional
 * UPDATE, after which no claim can raise `issued`; what was not issued goes back to the template.
 */
export async function endActivity(tx: Tx, activityId: string, actor: Actor, now: Date): Promise<boolean> {
  const activity = await requireActivity(tx, activityId, true);
  if (!(await moveActivity(tx, activityId, ['scheduled', 'running'], { state: 'ended', ended_at: now.toISOString() }, now))) {
    if (activity.state === 'ended') return false;
    throw problem('coupon_activity_not_editable', `the activity is ${activity.state}`);
  }
  for (const item of await itemsOf(tx, activity.id)) {
    const closed = await tx.q
      .updateTable('coupon_activity_items')
      .set((eb) => ({ closed_at: now.toISOString(), returned: eb('quantity', '-', eb.ref('issued')) }))
      .where('id', '=', item.id)
      .where('closed_at', 'is', null)
      .returning(['returned', 'template_id'])
      .executeTakeFirst();
    if (!closed || closed.returned === 0) continue;
    const template = await requireTemplate(tx, closed.template_id);
    await requireTransfers(
      tx,
      [
        {
          id: `coupon-activity:${activity.id}:return:${item.id}`,
          debit_account_id: activityFrozen(activity.id),
          credit_account_id: templateFrozen(template.id),
          amount: closed.returned * template.value,
          currency: template.currency,
          code: 'coupon.activity_return',
          refs: { activity: activity.id, item: item.id, template: template.id },
        },
      ],
      now,
    );
    await giveBackStock(tx, template.id, closed.returned, now);
  }
  await recordAudit(tx, actor, { action: 'coupon.activity.end', entityType: 'coupon_activity', entityId: activity.id, before: { state: activity.state }, after: { state: 'ended' } }, now);
  await emitEvent(tx, 'coupon.activity_ended', { activity_id: activity.id }, now);
  return true;
}
