import type { Selectable } from 'kysely';
import type { Tx } from '../db/database.js';
import type { LedgerAccountsTable, LedgerHoldsTable, LedgerTransfersTable } from '../db/schema.js';
import type { BatchOutcome, BatchState } from './apply.js';
import type { Account, Hold, Transfer } from './types.js';

/** The only code that reads or writes the ledger's tables. */

export function accountFromRow(row: Selectable<LedgerAccountsTable>): Account {
  return { ...row, metadata: JSON.parse(row.metadata) as Record<string, unknown> };
}

export function transferFromRow(row: Selectable<LedgerTransfersTable>): Transfer {
  return { ...row, refs: JSON.parse(row.refs) as Transfer['refs'] };
}

function holdFromRow(row: Selectable<LedgerHoldsTable>): Hold {
  return { ...row };
}

const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Loads what a batch needs. Accounts are locked (FOR UPDATE, in id order so concurrent batches
 * cannot deadlock) before holds and existing transfers are read, so what is read stays true
 * until commit. On SQLite the whole transaction already holds the write lock.
 */
export async function loadBatchState(
  tx: Tx,
  accountIds: readonly string[],
  transferIds: readonly string[],
  pendingIds: readonly string[],
): Promise<BatchState> {
  const holdAccounts = new Set<string>();
  if (pendingIds.length > 0) {
    for (const part of chunks(pendingIds)) {
      const rows = await tx.q
        .selectFrom('ledger_holds')
        .select(['debit_account_id', 'credit_account_id'])
        .where('transfer_id', 'in', part)
        .execute();
      for (const row of rows) {
        holdAccounts.add(row.debit_account_id);
        holdAccounts.add(row.credit_account_id);
      }
    }
  }
  const ids = [...new Set([...accountIds, ...holdAccounts])].sort();
  const accounts = await lockAccounts(tx, ids);
  const holds = new Map<string, Hold>();
  for (const part of chunks(pendingIds)) {
    const rows = await tx.q.selectFrom('ledger_holds').selectAll().where('transfer_id', 'in', part).execute();
    for (const row of rows) holds.set(row.transfer_id, holdFromRow(row));
  }
  const existing = new Map<string, Omit<Transfer, 'seq'>>();
  for (const part of chunks([...new Set([...transferIds, ...pendingIds])])) {
    const rows = await tx.q.selectFrom('ledger_transfers').selectAll().where('id', 'in', part).execute();
    for (const row of rows) existing.set(row.id, transferFromRow(row));
  }
  return { accounts, holds, existing };
}

export async function lockAccounts(tx: Tx, sortedIds: readonly string[]): Promise<Map<string, Account>> {
  const accounts = new Map<string, Account>();
  for (const part of chunks(sortedIds)) {
    if (part.length === 0) continue;
    const rows = await tx.q
      .selectFrom('ledger_accounts')
      .selectAll()
      .where('id', 'in', part)
      .orderBy('id')
      .$if(tx.dialect === 'postgres', (qb) => qb.forUpdate())
      .execute();
    for (const row of rows) accounts.set(row.id, accountFromRow(row));
  }
  return accounts;
}

/** Writes a batch's outcome: new transfers, balance history, hold states, account balances. */
export async function persistOutcome(tx: Tx, state: BatchState, outcome: BatchOutcome): Promise<Map<string, number>> {
  const seqs = new Map<string, number>();
  if (outcome.created.length === 0) return seqs;
  for (const part of chunks(outcome.created, 200)) {
    const rows = await tx.q
      .insertInto('ledger_transfers')
      .values(part.map(({ transfer }) => ({ ...transfer, refs: JSON.stringify(transfer.refs) })))
      .returning(['id', 'seq'])
      .execute();
    for (const row of rows) seqs.set(row.id, row.seq);
  }
  const history = outcome.created.flatMap(({ transfer, debitAfter, creditAfter }) => {
    const seq = seqs.get(transfer.id) as number;
    return [
      { account_id: transfer.debit_account_id, transfer_seq: seq, ...debitAfter },
      { account_id: transfer.credit_account_id, transfer_seq: seq, ...creditAfter },
    ];
  });
  for (const part of chunks(history, 200)) await tx.q.insertInto('ledger_balances').values(part).execute();
  await writeHolds(tx, outcome);
  await writeBalances(tx, state, outcome);
  return seqs;
}

async function writeHolds(tx: Tx, outcome: BatchOutcome): Promise<void> {
  const createdIds = new Set(outcome.created.map(({ transfer }) => transfer.id));
  const toInsert: Hold[] = [];
  for (const hold of outcome.holds.values()) {
    if (createdIds.has(hold.transfer_id)) {
      toInsert.push(hold);
      continue;
    }
    await tx.q
      .updateTable('ledger_holds')
      .set({ state: hold.state, resolved_by: hold.resolved_by, resolved_at: hold.resolved_at })
      .where('transfer_id', '=', hold.transfer_id)
      .execute();
  }
  for (const part of chunks(toInsert, 200)) await tx.q.insertInto('ledger_holds').values(part).execute();
}

async function writeBalances(tx: Tx, state: BatchState, outcome: BatchOutcome): Promise<void> {
  for (const id of [...outcome.accounts].sort()) {
    const account = state.accounts.get(id) as Account;
    await tx.q
      .updateTable('ledger_accounts')
      .set({
        debits_pending: account.debits_pending,
        debits_posted: account.debits_posted,
        credits_pending: account.credits_pending,
        credits_posted: account.credits_posted,
      })
      .where('id', '=', id)
      .execute();
  }
}
