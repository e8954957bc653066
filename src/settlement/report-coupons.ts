import { activityOf, budgetOf, isPosted, merchantOf, type Movement, ref, templateOf } from './movement.js';
import type { Figure, Replay, Reporter } from './replay.js';

/**
 * Coupon budget statements and the activity report. Templates and activities are tied to their
 * budget by the money itself: a template belongs to the budget that froze value into it, an
 * activity to the budget of the template that stocked it (refs.budget when the flow is missing).
 */

export const AVAILABLE_LINES = ['funded', 'withdrawn', 'frozen_to_templates', 'recycled', 'unused_returned', 'refund_returned', 'expired_returned', 'adjusted', 'other'] as const;
export type AvailableLine = (typeof AVAILABLE_LINES)[number];

const INTO_AVAILABLE: Record<string, AvailableLine> = {
  'coupon.fund': 'funded',
  'coupon.template_recycle': 'recycled',
  'coupon.unused_return': 'unused_returned',
  'coupon.refund': 'refund_returned',
  'coupon.expire_return': 'expired_returned',
  'settlement.adjust': 'adjusted',
};
const OUT_OF_AVAILABLE: Record<string, AvailableLine> = {
  'coupon.withdraw': 'withdrawn',
  'coupon.template_freeze': 'frozen_to_templates',
  'settlement.adjust': 'adjusted',
};

export const ACTIVITY_LINES = ['attached', 'returned_to_template', 'discount_given', 'unused_returned', 'expired_returned', 'refunded'] as const;
export type ActivityLine = (typeof ACTIVITY_LINES)[number];

export function budgetKey(budget: string, line: AvailableLine | 'spent'): string {
  return `budget.${budget}.${line}`;
}

export function activityKey(activity: string, line: ActivityLine, merchant?: string): string {
  return merchant === undefined ? `activity.${activity}.${line}` : `activity.${activity}.${line}.${merchant}`;
}

/** Which budget each template and activity account draws on, learned from the flows. */
export class CouponOwners implements Reporter {
  readonly templateBudget = new Map<string, string>();
  readonly activityBudget = new Map<string, string>();

  observe(m: Movement): Figure[] {
    const fromBudget = budgetOf(m.debit_account_id);
    const template = templateOf(m.credit_account_id);
    if (template && !this.templateBudget.has(template)) {
      const budget = fromBudget ?? ref(m, 'budget');
      if (budget) this.templateBudget.set(template, budget);
    }
    const activity = activityOf(m.credit_account_id);
    if (activity && !this.activityBudget.has(activity)) {
      const fromTemplate = templateOf(m.debit_account_id);
      const budget = (fromTemplate && this.templateBudget.get(fromTemplate)) ?? ref(m, 'budget');
      if (budget) this.activityBudget.set(activity, budget);
    }
    return [];
  }

  budgetOfAccount(accountId: string): string | undefined {
    const budget = budgetOf(accountId);
    if (budget) return budget;
    const template = templateOf(accountId);
    if (template) return this.templateBudget.get(template);
    const activity = activityOf(accountId);
    return activity ? this.activityBudget.get(activity) : undefined;
  }
}

export function budgetReporter(owners: CouponOwners): Reporter {
  return {
    observe(m) {
      if (!isPosted(m)) return [];
      const figures: Figure[] = [];
      const into = budgetOf(m.credit_account_id);
      if (into) figures.push({ key: budgetKey(into, INTO_AVAILABLE[m.code] ?? 'other'), amount: m.amount });
      const out = budgetOf(m.debit_account_id);
      if (out) figures.push({ key: budgetKey(out, OUT_OF_AVAILABLE[m.code] ?? 'other'), amount: -m.amount });
      if (m.code === 'coupon.use') {
        const budget = owners.budgetOfAccount(m.debit_account_id);
        if (budget) figures.push({ key: budgetKey(budget, 'spent'), amount: m.amount });
      }
      return figures;
    },
  };
}

export function activityReporter(): Reporter {
  return {
    observe(m) {
      if (!isPosted(m)) return [];
      const into = activityOf(m.credit_account_id);
      const out = activityOf(m.debit_account_id);
      switch (m.code) {
        case 'coupon.activity_attach':
          return into ? [{ key: activityKey(into, 'attached'), amount: m.amount }] : [];
        case 'coupon.activity_return':
          return out ? [{ key: activityKey(out, 'returned_to_template'), amount: m.amount }] : [];
        case 'coupon.use':
          return out ? [{ key: activityKey(out, 'discount_given', merchantOf(m.credit_account_id) ?? '-'), amount: m.amount }] : [];
        case 'coupon.unused_return':
          return out ? [{ key: activityKey(out, 'unused_returned'), amount: m.amount }] : [];
        case 'coupon.expire_return':
          return out ? [{ key: activityKey(out, 'expired_returned'), amount: m.amount }] : [];
        case 'coupon.refund':
          return [{ key: activityKey(ref(m, 'activity') ?? '-', 'refunded', merchantOf(m.debit_account_id) ?? '-'), amount: m.amount }];
        default:
          return [];
      }
    },
  };
}

