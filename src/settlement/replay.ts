import { isPosted, type Movement } from './movement.js';

/**
 * Replays the ledger up to the end of a period, in ledger order, and keeps what reports need:
 * each account's posted balance at the period's start and end, the pending transfers still
 * open at the end, and the sums of figures that reporters assign to movements inside the period.
 * Balances at a moment come from transfers (not current balances): a pending counts only until
 * its post or void, a post counts from its own time.
 */

/** A signed amount added to a named report figure (e.g. `liability.CNY.redeemed`). */
export interface Figure {
  key: string;
  amount: number;
}

export interface Reporter {
  /** Sees every movement before the period's end, in order; returns its figures (used when inside the period). */
  observe(m: Movement, inPeriod: boolean): Figure[];
}

export interface AccountTotals {
  code: string;
  currency: string;
  /** Posted debits and credits at the period's start and end. */
  opening_debits: number;
  opening_credits: number;
  debits: number;
  credits: number;
}

export class Replay {
  readonly sums = new Map<string, number>();
  readonly accounts = new Map<string, AccountTotals>();
  readonly openPendings = new Map<string, Movement>();
  private readonly drill: { key: string; afterSeq: number; limit: number; found: Movement[] } | undefined;

  constructor(
    readonly from: string,
    readonly to: string,
    private readonly reporters: readonly Reporter[],
    drill?: { key: string; afterSeq: number; limit: number },
  ) {
    this.drill = drill ? { ...drill, found: [] } : undefined;
  }

  /** Feeds one page of movements, in ledger order. */
  feed(page: readonly Movement[]): boolean {
    for (const m of page) this.observe(m);
    return true;
  }

  get drilled(): Movement[] {
    return this.drill?.found ?? [];
  }

  private observe(m: Movement): void {
    const inPeriod = m.created_at >= this.from;
    if (isPosted(m)) {
      this.post(m.debit_account_id, m.debit_code, m.currency, m.amount, 'debit', inPeriod);
      this.post(m.credit_account_id, m.credit_code, m.currency, m.amount, 'credit', inPeriod);
    }
    if (m.phase === 'pending') this.openPendings.set(m.id, m);
    if ((m.phase === 'post' || m.phase === 'void') && m.pending_id) this.openPendings.delete(m.pending_id);
    for (const reporter of this.reporters) {
      const figures = reporter.observe(m, inPeriod);
      if (!inPeriod) continue;
      for (const figure of figures) {
        this.sums.set(figure.key, (this.sums.get(figure.key) ?? 0) + figure.amount);
        if (this.drill && figure.key === this.drill.key) this.collect(m);
      }
    }
  }

  /** Keeps one page (plus one, to know there is more) of a drill-down's movements. */
  private collect(m: Movement): void {
    const drill = this.drill;
    if (!drill || m.seq <= drill.afterSeq || drill.found.length > drill.limit || drill.found.at(-1)?.seq === m.seq) return;
    drill.found.push(m);
  }

  private post(accountId: string, code: string, currency: string, amount: number, side: 'debit' | 'credit', inPeriod: boolean): void {
    let totals = this.accounts.get(accountId);
    if (!totals) {
      totals = { code, currency, opening_debits: 0, opening_credits: 0, debits: 0, credits: 0 };
      this.accounts.set(accountId, totals);
    }
    if (side === 'debit') {
      totals.debits += amount;
      if (!inPeriod) totals.opening_debits += amount;
    } else {
      totals.credits += amount;
      if (!inPeriod) totals.opening_credits += amount;
    }
  }

  figure(key: string): number {
    return this.sums.get(key) ?? 0;
  }

  /** Credit-normal balance (credits − debits) of an account at the period's start or end. */
  balance(accountId: string, at: 'opening' | 'closing'): number {
    const t = this.accounts.get(accountId);
    if (!t) return 0;
    return at === 'opening' ? t.opening_credits - t.opening_debits : t.credits - t.debits;
  }

  /** Accounts of a code, with their currency. */
  *accountsOf(code: string): Generator<[string, AccountTotals]> {
    for (const entry of this.accounts) if (entry[1].code === code) yield entry;
  }
}
