import type { Selectable } from 'kysely';
import { execSql, execSqlArrays, insertWithSeqs, placeholders, type Tx, updateRowsById } from '../db/database.js';
import type { LedgerAccountsTable, LedgerHoldsTable, LedgerTransfersTable } from '../db/schema.js';
import type { AccountState, BatchOutcome, BatchState } from './apply.js';
import { AFTER_COLUMNS, BALANCE_COLUMNS, balanceValues, mergeBalanceHistory, reachesMergePoint } from './history.js';
import type { Account, Hold, Transfer } from './types.js';

/** The only code that reads or writes the ledger's tables. */

export function accountFromRow(row: Selectable<LedgerAccountsTable>): Account {
  return { ...row, metadata: JSON.parse(row.metadata) as Record<string, unknown> };
}

/** A transfer from its row (on PostgreSQL the row also holds balance history, left out here). */
export function transferFromRow(row: Selectable<LedgerTransfersTable>): Transfer {
  const { seq, id, debit_account_id, credit_account_id, amount, currency, code, flags, pending_id, timeout_s, refs, created_at } = row;
  return { seq, id, debit_account_id, credit_account_id, amount, currency, code, flags, pending_id, timeout_s, refs: JSON.parse(refs) as Transfer['refs'], created_at };
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
 *
 * On PostgreSQL a batch without pending ids locks its accounts and reads its existing transfers
 * in one statement: one round trip fewer while the locks are held. That read may predate a
 * concurrent commit of the same transfer id; the insert then fails on the id's unique
 * constraint and the transaction is retried (src/db/database.ts), reading it as existing.
 */
export async function loadBatchState(
  tx: Tx,
  accountIds: readonly string[],
  transferIds: readonly string[],
  pendingIds: readonly string[],
): Promise<BatchState> {
  if (tx.dialect === 'postgres' && pendingIds.length === 0) return lockAndReadExisting(tx, [...new Set(accountIds)].sort(), transferIds);
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
    const rows = await execSql<Selectable<LedgerTransfersTable>>(tx, `select * from ledger_transfers where id in (${placeholders(part.length)})`, part);
    for (const row of rows) existing.set(row.id, transferFromRow(row));
  }
  return { accounts, holds, existing };
}

/**
 * Accounts and transfers are joined to the unnested id arrays rather than filtered by
 * `id = any(?)`: the statement is prepared, and on a small table the generic plan of `= any` of a
 * parameter is a scan comparing every row with every id in turn (190 ids over 1,000 accounts:
 * ~4 ms, five times the join). The join looks each id up in the index on a large table.
 *
 * The existing transfers are read first, before any account is locked (each subquery runs when
 * its column is reached), so the locks are not held while they are looked up. Either way the
 * read sees the transfers committed when the statement began (see loadBatchState).
 */
async function lockAndReadExisting(tx: Tx, sortedIds: readonly string[], transferIds: readonly string[]): Promise<BatchState> {
  const [row] = await execSql<{ accounts: AccountState[] | null; existing: Selectable<LedgerTransfersTable>[] | null }>(
    tx,
    `with locked as (
       select ${STATE_COLUMNS_OF_A} from ledger_accounts a join unnest(cast(? as text[])) as wanted (id) on a.id = wanted.id
       order by a.id for update of a
     )
     select (select json_agg(t) from ledger_transfers t join unnest(cast(? as text[])) as wanted (id) on t.id = wanted.id) as existing,
            (select json_agg(locked) from locked) as accounts`,
    [sortedIds, transferIds],
  );
  const accounts = new Map((row?.accounts ?? []).map((account) => [account.id, account]));
  const existing = new Map((row?.existing ?? []).map((transfer) => [transfer.id, transferFromRow(transfer)]));
  return { accounts, holds: new Map(), existing };
}

/** The columns of an account the state machine reads (AccountState). */
const STATE_COLUMNS = 'id, currency, flags, debits_pending, debits_posted, credits_pending, credits_posted';
const STATE_COLUMNS_OF_A = STATE_COLUMNS.split(', ').map((column) => `a.${column}`).join(', ');

