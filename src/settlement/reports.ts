import type { Db } from '../db/database.js';
import { problem } from '../errors.js';
import { cardBalancesAt, scanMovements } from './movements.repo.js';
import type { Movement } from './movement.js';
import { activityCounts, NO_COUNTS } from './activity-counts.repo.js';
import { activityReport, activityReporter, budgetReporter, budgetStatements, CouponOwners, emptyActivityRow } from './report-coupons.js';
import { breakageReport, liabilityReporter, liabilityRollForward } from './report-liability.js';
import { MerchantReporter, merchantSettlements } from './report-merchants.js';
import { Replay } from './replay.js';
import type { Period } from './time-zone.js';

/**
 * Every report is computed from one replay of the ledger up to the period's end, so figures
 * agree with each other by construction and each one can be traced to its transfers.
 */

export interface ReplayRun {
  replay: Replay;
  owners: CouponOwners;
}

export async function replayLedger(db: Db, period: Period, zone: string, drill?: { key: string; afterSeq: number; limit: number }): Promise<ReplayRun> {
  const owners = new CouponOwners();
  const replay = new Replay(period.from, period.to, [owners, liabilityReporter, budgetReporter(owners), activityReporter(), new MerchantReporter(zone)], drill);
  await scanMovements(db, period.to, (page) => replay.feed(page));
  return { replay, owners };
}

export async function liabilityReport(db: Db, period: Period, zone: string) {
  const { replay } = await replayLedger(db, period, zone);
  const rollForward = liabilityRollForward(replay, await cardBalancesAt(db, period.to));
  return { period, roll_forward: rollForward, breakage: breakageReport(replay, rollForward) };
}

export async function couponReports(db: Db, period: Period, zone: string) {
  const { replay, owners } = await replayLedger(db, period, zone);
  const counts = await activityCounts(db, period);
  const money = activityReport(replay, owners);
  const activities = [...money.map((row) => row.activity_id), ...counts.keys()]
    .filter((id, i, all) => all.indexOf(id) === i)
    .sort()
    .map((id) => ({ ...(money.find((row) => row.activity_id === id) ?? emptyActivityRow(id, owners)), ...(counts.get(id) ?? NO_COUNTS) }));
  return { budgets: budgetStatements(replay, owners), activities };
}

export async function merchantReport(db: Db, period: Period, zone: string, merchantId?: string) {
  const { replay } = await replayLedger(db, period, zone);
  const merchants = merchantSettlements(replay).filter((m) => merchantId === undefined || m.merchant_id === merchantId);
  return { period, merchants };
}

export interface TrialBalanceRow {
  code: string;
  currency: string;
  accounts: number;
  debits_posted: number;
  credits_posted: number;
  /** Credits − debits: positive for credit-normal accounts in credit. */
  balance: number;
  debits_pending: number;
  credits_pending: number;
}

export async function trialBalance(db: Db, period: Period, zone: string) {
  const { replay } = await replayLedger(db, period, zone);
  const rows = new Map<string, TrialBalanceRow>();
  const row = (code: string, currency: string) => {
    const key = `${code}\u0000${currency}`;
    let r = rows.get(key);
    if (!r) {
      r = { code, currency, accounts: 0, debits_posted: 0, credits_posted: 0, balance: 0, debits_pending: 0, credits_pending: 0 };
      rows.set(key, r);
    }
    return r;
  };
  for (const totals of replay.accounts.values()) {
    const r = row(totals.code, totals.currency);
    r.accounts += 1;
    r.debits_posted += totals.debits;
    r.credits_posted += totals.credits;
    r.balance += totals.credits - totals.debits;
  }
  for (const m of replay.openPendings.values()) {
    row(m.debit_code, m.currency).debits_pending += m.amount;
    row(m.credit_code, m.currency).credits_pending += m.amount;
  }
  const sorted = [...rows.values()].sort((a, b) => a.currency.localeCompare(b.currency) || a.code.localeCompare(b.code));
  const totals = new Map<string, { currency: string; debits_posted: number; credits_posted: number; balanced: boolean }>();
  for (const r of sorted) {
    const t = totals.get(r.currency) ?? { currency: r.currency, debits_posted: 0, credits_posted: 0, balanced: false };
    t.debits_posted += r.debits_posted;
    t.credits_posted += r.credits_posted;
    t.balanced = t.debits_posted === t.credits_posted;
    totals.set(r.currency, t);
  }
  return { as_of: period.to, date: period.to_date, rows: sorted, totals: [...totals.values()] };
}

const FIGURE = /^(liability|budget|activity|merchant)\.[^\s]{1,300}$/;

export interface DrillDownPage {
  figure: string;
  total: number;
  items: Movement[];
  next_cursor: string | null;
}

/** The transfers behind one figure of a report over a period, in ledger order. */
export async function drillDown(db: Db, period: Period, zone: string, figure: string, afterSeq: number, limit: number): Promise<DrillDownPage> {
  if (!FIGURE.test(figure)) throw problem('report_figure_unknown', 'a figure key starts with liability., budget., activity. or merchant.');
  const { replay } = await replayLedger(db, period, zone, { key: figure, afterSeq, limit });
  const found = replay.drilled;
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return {
    figure,
    total: replay.figure(figure),
    items,
    next_cursor: found.length > limit && last ? Buffer.from(JSON.stringify({ seq: last.seq })).toString('base64url') : null,
  };
}
