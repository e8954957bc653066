import type { Db } from './db/database.js';
import { verifyLedger } from './ledger/verify.js';
import { MODULES } from './modules.js';

/** One named consistency check over the whole database. */
export interface Check {
  name: string;
  /** Returns null when it holds, else a description of the first thing that differs. */
  run(db: Db): Promise<string | null>;
}

export interface VerifyReport {
  ok: boolean;
  summary: string;
}

/** Every check Scrip knows, in order: the ledger first, then what builds on it. */
export async function verifyAll(db: Db, extraChecks: readonly Check[] = MODULES.flatMap((m) => m.checks ?? [])): Promise<VerifyReport> {
  const ledger = await verifyLedger(db);
  if (ledger.failure) return { ok: false, summary: `verify FAILED (ledger): ${ledger.failure}` };
  for (const check of extraChecks) {
    const failure = await check.run(db);
    if (failure) return { ok: false, summary: `verify FAILED (${check.name}): ${failure}` };
  }
  const currencies = ledger.currencies.length > 0 ? ledger.currencies.join(', ') : 'none';
  return {
    ok: true,
    summary:
      `verify ok: ${ledger.accounts} accounts, ${ledger.transfers} transfers, ${ledger.pending} pending holds; ` +
      `debits = credits in ${currencies}; ${extraChecks.length + 1} checks passed`,
  };
}