async function lockAccounts(tx: Tx, sortedIds: readonly string[]): Promise<Map<string, AccountState>> {
  const accounts = new Map<string, AccountState>();
  const lock = tx.dialect === 'postgres' ? ' for update' : '';
  for (const part of chunks(sortedIds)) {
    if (part.length === 0) continue;
    const rows = await execSqlArrays(tx, `select ${STATE_COLUMNS} from ledger_accounts where id in (${placeholders(part.length)}) order by id${lock}`, part);
    for (const [id, currency, flags, debits_pending, debits_posted, credits_pending, credits_posted] of rows as AccountStateRow[]) {
      accounts.set(id, { id, currency, flags, debits_pending, debits_posted, credits_pending, credits_posted });
    }
  }
  return accounts;
}

/** An account's STATE_COLUMNS, in order. */
type AccountStateRow = [string, string, number, number, number, number, number];

/**
 * Writes a batch's outcome: new transfers, balance history, hold states, account balances. On
 * SQLite, the batch that reaches a history merge point also moves recent history into the
 * account index.
 */
export async function persistOutcome(tx: Tx, state: BatchState, outcome: BatchOutcome): Promise<void> {
  if (outcome.created.length === 0) return;
  let merge = false;
  if (tx.dialect === 'postgres') {
    await writeInOneStatement(tx, state, outcome);
  } else {
    merge = reachesMergePoint(await writeTransfersAndHistory(tx, outcome));
    await updateRowsById(tx, 'ledger_accounts', BALANCE_COLUMNS, balanceRows(state, outcome));
  }
  await writeHolds(tx, outcome);
  if (merge) await mergeBalanceHistory(tx);
}

const TRANSFER_COLUMNS = ['id', 'debit_account_id', 'credit_account_id', 'amount', 'currency', 'code', 'flags', 'pending_id', 'timeout_s', 'refs', 'created_at'] as const;

/** A transfer row's values, in TRANSFER_COLUMNS order. */
function transferValues(t: BatchOutcome['created'][number]['transfer']): unknown[] {
  return [t.id, t.debit_account_id, t.credit_account_id, t.amount, t.currency, t.code, t.flags, t.pending_id, t.timeout_s, JSON.stringify(t.refs), t.created_at];
}

/**
 * Each created transfer's two balance-history rows, [account id, transfer seq, ...BALANCE_COLUMNS]:
 * the debit and then the credit account right after it. seqs are the transfers' seqs in order.
 */
function historyRows(outcome: BatchOutcome, seqs: readonly number[]): [string, number, ...number[]][] {
  const rows: [string, number, ...number[]][] = [];
  outcome.created.forEach(({ transfer, debitAfter, creditAfter }, i) => {
    const seq = seqs[i] as number;
    rows.push([transfer.debit_account_id, seq, ...balanceValues(debitAfter)], [transfer.credit_account_id, seq, ...balanceValues(creditAfter)]);
  });
  return rows;
}

/** The new balances of every account the batch changed, in id order: [id, ...BALANCE_COLUMNS]. */
function balanceRows(state: BatchState, outcome: BatchOutcome): [string, ...number[]][] {
  return [...outcome.accounts].sort().map((id) => [id, ...balanceValues(state.accounts.get(id) as AccountState)]);
}

/** Rows' values in one list, row after row (a loop: Array.prototype.flat is several times slower). */
function flatten(rows: readonly (readonly unknown[])[]): unknown[] {
  const values: unknown[] = [];
  for (const row of rows) for (const value of row) values.push(value);
  return values;
}

const tupleCache = new Map<string, string>();

/** `(?, ?), (?, ?), …`: rows tuples of width parameters, built once per shape. */
function tuples(rows: number, width: number): string {
  const key = `${rows}x${width}`;
  let text = tupleCache.get(key);
  if (text === undefined) {
    text = Array.from({ length: rows }, () => `(${placeholders(width)})`).join(', ');
    if (tupleCache.size < 1000) tupleCache.set(key, text);
  }
  return text;
}

