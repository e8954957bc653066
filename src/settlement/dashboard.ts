import { assert, assertMinor } from '../assert.js';
import { budgetStatement, listBudgets } from '../coupons/budgets.repo.js';
import type { Db } from '../db/database.js';
import { problem } from '../errors.js';
import { claimsByDay, type DayBucket, expiringByDay, MAX_BUCKETS, redemptionsByDay, cardLiabilityMovesByDay, rolledCardMovesByDay } from './dashboard.repo.js';
import { cardMovesThrough, isBucketBoundary, movesBetween, rolledMovesBefore } from './card-moves.js';
import { cardBalancesAt } from './movements.repo.js';
import { addDays, localDate, nextDate, type Period, periodOf, startOfDay } from './time-zone.js';

/**
 * The console dashboard's figures: gift card liability at the end of each day, where each coupon
 * budget's money is now, card payments and coupon claims per day, and what expires in the next
 * 30 days. Each is a few grouped queries, not a replay of the ledger per day.
 */

/** Days a series covers when the caller names no range. */
export const DEFAULT_DAYS = 30;
/** Budgets shown on the dashboard; more than this and the answer says it was cut. */
export const MAX_DASHBOARD_BUDGETS = 100;

/** from..to as given, or the DEFAULT_DAYS days ending today (or ending `to`, or starting `from`). */
export function dashboardPeriod(from: string | undefined, to: string | undefined, now: Date, zone: string): Period {
  const last = to ?? (from === undefined ? localDate(now, zone) : addDays(from, DEFAULT_DAYS - 1));
  const first = from ?? addDays(last, -(DEFAULT_DAYS - 1));
  const period = periodOf(first, last, zone);
  if (bucketsOf(period, zone).length > MAX_BUCKETS) throw problem('report_range_invalid', `a dashboard series covers at most ${MAX_BUCKETS} days`);
  return period;
}

export function bucketsOf(period: Period, zone: string): DayBucket[] {
  const days: DayBucket[] = [];
  for (let date = period.from_date; date <= period.to_date && days.length <= MAX_BUCKETS; date = nextDate(date)) {
    days.push({ date, from: startOfDay(date, zone).toISOString(), to: startOfDay(nextDate(date), zone).toISOString() });
  }
  return days;
}

/**
 * Outstanding gift card liability at the end of each day: the card balances at the period's
 * start plus each day's net posted movement, so the last point is the liability report's
 * closing figure for a period ending the same day. Up to the roll-up's `through` both come from
 * its buckets (src/settlement/card-moves.ts), after it from the transfers; before the roll-up's
 * first run, or for days not on quarter hours, the opening comes from the cards' balance history
 * and every day from the transfers.
 */
export async function liabilityByDay(db: Db, period: Period, zone: string, currency: string) {
  const days = bucketsOf(period, zone);
  const through = await cardMovesThrough(db);
  const rolled = through !== null && days.every((d) => isBucketBoundary(d.from) && isBucketBoundary(d.to));
  const { opening, moves } = rolled ? await movesFromRollUp(db, period.from, days, currency, through) : await movesFromLedger(db, period.from, days, currency);
  let liability = opening;
  const series = days.map((d) => {
    liability += moves.get(d.date) ?? 0;
    assertMinor(liability, 'liability');
    return { date: d.date, liability };
  });
  return { period, currency, opening, closing: liability, days: series };
}

async function movesFromLedger(db: Db, from: string, days: readonly DayBucket[], currency: string) {
  const opening = (await cardBalancesAt(db, from)).get(currency) ?? 0;
  return { opening, moves: await cardLiabilityMovesByDay(db, days, currency) };
}

/** Buckets before `through`, transfers from it on: each day is split at `through` if it spans it. */
async function movesFromRollUp(db: Db, from: string, days: readonly DayBucket[], currency: string, through: string) {
  const opening = (await rolledMovesBefore(db, currency, from < through ? from : through)) + (await movesBetween(db, currency, through, from));
  const before = days.filter((d) => d.from < through).map((d) => ({ ...d, to: d.to < through ? d.to : through }));
  const after = days.filter((d) => d.to > through).map((d) => ({ ...d, from: d.from > through ? d.from : through }));
  const moves = before.length > 0 ? await rolledCardMovesByDay(db, before, currency) : new Map<string, number>();
  if (after.length > 0) {
    for (const [day, net] of await cardLiabilityMovesByDay(db, after, currency)) moves.set(day, (moves.get(day) ?? 0) + net);
  }
  return { opening, moves };
}

/** Each visible budget's money by where it is now, and the totals of the currency. */
export async function budgetPositions(db: Db, currency: string, merchantId: string | undefined) {
  const rows = (await listBudgets(db, merchantId, MAX_DASHBOARD_BUDGETS + 1, undefined)).filter((b) => b.currency === currency);
  const totals = { funded: 0, available: 0, frozen: 0, in_transit: 0, spent: 0, awaiting_approval: 0 };
  const budgets = [];
  for (const budget of rows.slice(0, MAX_DASHBOARD_BUDGETS)) {
    const s = await budgetStatement(db, budget);
    const position = { budget_id: budget.id, name: budget.name, owner: budget.owner, merchant_id: budget.merchant_id, funded: s.funded, available: s.available, frozen: s.frozen, in_transit: s.in_transit, spent: s.spent, awaiting_approval: s.pending_out };
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += position[key];
    budgets.push(position);
  }
  return { currency, budgets, totals, truncated: rows.length > MAX_DASHBOARD_BUDGETS };
}

/** Gift card payments (count and amount) and coupon claims per day. */
export async function activityByDay(db: Db, period: Period, zone: string, currency: string, merchantId: string | undefined) {
  const days = bucketsOf(period, zone);
  const redemptions = await redemptionsByDay(db, days, currency, merchantId);
  const claims = await claimsByDay(db, days, currency, merchantId);
  return {
    period,
    currency,
    days: days.map((d) => ({ date: d.date, ...(redemptions.get(d.date) ?? { card_payments: 0, card_amount: 0 }), coupon_claims: claims.get(d.date) ?? 0 })),
  };
}

/** Cards and coupons whose validity ends in the next `DEFAULT_DAYS` days (today first), per day. */
export async function expiringSoon(db: Db, now: Date, zone: string, currency: string) {
  const today = localDate(now, zone);
  const period = periodOf(today, addDays(today, DEFAULT_DAYS - 1), zone);
  const days = bucketsOf(period, zone);
  assert(days.length === DEFAULT_DAYS, 'expiring: one bucket per day');
  const found = await expiringByDay(db, days, now.toISOString(), currency);
  return { period, currency, days: days.map((d) => ({ date: d.date, ...(found.get(d.date) ?? { cards: 0, card_balance: 0, coupons: 0, coupon_value: 0 }) })) };
}