export interface BudgetStatement {
  budget_id: string;
  currency: string;
  available: { opening: number; lines: Record<AvailableLine, number>; closing: number };
  frozen_templates: { opening: number; closing: number };
  frozen_activities: { opening: number; closing: number };
  /** Coupon discounts paid to merchants in the period (the budget's real cost). */
  spent: number;
  /** Coupon discounts authorised at checkout and not yet captured, at the closing moment. */
  in_transit: number;
  /** Template freezes waiting for approval at the closing moment. */
  awaiting_approval: number;
  total: { opening: number; closing: number };
  ties: boolean;
}

export function budgetStatements(replay: Replay, owners: CouponOwners): BudgetStatement[] {
  const byBudget = new Map<string, BudgetStatement>();
  const statement = (budget: string, currency: string) => {
    let s = byBudget.get(budget);
    if (!s) {
      const lines = Object.fromEntries(AVAILABLE_LINES.map((line) => [line, replay.figure(budgetKey(budget, line))])) as Record<AvailableLine, number>;
      s = {
        budget_id: budget,
        currency,
        available: { opening: 0, lines, closing: 0 },
        frozen_templates: { opening: 0, closing: 0 },
        frozen_activities: { opening: 0, closing: 0 },
        spent: replay.figure(budgetKey(budget, 'spent')),
        in_transit: 0,
        awaiting_approval: 0,
        total: { opening: 0, closing: 0 },
        ties: false,
      };
      byBudget.set(budget, s);
    }
    return s;
  };
  for (const [id, totals] of replay.accounts) {
    const budget = owners.budgetOfAccount(id);
    if (!budget) continue;
    const s = statement(budget, totals.currency);
    const part = budgetOf(id) ? s.available : templateOf(id) ? s.frozen_templates : s.frozen_activities;
    part.opening += replay.balance(id, 'opening');
    part.closing += replay.balance(id, 'closing');
  }
  for (const m of replay.openPendings.values()) {
    const budget = owners.budgetOfAccount(m.debit_account_id);
    if (!budget) continue;
    if (m.code === 'coupon.use') statement(budget, m.currency).in_transit += m.amount;
    if (m.code === 'coupon.template_freeze') statement(budget, m.currency).awaiting_approval += m.amount;
  }
  for (const s of byBudget.values()) {
    s.total.opening = s.available.opening + s.frozen_templates.opening + s.frozen_activities.opening;
    s.total.closing = s.available.closing + s.frozen_templates.closing + s.frozen_activities.closing;
    const l = s.available.lines;
    const availableMoves = AVAILABLE_LINES.reduce((sum, line) => sum + l[line], 0);
    // Into or out of the budget as a whole: funding, withdrawals, discounts spent, refunds back, adjustments.
    const totalMoves = l.funded + l.withdrawn - s.spent + l.refund_returned + l.adjusted + l.other;
    s.ties = s.available.opening + availableMoves === s.available.closing && s.total.opening + totalMoves === s.total.closing;
  }
  return [...byBudget.values()].sort((a, b) => a.budget_id.localeCompare(b.budget_id));
}

export interface ActivityRow {
  activity_id: string;
  budget_id: string | null;
  attached: number;
  returned_to_template: number;
  unused_returned: number;
  expired_returned: number;
  discount_given: number;
  refunded: number;
  /** Discount given less what refunds brought back. */
  net_discount: number;
  by_merchant: { merchant_id: string; discount_given: number; refunded: number }[];
}

export function emptyActivityRow(activity: string, owners: CouponOwners): ActivityRow {
  return { activity_id: activity, budget_id: owners.activityBudget.get(activity) ?? null, attached: 0, returned_to_template: 0, unused_returned: 0, expired_returned: 0, discount_given: 0, refunded: 0, net_discount: 0, by_merchant: [] };
}

export function activityReport(replay: Replay, owners: CouponOwners): ActivityRow[] {
  const rows = new Map<string, ActivityRow>();
  for (const [key, amount] of replay.sums) {
    const match = /^activity\.(.+?)\.(attached|returned_to_template|discount_given|unused_returned|expired_returned|refunded)(?:\.(.+))?$/.exec(key);
    if (!match) continue;
    const [, activity = '', line = '', merchant] = match;
    let row = rows.get(activity);
    if (!row) {
      row = emptyActivityRow(activity, owners);
      rows.set(activity, row);
    }
    row[line as ActivityLine] += amount;
    if (merchant !== undefined) {
      let m = row.by_merchant.find((b) => b.merchant_id === merchant);
      if (!m) {
        m = { merchant_id: merchant, discount_given: 0, refunded: 0 };
        row.by_merchant.push(m);
      }
      m[line as 'discount_given' | 'refunded'] += amount;
    }
  }
  for (const row of rows.values()) {
    row.net_discount = row.discount_given - row.refunded;
    row.by_merchant.sort((a, b) => a.merchant_id.localeCompare(b.merchant_id));
  }
  return [...rows.values()].sort((a, b) => a.activity_id.localeCompare(b.activity_id));
}
