import { type Db, type DialectName, type Tx, execSql, transaction } from '../db/database.js';
import type { Balances } from './types.js';

/**
 * Balance history: each account's balances right after each of its transfers. Its layout
 * differs by database, behind the functions below.
 *
 * PostgreSQL keeps it in the transfer row: `debit_after_*` and `credit_after_*` hold the debit
 * and the credit account's balances right after the transfer, written by the same insert, and
 * indexes on (debit_account_id, seq) and (credit_account_id, seq) find an account's entries. A
 * transfer costs no other row, so a batch of 100 writes 44 % less WAL than with history rows
 * of their own and their later moves (docs/PERFORMANCE.md), and there is nothing to move later.
 *
 * SQLite keeps separate history rows. They are written to `ledger_balances_recent`, keyed by
 * transfer, so a commit appends them at one end of one index. Indexed by account at once (as
 * the two transfer indexes do on PostgreSQL), a batch of 100 transfers would touch ~200 pages
 * scattered over the account index, and every commit would write them all: batches measured
 * less than half as fast. Recent entries are moved into `ledger_balances` (keyed by account)
 * in bulk, sorted, so each account's page is written once per move instead of once per commit:
 *
 * - by the `ledger.move-history` sweep, in a transaction of its own, once HISTORY_SWEEP_AT
 *   entries are waiting (checked every second);
 * - and, so the recent table stays small where no sweeps run, by the transaction whose transfer
 *   takes a multiple of HISTORY_MERGE_EVERY as its seq (usually finding little left to move).
 *
 * Readers see both tables in one statement, so an entry is never missed or counted twice: a move
 * deletes and inserts in one transaction.
 */

export const HISTORY_MERGE_EVERY = 8192;
export const HISTORY_SWEEP_AT = 1024;

export const BALANCE_COLUMNS = ['debits_pending', 'debits_posted', 'credits_pending', 'credits_posted'] as const;
/** Balances' values in BALANCE_COLUMNS order. */
export function balanceValues(balances: Balances): [number, number, number, number] {
  return [balances.debits_pending, balances.debits_posted, balances.credits_pending, balances.credits_posted];
}

/**
 * PostgreSQL: a transfer's columns holding one side's balances right after it, in
 * BALANCE_COLUMNS order (`debit_after_debits_pending`, …).
 */
export const AFTER_COLUMNS = {
  debit: BALANCE_COLUMNS.map((c) => `debit_after_${c}`),
  credit: BALANCE_COLUMNS.map((c) => `credit_after_${c}`),
} as const;

/** PostgreSQL: one side of transfer `t` as a history entry (transfer_seq and BALANCE_COLUMNS). */
function sideEntry(side: 'debit' | 'credit'): string {
  return `t.seq as transfer_seq, ${AFTER_COLUMNS[side].map((column, i) => `t.${column} as ${BALANCE_COLUMNS[i]}`).join(', ')}`;
}

/**
 * PostgreSQL: the condition that transfer `t` holds that side's history. Every transfer written
 * since migration 014 does; one that had no history rows before it keeps empty columns, is left
 * out of every reader (as it was before) and is reported by `scrip verify`.
 */
function hasSide(side: 'debit' | 'credit'): string {
  return `t.${AFTER_COLUMNS[side][0]} is not null`;
}

const COLUMNS = `account_id, transfer_seq, ${BALANCE_COLUMNS.join(', ')}`;

/** True when one of these new transfer seqs is a multiple of HISTORY_MERGE_EVERY. */
export function reachesMergePoint(seqs: Iterable<number>): boolean {
  for (const seq of seqs) if (seq % HISTORY_MERGE_EVERY === 0) return true;
  return false;
}

/** SQLite: moves the recent entries into the account index; returns how many. */
export async function mergeBalanceHistory(tx: Tx): Promise<number> {
  if (tx.dialect === 'postgres') return 0;
  await execSql(tx, `insert into ledger_balances (${COLUMNS}) select ${COLUMNS} from ledger_balances_recent order by account_id, transfer_seq`, []);
  // The rows the insert just moved (SQLite's one connection is this transaction's).
  const [moved] = await execSql<{ n: number }>(tx, 'select changes() as n', []);
  await execSql(tx, 'delete from ledger_balances_recent', []);
  return Number(moved?.n ?? 0);
}

/** The sweep: moves recent history once at least `atLeast` entries wait; returns how many moved. */
export async function moveRecentHistory(db: Db, atLeast = HISTORY_SWEEP_AT): Promise<number> {
  if (db.dialect === 'postgres') return 0;
  // Counted outside a transaction, so an idle sweep never takes SQLite's write lock.
  const [waiting] = await execSql<{ n: number }>(db, 'select count(*) as n from ledger_balances_recent', []);
  if (Number(waiting?.n ?? 0) < atLeast) return 0;
  return transaction(db, mergeBalanceHistory);
}

export interface HistoryRow extends Balances {
  transfer_seq: number;
}

