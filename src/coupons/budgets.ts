import type { Tx } from '../db/database.js';
import { Problem, problem } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { uuidv7 } from '../ids.js';
import { submitApproval } from '../platform/approvals.js';
import type { ApprovalRequestView } from '../platform/approvals.types.js';
import { recordAudit } from '../platform/audit.js';
import { assertMerchantsExist } from '../platform/catalog.js';
import { assertMerchantAccess } from '../platform/merchant-access.js';
import type { Actor } from '../platform/principal.js';
import { ensureBudgetAccounts } from './accounts.js';
import { type BudgetRow, insertBudget, requireBudget } from './budgets.repo.js';

/** Coupon budgets (优惠券账户): one per owner and currency; money moves in and out by approval. */

export const FUND_KIND = 'coupon.budget_fund';
export const WITHDRAW_KIND = 'coupon.budget_withdraw';

export interface BudgetInput {
  owner: 'platform' | 'merchant';
  merchant_id?: string | null;
  name: string;
  currency: string;
}

export async function createBudget(tx: Tx, input: BudgetInput, actor: Actor, now: Date): Promise<BudgetRow> {
  const merchantId = input.owner === 'merchant' ? (input.merchant_id ?? null) : null;
  if (input.owner === 'merchant' && !merchantId) throw problem('merchant_id_required', 'a merchant budget needs merchant_id');
  if (input.owner === 'platform' && input.merchant_id) throw problem('merchant_id_not_allowed', 'a platform budget has no merchant_id');
  if (actor.principal.role === 'merchant' && input.owner !== 'merchant') throw problem('wrong_merchant', 'a merchant can only own merchant budgets');
  assertMerchantAccess(actor.principal, merchantId);
  if (merchantId) await assertMerchantsExist(tx, [merchantId]);
  const row: BudgetRow = { id: uuidv7(), owner: input.owner, merchant_id: merchantId, name: input.name, currency: input.currency, created_by: actor.principal.id, created_at: now.toISOString() };
  await insertBudget(tx, row);
  await ensureBudgetAccounts(tx, row.id, row.currency, now);
  await recordAudit(tx, actor, { action: 'coupon.budget.create', entityType: 'coupon_budget', entityId: row.id, after: row }, now);
  return row;
}

/** A budget the caller may act on (a merchant only its own). */
export async function budgetFor(tx: Tx, id: string, actor: Actor): Promise<BudgetRow> {
  const budget = await requireBudget(tx, id);
  if (actor.principal.role === 'merchant' && actor.principal.merchantId !== budget.merchant_id) throw problem('coupon_budget_not_found');
  return budget;
}

/** Money a waiting request would take out of a budget is held; too little available → a clear code. */
export async function withBudgetCheck<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Problem && error.code === 'exceeds_credits') throw problem('coupon_budget_insufficient');
    throw error;
  }
}

export async function requestBudgetMove(
  ctx: AppContext,
  tx: Tx,
  budgetId: string,
  kind: 'fund' | 'withdraw',
  amount: number,
  comment: string | null,
  actor: Actor,
  now: Date,
): Promise<ApprovalRequestView> {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw problem('validation_failed', 'amount must be a positive whole number of minor units');
  const budget = await budgetFor(tx, budgetId, actor);
  return withBudgetCheck(() =>
    submitApproval(
      tx,
      ctx.approvalKinds,
      {
        kind: kind === 'fund' ? FUND_KIND : WITHDRAW_KIND,
        subject: `coupon_budget:${budget.id}`,
        payload: { budget_id: budget.id, amount, currency: budget.currency, comment },
        merchantId: budget.merchant_id,
      },
      actor,
      now,
    ),
  );
}
