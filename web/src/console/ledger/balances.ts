import type { Balances, HistoryItem } from './ledger-api.js';

/**
 * Reading an account's four sums as people expect. An account that may not go below zero on
 * its credit side (debits must not exceed credits: a card, a budget, a liability) is shown as
 * credits − debits; one limited the other way as debits − credits; an unflagged account as
 * credits − debits, which may be negative. BigInt keeps the sums exact however large.
 */

export type NormalSide = 'credit' | 'debit';

export function normalSide(flags: readonly string[]): NormalSide {
  return flags.includes('credits_must_not_exceed_debits') ? 'debit' : 'credit';
}

export interface Reading {
  side: NormalSide;
  /** Posted balance on the normal side. */
  posted: bigint;
  /** What pending transfers would add (positive) or take (negative) once posted. */
  pending: bigint;
  /** Posted balance less what pending transfers hold against it. */
  available: bigint;
}

export function readBalances(balances: Balances, side: NormalSide): Reading {
  const dp = BigInt(balances.debits_posted);
  const cp = BigInt(balances.credits_posted);
  const dq = BigInt(balances.debits_pending);
  const cq = BigInt(balances.credits_pending);
  if (side === 'credit') return { side, posted: cp - dp, pending: cq - dq, available: cp - dp - dq };
  return { side, posted: dp - cp, pending: dq - cq, available: dp - cp - cq };
}

/** Which side of a transfer this account is on. */
export function sideOf(accountId: string, item: HistoryItem): NormalSide {
  return item.transfer.debit_account_id === accountId ? 'debit' : 'credit';
}

/** The state a transfer's flags describe. */
export function transferKind(flags: readonly string[]): 'pending' | 'post_pending' | 'void_pending' | 'posted' {
  if (flags.includes('pending')) return 'pending';
  if (flags.includes('post_pending')) return 'post_pending';
  if (flags.includes('void_pending')) return 'void_pending';
  return 'posted';
}

/** Balance after each transfer, oldest first (the API lists newest first). */
export function balanceSeries(items: readonly HistoryItem[], side: NormalSide): { at: string; posted: bigint }[] {
  return [...items].reverse().map((item) => ({ at: item.transfer.created_at, posted: readBalances(item.balances, side).posted }));
}

/**
 * Net posted movement per platform day, oldest first: what each day added to (or took from)
 * the balance on the account's normal side. Pending transfers move nothing until posted.
 */
export function dailyMovement(
  accountId: string,
  items: readonly HistoryItem[],
  side: NormalSide,
  dayOf: (iso: string) => string,
): { day: string; net: bigint }[] {
  const days = new Map<string, bigint>();
  for (const item of [...items].reverse()) {
    const kind = transferKind(item.transfer.flags);
    if (kind === 'pending' || kind === 'void_pending') continue;
    const amount = BigInt(item.transfer.amount);
    const signed = sideOf(accountId, item) === side ? amount : -amount;
    const day = dayOf(item.transfer.created_at);
    days.set(day, (days.get(day) ?? 0n) + signed);
  }
  return [...days.entries()].map(([day, net]) => ({ day, net }));
}
