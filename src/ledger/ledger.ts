import { assert } from '../assert.js';
import { type Db, type Tx, transaction } from '../db/database.js';
import { type ErrorCode, problem } from '../errors.js';
import { applyBatch, canonicalRefs } from './apply.js';
import { accountHistoryRows } from './history.js';
import { accountFromRow, loadBatchState, persistOutcome, transferFromRow } from './ledger.repo.js';
import { type Page, decodeCursor, encodeCursor, pageSize } from '../pagination.js';
import {
  type Account,
  type AccountInput,
  type Balances,
  type Hold,
  type Transfer,
  type TransferInput,
  type TransferResult,
  accountFlagsToBits,
  succeeded,
  TRANSFER_FLAGS,
} from './types.js';

export const MAX_BATCH = 1000;

export interface TransferOutcome {
  id: string;
  result: TransferResult;
}

export type AccountResult = 'ok' | 'exists' | 'exists_with_different_fields' | 'flags_are_mutually_exclusive';

/**
 * Creates a batch of transfers inside the caller's transaction. Each transfer gets a result;
 * transfers that are not linked succeed or fail independently, a linked chain as one.
 */
export async function createTransfers(
  tx: Tx,
  inputs: readonly TransferInput[],
  now: Date,
  options: { expiring?: boolean } = {},
): Promise<TransferOutcome[]> {
  if (inputs.length === 0) return [];
  if (inputs.length > MAX_BATCH) throw problem('batch_too_large', `at most ${MAX_BATCH} transfers per batch`);
  const accountIds = new Set<string>();
  const pendingIds = new Set<string>();
  for (const input of inputs) {
    if (input.debit_account_id) accountIds.add(input.debit_account_id);
    if (input.credit_account_id) accountIds.add(input.credit_account_id);
    if (input.pending_id) pendingIds.add(input.pending_id);
  }
  const state = await loadBatchState(
    tx,
    [...accountIds],
    inputs.map((input) => input.id),
    [...pendingIds],
  );
  const outcome = applyBatch(state, inputs, now, options);
  assertBalanced(outcome.created.map(({ transfer }) => transfer));
  await persistOutcome(tx, state, outcome);
  return inputs.map((input, i) => ({ id: input.id, result: outcome.results[i] as TransferResult }));
}

/** Every created transfer moves a positive amount between two different accounts of its currency. */
function assertBalanced(created: readonly { amount: number; debit_account_id: string; credit_account_id: string }[]): void {
  for (const transfer of created) {
    assert(Number.isSafeInteger(transfer.amount) && transfer.amount > 0, 'transfer amount must be positive');
    assert(transfer.debit_account_id !== transfer.credit_account_id, 'transfer accounts must differ');
  }
}

/**
 * For domain code whose transfers must all succeed: throws the first failure as a problem, so
 * the surrounding transaction rolls back and nothing is half-done.
 */
export async function requireTransfers(tx: Tx, inputs: readonly TransferInput[], now: Date): Promise<void> {
  const outcomes = await createTransfers(tx, inputs, now);
  const failed = outcomes.find((outcome) => !succeeded(outcome.result));
  if (failed) {
    throw problem(failed.result as ErrorCode, `transfer ${failed.id}: ${failed.result}`, {
      extra: { transfer_id: failed.id },
    });
  }
}

