import type { Tx } from '../db/database.js';
import { problem } from '../errors.js';
import { uuidv7 } from '../ids.js';
import { ensureAccounts, getAccount, requireTransfers } from '../ledger/ledger.js';
import type { TransferInput } from '../ledger/types.js';
import { submitApproval, type ApprovalKinds } from '../platform/approvals.js';
import type { ApprovalKind, ApprovalRequestView } from '../platform/approvals.types.js';
import { recordAudit } from '../platform/audit.js';
import type { Actor } from '../platform/principal.js';
import { claimDifference, getAdjustment, insertAdjustment, releaseDifference, setAdjustmentState, type AdjustmentView } from './adjustments.repo.js';
import { getDifference } from './reconcile.repo.js';

/**
 * Adjustments (调账): the only way settlement changes a balance. A request names an account, a
 * direction, an amount, a reason and evidence; its money is held at once by a pending
 * settlement.adjust transfer against `adjustments:{CUR}`, and it posts only after an operations
 * first review and a finance final review (approval kind `settlement.adjustment`).
 */

export const ADJUSTMENT_KIND = 'settlement.adjustment';

/** Account codes an adjustment may touch: card balances, budgets, what merchants are owed, clearing. */
export const ADJUSTABLE_CODES: readonly string[] = ['giftcard.card', 'coupon.budget_available', 'merchant.payable', 'payments.clearing'];

export function adjustmentsAccount(currency: string): string {
  return `adjustments:${currency}`;
}

export interface AdjustmentInput {
  account_id: string;
  /** credit: the account's credit-normal balance grows (a card gets money back); debit: it shrinks. */
  direction: 'credit' | 'debit';
  amount: number;
  reason: string;
  evidence: string[];
  difference_id?: string | undefined;
}

function holdId(id: string): string {
  return `adjustment:${id}:hold`;
}

/** The pending transfer that holds an adjustment's money while it waits. */
export function holdTransfer(id: string, input: { account_id: string; direction: 'credit' | 'debit'; amount: number; currency: string; difference_id?: string | null | undefined }, approvalId: string): TransferInput {
  const other = adjustmentsAccount(input.currency);
  return {
    id: holdId(id),
    debit_account_id: input.direction === 'credit' ? other : input.account_id,
    credit_account_id: input.direction === 'credit' ? input.account_id : other,
    amount: input.amount,
    currency: input.currency,
    code: 'settlement.adjust',
    flags: ['pending'],
    refs: { adjustment: id, approval: approvalId, ...(input.difference_id ? { difference: input.difference_id } : {}) },
  };
}

export async function fileAdjustment(tx: Tx, kinds: ApprovalKinds, input: AdjustmentInput, actor: Actor, now: Date): Promise<AdjustmentView> {
  const account = await getAccount(tx, input.account_id);
  if (!account) throw problem('account_not_found', `no account ${input.account_id}`);
  if (!ADJUSTABLE_CODES.includes(account.code)) {
    throw problem('adjustment_account_not_allowed', `accounts of code ${account.code} cannot be adjusted; adjustable: ${ADJUSTABLE_CODES.join(', ')}`);
  }
  const id = uuidv7();
  if (input.difference_id !== undefined) {
    const difference = await getDifference(tx, input.difference_id);
    if (!difference) throw problem('reconcile_difference_not_found');
    if (!(await claimDifference(tx, difference.id, id))) throw problem('adjustment_already_filed', `difference ${difference.id} already has adjustment ${difference.adjustment_id}`);
  }
  const currency = account.currency;
  const approval = await submitApproval(
    tx,
    kinds,
    {
      kind: ADJUSTMENT_KIND,
      subject: `adjustment:${id}`,
      payload: { adjustment_id: id, account_id: account.id, direction: input.direction, amount: input.amount, currency, reason: input.reason, difference_id: input.difference_id ?? null },
    },
    actor,
    now,
  );
  await ensureAccounts(tx, [{ id: adjustmentsAccount(currency), code: 'adjustments', currency }], now);
  await requireTransfers(tx, [holdTransfer(id, { ...input, currency }, approval.id)], now);
  const at = now.toISOString();
  await insertAdjustment(tx, {
    id,
    approval_id: approval.id,
    difference_id: input.difference_id ?? null,
    account_id: account.id,
    direction: input.direction,
    amount: input.amount,
    currency,
    reason: input.reason,
    evidence: JSON.stringify(input.evidence),
    state: 'pending',
    transfer_id: null,
    created_by: actor.principal.id,
    created_at: at,
    updated_at: at,
  });
  await recordAudit(tx, actor, { action: 'adjustment.file', entityType: 'adjustment', entityId: id, after: { ...input, currency, approval_id: approval.id } }, now);
  return (await getAdjustment(tx, id)) as AdjustmentView;
}

async function adjustmentOf(tx: Tx, request: ApprovalRequestView): Promise<AdjustmentView> {
  const adjustment = await getAdjustment(tx, String(request.payload.adjustment_id));
  if (!adjustment) throw problem('adjustment_not_found');
  return adjustment;
}

export const adjustmentKind: ApprovalKind = {
  async onApproved(tx, request, actor, now) {
    const adjustment = await adjustmentOf(tx, request);
    const postId = `adjustment:${adjustment.id}:post`;
    await requireTransfers(tx, [{ id: postId, pending_id: holdId(adjustment.id), code: 'settlement.adjust', flags: ['post_pending'], refs: { adjustment: adjustment.id, approval: request.id } }], now);
    await setAdjustmentState(tx, adjustment.id, 'approved', postId, now);
    await recordAudit(tx, actor, { action: 'adjustment.post', entityType: 'adjustment', entityId: adjustment.id, after: { transfer_id: postId } }, now);
  },
  async onClosed(tx, request, outcome, actor, now) {
    const adjustment = await adjustmentOf(tx, request);
    await requireTransfers(tx, [{ id: `adjustment:${adjustment.id}:void`, pending_id: holdId(adjustment.id), code: 'settlement.adjust', flags: ['void_pending'], refs: { adjustment: adjustment.id } }], now);
    await setAdjustmentState(tx, adjustment.id, outcome, null, now);
    if (adjustment.difference_id) await releaseDifference(tx, adjustment.difference_id, adjustment.id);
    await recordAudit(tx, actor, { action: `adjustment.${outcome === 'rejected' ? 'reject' : 'cancel'}`, entityType: 'adjustment', entityId: adjustment.id }, now);
  },
};