/** An account's entries with transfer seq below `beforeSeq`, newest first. */
export async function accountHistoryRows(db: Db | Tx, accountId: string, beforeSeq: number, limit: number): Promise<HistoryRow[]> {
  const newest = (select: string) => `select * from (${select} order by transfer_seq desc limit ${limit})`;
  const [part1, part2] = historySources(db.dialect).map(newest);
  return execSql<HistoryRow>(
    db,
    `select * from (${part1} as part1 union all ${part2} as part2) as entries order by transfer_seq desc limit ${limit}`,
    [accountId, beforeSeq, accountId, beforeSeq],
  );
}

/** Two selects that together give an account's entries; each takes the account id and a seq bound. */
function historySources(dialect: DialectName): [string, string] {
  if (dialect === 'postgres') {
    const side = (name: 'debit' | 'credit') => `select ${sideEntry(name)} from ledger_transfers t where t.${name}_account_id = ? and t.seq < ? and ${hasSide(name)}`;
    return [side('debit'), side('credit')];
  }
  const table = (name: string) => `select transfer_seq, ${BALANCE_COLUMNS.join(', ')} from ${name} where account_id = ? and transfer_seq < ?`;
  return [table('ledger_balances'), table('ledger_balances_recent')];
}

/** The account's balances right after the transfer, if the transfer moved that account. */
export async function balancesAfter(db: Db | Tx, accountId: string, transferId: string): Promise<Balances | undefined> {
  if (db.dialect === 'postgres') {
    const [row] = await execSql<HistoryRow>(
      db,
      `select ${sideEntry('debit')} from ledger_transfers t where t.id = ? and t.debit_account_id = ? and ${hasSide('debit')}
       union all
       select ${sideEntry('credit')} from ledger_transfers t where t.id = ? and t.credit_account_id = ? and ${hasSide('credit')}`,
      [transferId, accountId, transferId, accountId],
    );
    return row;
  }
  const seq = '(select seq from ledger_transfers where id = ?)';
  const [row] = await execSql<HistoryRow>(
    db,
    `select transfer_seq, ${BALANCE_COLUMNS.join(', ')} from ledger_balances where account_id = ? and transfer_seq = ${seq}
     union all
     select transfer_seq, ${BALANCE_COLUMNS.join(', ')} from ledger_balances_recent where transfer_seq = ${seq} and account_id = ?`,
    [accountId, transferId, transferId, accountId],
  );
  return row;
}

/**
 * SQL for the last history entry of each account that `accountFilter` (a condition on alias
 * `a`, ledger_accounts) keeps: columns account_id, transfer_seq and the balances. With
 * `before`, only entries of transfers created before that moment count; its parameter is the
 * moment twice. Accounts without entries are left out.
 */
export function lastEntriesSql(dialect: DialectName, accountFilter: string, before: boolean): string {
  return dialect === 'postgres' ? lastEntriesInTransfersSql(accountFilter, before) : lastEntriesInTablesSql(accountFilter, before);
}

/** PostgreSQL: each account's newest debit side and newest credit side; the later one is its last entry. */
function lastEntriesInTransfersSql(accountFilter: string, before: boolean): string {
  const newest = (side: 'debit' | 'credit') =>
    `select * from (select ${sideEntry(side)} from ledger_transfers t where t.${side}_account_id = a.id and ${hasSide(side)}${before ? ' and t.created_at < ?' : ''}
       order by t.seq desc limit 1) as ${side}_side`;
  return `(
    select a.id as account_id, e.transfer_seq, ${BALANCE_COLUMNS.map((c) => `e.${c}`).join(', ')}
    from ledger_accounts a
    cross join lateral (
      select * from (${newest('debit')} union all ${newest('credit')}) as sides order by transfer_seq desc limit 1
    ) as e
    where ${accountFilter}
  )`;
}

function lastEntriesInTablesSql(accountFilter: string, before: boolean): string {
  const moment = (alias: string) => (before ? `join ledger_transfers t on t.seq = ${alias}.transfer_seq and t.created_at < ?` : '');
  const pick = (column: string) => `case when l.recent_seq is not null and (l.indexed_seq is null or l.recent_seq > l.indexed_seq) then r.${column} else b.${column} end`;
  return `(
    with recent_last as (
      select r.account_id, max(r.transfer_seq) as transfer_seq from ledger_balances_recent r ${moment('r')} group by r.account_id
    ), last as (
      select a.id as account_id,
        (select max(i.transfer_seq) from ledger_balances i ${moment('i')} where i.account_id = a.id) as indexed_seq,
        rl.transfer_seq as recent_seq
      from ledger_accounts a left join recent_last rl on rl.account_id = a.id
      where ${accountFilter}
    )
    select l.account_id, ${pick('transfer_seq')} as transfer_seq, ${BALANCE_COLUMNS.map((c) => `${pick(c)} as ${c}`).join(', ')}
    from last l
    left join ledger_balances_recent r on r.transfer_seq = l.recent_seq and r.account_id = l.account_id
    left join ledger_balances b on b.account_id = l.account_id and b.transfer_seq = l.indexed_seq
    where l.indexed_seq is not null or l.recent_seq is not null
  )`;
}