/** Creates accounts inside the caller's transaction; an id that exists with the same fields is fine. */
export async function createAccounts(tx: Tx, inputs: readonly AccountInput[], now: Date): Promise<AccountResult[]> {
  if (inputs.length > MAX_BATCH) throw problem('batch_too_large', `at most ${MAX_BATCH} accounts per batch`);
  const results: AccountResult[] = [];
  for (const input of inputs) {
    const flags = accountFlagsToBits(input.flags);
    if (flags === 3) {
      results.push('flags_are_mutually_exclusive');
      continue;
    }
    const metadata = JSON.stringify(input.metadata ?? {});
    const inserted = await tx.q
      .insertInto('ledger_accounts')
      .values({
        id: input.id,
        code: input.code,
        currency: input.currency,
        flags,
        debits_pending: 0,
        debits_posted: 0,
        credits_pending: 0,
        credits_posted: 0,
        metadata,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      results.push('ok');
      continue;
    }
    const existing = await getAccount(tx, input.id);
    const same =
      existing !== undefined &&
      existing.code === input.code &&
      existing.currency === input.currency &&
      existing.flags === flags &&
      canonicalJson(existing.metadata) === canonicalJson(input.metadata ?? {});
    results.push(same ? 'exists' : 'exists_with_different_fields');
  }
  return results;
}

/** Creates accounts that must exist for domain code; an existing identical account is fine. */
export async function ensureAccounts(tx: Tx, inputs: readonly AccountInput[], now: Date): Promise<void> {
  const results = await createAccounts(tx, inputs, now);
  results.forEach((result, i) => {
    if (result !== 'ok' && result !== 'exists') throw problem('account_exists', `account ${inputs[i]?.id}: ${result}`);
  });
}

function canonicalJson(value: Record<string, unknown>): string {
  return canonicalRefs(value as Record<string, string | number>);
}

export async function getAccount(db: Db | Tx, id: string): Promise<Account | undefined> {
  const row = await db.q.selectFrom('ledger_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? accountFromRow(row) : undefined;
}

/** Voids pending transfers past their time-out, a batch at a time; safe with several processes. */
export async function expirePendings(db: Db, now: Date, limit = 500): Promise<number> {
  const due = await db.q
    .selectFrom('ledger_holds')
    .select('transfer_id')
    .where('state', '=', 'pending')
    .where('expires_at', '<=', now.toISOString())
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  let expired = 0;
  for (let i = 0; i < due.length; i += 100) {
    const part = due.slice(i, i + 100);
    const outcomes = await transaction(db, (tx) =>
      createTransfers(
        tx,
        part.map(({ transfer_id }) => ({
          id: `${transfer_id}:expired`,
          pending_id: transfer_id,
          code: 'pending_expired',
          flags: ['void_pending'],
        })),
        now,
        { expiring: true },
      ),
    );
    expired += outcomes.filter((outcome) => outcome.result === 'ok').length;
  }
  return expired;
}

export { TRANSFER_FLAGS };
export { balancesAfter } from './history.js';

export async function getTransfer(db: Db | Tx, id: string): Promise<Transfer | undefined> {
  const row = await db.q.selectFrom('ledger_transfers').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? transferFromRow(row) : undefined;
}

export async function getHold(db: Db | Tx, transferId: string): Promise<Hold | undefined> {
  return db.q.selectFrom('ledger_holds').selectAll().where('transfer_id', '=', transferId).executeTakeFirst();
}

export interface HistoryEntry {
  transfer: Transfer;
  /** The account's balances right after this transfer. */
  balances: Balances;
}

/** An account's transfers, newest first, each with the balances it left behind. */
export async function listAccountHistory(
  db: Db | Tx,
  accountId: string,
  options: { cursor?: string; limit?: number },
): Promise<Page<HistoryEntry>> {
  const limit = pageSize(options.limit);
  const after = decodeCursor<{ seq: number }>(options.cursor, { seq: 'number' });
  const entries = await accountHistoryRows(db, accountId, after?.seq ?? Number.MAX_SAFE_INTEGER, limit + 1);
  const transfers = new Map<number, Transfer>();
  if (entries.length > 0) {
    const seqs = entries.slice(0, limit).map((entry) => entry.transfer_seq);
    const rows = await db.q.selectFrom('ledger_transfers').selectAll().where('seq', 'in', seqs).execute();
    for (const row of rows) transfers.set(Number(row.seq), transferFromRow(row));
  }
  const items = entries.slice(0, limit).map(({ transfer_seq, ...balances }) => ({ transfer: transfers.get(transfer_seq) as Transfer, balances }));
  const last = items.at(-1);
  return { items, next_cursor: entries.length > limit && last ? encodeCursor({ seq: last.transfer.seq }) : null };
}
