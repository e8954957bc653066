import type { ApprovalKind } from '../platform/approvals.types.js';
import { emitEvent } from '../platform/events.js';
import { budgetAvailable, budgetFunding, templateFrozen } from './accounts.js';
import { FUND_KIND, WITHDRAW_KIND } from './budgets.js';
import { PUBLISH_KIND, publishActivity, rejectActivity } from './lifecycle.js';
import { TEMPLATE_CREATE_KIND, TEMPLATE_RECYCLE_KIND, onRecycleClosed, onTemplateApproved, onTemplateRejected } from './templates.js';

/**
 * Coupon requests that need a first review (operations) and a final review (finance). Money a
 * request would move is held by the approval's pending transfer while it waits.
 */

const str = (payload: Record<string, unknown>, key: string) => String(payload[key]);
const num = (payload: Record<string, unknown>, key: string) => Number(payload[key]);

export const couponApprovalKinds: Record<string, ApprovalKind> = {
  [FUND_KIND]: {
    hold: (p) => ({ debitAccountId: budgetFunding(str(p, 'currency')), creditAccountId: budgetAvailable(str(p, 'budget_id')), amount: num(p, 'amount'), currency: str(p, 'currency'), code: 'coupon.fund' }),
    onApproved: async (tx, request, _actor, now) => {
      await emitEvent(tx, 'coupon.budget_funded', { budget_id: request.payload.budget_id, amount: request.amount, currency: request.currency }, now);
    },
  },
  [WITHDRAW_KIND]: {
    hold: (p) => ({ debitAccountId: budgetAvailable(str(p, 'budget_id')), creditAccountId: budgetFunding(str(p, 'currency')), amount: num(p, 'amount'), currency: str(p, 'currency'), code: 'coupon.withdraw' }),
    onApproved: async (tx, request, _actor, now) => {
      await emitEvent(tx, 'coupon.budget_withdrawn', { budget_id: request.payload.budget_id, amount: request.amount, currency: request.currency }, now);
    },
  },
  [TEMPLATE_CREATE_KIND]: {
    hold: (p) => ({ debitAccountId: budgetAvailable(str(p, 'budget_id')), creditAccountId: templateFrozen(str(p, 'template_id')), amount: num(p, 'amount'), currency: str(p, 'currency'), code: 'coupon.template_freeze' }),
    onApproved: (tx, request, _actor, now) => onTemplateApproved(tx, str(request.payload, 'template_id'), now),
    onClosed: (tx, request, _outcome, _actor, now) => onTemplateRejected(tx, str(request.payload, 'template_id'), now),
  },
  [TEMPLATE_RECYCLE_KIND]: {
    hold: (p) => ({ debitAccountId: templateFrozen(str(p, 'template_id')), creditAccountId: budgetAvailable(str(p, 'budget_id')), amount: num(p, 'amount'), currency: str(p, 'currency'), code: 'coupon.template_recycle' }),
    onApproved: async () => {},
    onClosed: (tx, request, _outcome, _actor, now) => onRecycleClosed(tx, str(request.payload, 'template_id'), num(request.payload, 'quantity'), now),
  },
  [PUBLISH_KIND]: {
    onApproved: (tx, request, _actor, now) => publishActivity(tx, str(request.payload, 'activity_id'), now),
    onClosed: (tx, request, _outcome, _actor, now) => rejectActivity(tx, str(request.payload, 'activity_id'), now),
  },
};
