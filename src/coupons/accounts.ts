import type { Tx } from '../db/database.js';
import { ensureAccounts } from '../ledger/ledger.js';

/** Ledger account ids of coupon money, as src/ledger/chart.ts names them. */

export const budgetFunding = (currency: string) => `budgets:funding:${currency}`;
export const budgetAvailable = (budgetId: string) => `budget:${budgetId}:available`;
export const templateFrozen = (templateId: string) => `template:${templateId}:frozen`;
export const activityFrozen = (activityId: string) => `activity:${activityId}:frozen`;

export async function ensureBudgetAccounts(tx: Tx, budgetId: string, currency: string, now: Date): Promise<void> {
  await ensureAccounts(
    tx,
    [
      { id: budgetFunding(currency), code: 'coupon.funding', currency },
      { id: budgetAvailable(budgetId), code: 'coupon.budget_available', currency, flags: ['debits_must_not_exceed_credits'], metadata: { budget_id: budgetId } },
    ],
    now,
  );
}

export async function ensureTemplateAccount(tx: Tx, templateId: string, budgetId: string, currency: string, now: Date): Promise<void> {
  await ensureAccounts(
    tx,
    [{ id: templateFrozen(templateId), code: 'coupon.template_frozen', currency, flags: ['debits_must_not_exceed_credits'], metadata: { budget_id: budgetId, template_id: templateId } }],
    now,
  );
}

export async function ensureActivityAccount(tx: Tx, activityId: string, budgetId: string, currency: string, now: Date): Promise<void> {
  await ensureAccounts(
    tx,
    [{ id: activityFrozen(activityId), code: 'coupon.activity_frozen', currency, flags: ['debits_must_not_exceed_credits'], metadata: { budget_id: budgetId, activity_id: activityId } }],
    now,
  );
}