/** SQLite: the transfers, then their history rows; returns the new seqs. */
async function writeTransfersAndHistory(tx: Tx, outcome: BatchOutcome): Promise<number[]> {
  const seqs: number[] = [];
  for (const part of chunks(outcome.created, 200)) {
    const text = `insert into ledger_transfers (${TRANSFER_COLUMNS.join(', ')}) values ${tuples(part.length, TRANSFER_COLUMNS.length)}`;
    seqs.push(...insertWithSeqs(tx, text, flatten(part.map(({ transfer }) => transferValues(transfer))), part.length));
  }
  const history = historyRows(outcome, seqs);
  for (const part of chunks(history, 400)) {
    await execSql(tx, `insert into ledger_balances_recent (account_id, transfer_seq, ${BALANCE_COLUMNS.join(', ')}) values ${tuples(part.length, 2 + BALANCE_COLUMNS.length)}`, flatten(part));
  }
  return seqs;
}

/**
 * PostgreSQL: the transfers, each with its debit and credit accounts' balances right after it
 * (the balance history, src/ledger/history.ts), and the new account balances in one statement
 * (a data-modifying CTE), so a batch holds its account locks for one round trip.
 *
 * Small batches (the domain's usual one to a few transfers) send their rows as VALUES lists, the
 * cheapest statement to run. Larger ones send all rows as one JSON parameter, so their text is
 * the same for any batch: each connection prepares and plans it once, where a VALUES list per
 * batch shape would be planned anew for most batches.
 */
async function writeInOneStatement(tx: Tx, state: BatchState, outcome: BatchOutcome): Promise<void> {
  const transfers = outcome.created.map(({ transfer, debitAfter, creditAfter }) => [
    ...transferValues(transfer),
    ...balanceValues(debitAfter),
    ...balanceValues(creditAfter),
  ]);
  const params: unknown[] = [];
  const rows = outcome.created.length <= PG_VALUES_MAX ? valuesList(params) : jsonRows(params);
  const transferSource = rows(transfers, [...TRANSFER_TYPES, ...BALANCE_TYPES, ...BALANCE_TYPES]);
  const accountSource = rows(balanceRows(state, outcome), ['text', ...BALANCE_TYPES]);
  await execSql(
    tx,
    `with t as (insert into ledger_transfers (${PG_TRANSFER_COLUMNS}) select * from ${transferSource} as v (${PG_TRANSFER_COLUMNS}))
     update ledger_accounts set ${BALANCE_COLUMNS.map((c) => `${c} = v.${c}`).join(', ')}
     from ${accountSource} as v (id, ${BALANCE_COLUMNS.join(', ')}) where ledger_accounts.id = v.id`,
    params,
  );
}

/** A PostgreSQL transfer row's columns: TRANSFER_COLUMNS, then the balances after it. */
const PG_TRANSFER_COLUMNS = [...TRANSFER_COLUMNS, ...AFTER_COLUMNS.debit, ...AFTER_COLUMNS.credit].join(', ');

/** Transfers per batch sent as VALUES lists on PostgreSQL; larger batches send one JSON parameter. */
const PG_VALUES_MAX = 8;

/** PostgreSQL types of TRANSFER_COLUMNS, in order. */
const TRANSFER_TYPES = ['text', 'text', 'text', 'bigint', 'text', 'text', 'integer', 'text', 'integer', 'text', 'text'];
const BALANCE_TYPES = BALANCE_COLUMNS.map(() => 'bigint');

type RowSource = (rows: readonly (readonly unknown[])[], types: readonly string[]) => string;

/** Rows as `(values (?, cast(? as bigint), …), …)`; their values are appended to params. */
function valuesList(params: unknown[]): RowSource {
  return (rows, types) => {
    const tuple = `(${types.map((type) => (type === 'text' ? '?' : `cast(? as ${type})`)).join(', ')})`;
    for (const row of rows) params.push(...row);
    return `(values ${rows.map(() => tuple).join(', ')})`;
  };
}

/**
 * Rows as one JSON array of arrays, `(select cast(e->>0 as text), … from jsonb_array_elements(?))`:
 * a single parameter that JSON.stringify writes and PostgreSQL parses natively, cheaper on both
 * sides than one array parameter per column.
 */
function jsonRows(params: unknown[]): RowSource {
  return (rows, types) => {
    params.push(JSON.stringify(rows));
    return `(select ${types.map((type, i) => `cast(e->>${i} as ${type})`).join(', ')} from jsonb_array_elements(cast(? as jsonb)) as e)`;
  };
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
