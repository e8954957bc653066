import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import type { CouponBudgetsTable } from '../db/schema.js';
import { problem } from '../errors.js';
import { activityFrozen, budgetAvailable, templateFrozen } from './accounts.js';

export type BudgetRow = CouponBudgetsTable;

export async function insertBudget(tx: Tx, row: BudgetRow): Promise<void> {
  await tx.q.insertInto('coupon_budgets').values(row).execute();
}

export async function findBudget(db: Db | Tx, id: string): Promise<BudgetRow | undefined> {
  return db.q.selectFrom('coupon_budgets').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function requireBudget(db: Db | Tx, id: string): Promise<BudgetRow> {
  const budget = await findBudget(db, id);
  if (!budget) throw problem('coupon_budget_not_found');
  return budget;
}

export async function listBudgets(db: Db, merchantId: string | undefined, limit: number, afterId: string | undefined): Promise<BudgetRow[]> {
  return db.q
    .selectFrom('coupon_budgets')
    .selectAll()
    .$if(merchantId !== undefined, (qb) => qb.where('merchant_id', '=', merchantId ?? ''))
    .$if(afterId !== undefined, (qb) => qb.where('id', '>', afterId ?? ''))
    .orderBy('id')
    .limit(limit)
    .execute();
}

interface Net {
  id: string;
  net: number;
  debits_pending: number;
  credits_pending: number;
}

async function balances(db: Db | Tx, ids: readonly string[]): Promise<Map<string, Net>> {
  const out = new Map<string, Net>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.q
      .selectFrom('ledger_accounts')
      .select(['id', 'credits_posted', 'debits_posted', 'debits_pending', 'credits_pending'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, { id: r.id, net: r.credits_posted - r.debits_posted, debits_pending: r.debits_pending, credits_pending: r.credits_pending });
  }
  return out;
}

export interface FrozenLine {
  id: string;
  name: string;
  amount: number;
  pending_out: number;
}

export interface BudgetStatement {
  budget_id: string;
  currency: string;
  /** Everything funded minus everything withdrawn (posted). */
  funded: number;
  /** Money that can make coupons now (holds of waiting requests already taken off). */
  available: number;
  /** Held for requests waiting for approval: out of available, and funding on its way in. */
  pending_out: number;
  pending_in: number;
  frozen_templates: FrozenLine[];
  frozen_activities: FrozenLine[];
  frozen: number;
  /** Discounts of paid orders whose receipt is not confirmed yet. */
  in_transit: number;
  /** Discounts of received orders (paid to merchants). */
  spent: number;
}

/** The budget's money by where it is; available + frozen + in transit + spent = funded. */
export async function budgetStatement(db: Db | Tx, budget: BudgetRow): Promise<BudgetStatement> {
  const templates = await db.q.selectFrom('coupon_templates').select(['id', 'name_en as name']).where('budget_id', '=', budget.id).where('state', '=', 'active').orderBy('id').execute();
  const activities = await db.q.selectFrom('coupon_activities').select(['id', 'name']).where('budget_id', '=', budget.id).where('published_at', 'is not', null).orderBy('id').execute();
  const accountIds = [budgetAvailable(budget.id), ...templates.map((t) => templateFrozen(t.id)), ...activities.map((a) => activityFrozen(a.id))];
  const nets = await balances(db, accountIds);
  const available = nets.get(budgetAvailable(budget.id));
  const line = (id: string, name: string, account: string): FrozenLine => ({ id, name, amount: nets.get(account)?.net ?? 0, pending_out: nets.get(account)?.debits_pending ?? 0 });
  const frozenTemplates = templates.map((t) => line(t.id, t.name, templateFrozen(t.id)));
  const frozenActivities = activities.map((a) => line(a.id, a.name, activityFrozen(a.id)));
  const uses = await db.q
    .selectFrom('coupon_uses')
    .select([
      sql<number>`coalesce(sum(case when received_at is null then amount - refunded_in_transit else 0 end), 0)`.as('in_transit'),
      sql<number>`coalesce(sum(case when received_at is not null then amount - refunded_in_transit - refunded_payable else 0 end), 0)`.as('spent'),
    ])
    .where('budget_id', '=', budget.id)
    .where('state', '=', 'paid')
    .executeTakeFirstOrThrow();
  const frozen = [...frozenTemplates, ...frozenActivities].reduce((sum, l) => sum + l.amount, 0);
  return {
    budget_id: budget.id,
    currency: budget.currency,
    funded: await fundedNet(db, budget.id),
    available: (available?.net ?? 0) - (available?.debits_pending ?? 0),
    pending_out: available?.debits_pending ?? 0,
    pending_in: available?.credits_pending ?? 0,
    frozen_templates: frozenTemplates,
    frozen_activities: frozenActivities,
    frozen,
    in_transit: Number(uses.in_transit),
    spent: Number(uses.spent),
  };
}

/** Posted funding minus posted withdrawals (a hold counts once its approval posted it). */
async function fundedNet(db: Db | Tx, budgetId: string): Promise<number> {
  const account = budgetAvailable(budgetId);
  const rows = await db.q
    .selectFrom('ledger_transfers as t')
    .leftJoin('ledger_holds as h', 'h.transfer_id', 't.id')
    .select(['t.code', sql<number>`coalesce(sum(t.amount), 0)`.as('total')])
    .where('t.code', 'in', ['coupon.fund', 'coupon.withdraw'])
    .where((eb) => eb.or([eb('t.credit_account_id', '=', account), eb('t.debit_account_id', '=', account)]))
    .where((eb) => eb.or([eb('h.transfer_id', 'is', null), eb('h.state', '=', 'posted')]))
    .groupBy('t.code')
    .execute();
  const total = (code: string) => Number(rows.find((r) => r.code === code)?.total ?? 0);
  return total('coupon.fund') - total('coupon.withdraw');
}
