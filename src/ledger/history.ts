import { type Db, type Tx, execSql, transaction } from '../db/database.js';
import type { Balances } from './types.js';

/**
 * Balance history: each account's balances right after each of its transfers.
 *
 * Entries are written to `ledger_balances_recent`, keyed by transfer, so a commit appends them
 * at one end of one index. Indexed by account at once, a batch of 100 transfers would touch ~200
 * pages scattered over the account index, and every commit would write them all. Recent entries
 * are moved into `ledger_balances` (keyed by account) in bulk, sorted, so each account's page is
 * written once per move instead of once per commit:
 *
 * - by the `ledger.move-history` sweep, in a transaction of its own, once HISTORY_SWEEP_AT
 *   entries are waiting (checked every second);
 * - and, so the recent table stays small where no sweeps run, by the transaction whose transfer
 *   takes a multiple of HISTORY_MERGE_EVERY as its seq (usually finding little left to move).
 *
 * Readers see both tables in one statement, so an entry is never missed or counted twice: a move
 * deletes and inserts in one transaction. On PostgreSQL a move skips entries another move has
 * locked, and entries of transactions not yet committed stay for the next move.
 */

export const HISTORY_MERGE_EVERY = 8192;
export const HISTORY_SWEEP_AT = 1024;

export const BALANCE_COLUMNS = ['debits_pending', 'debits_posted', 'credits_pending', 'credits_posted'] as const;
/** Balances' values in BALANCE_COLUMNS order. */
export function balanceValues(balances: Balances): [number, number, number, number] {
  return [balances.debits_pending, balances.debits_posted, balances.credits_pending, balances.credits_posted];
}

const COLUMNS = `account_id, transfer_seq, ${BALANCE_COLUMNS.join(', ')}`;

/** True when one of these new transfer seqs is a multiple of HISTORY_MERGE_EVERY. */
export function reachesMergePoint(seqs: Iterable<number>): boolean {
  for (const seq of seqs) if (seq % HISTORY_MERGE_EVERY === 0) return true;
  return false;
}

/** Moves the recent entries this transaction can see into the account index; returns how many. */
export async function mergeBalanceHistory(tx: Tx): Promise<number> {
  if (tx.dialect === 'postgres') {
    const rows = await execSql<{ n: number | string }>(
      tx,
      `with moved as (
         delete from ledger_balances_recent
         where ctid = any(array(select ctid from ledger_balances_recent for update skip locked))
         returning ${COLUMNS}
       ), inserted as (
         insert into ledger_balances (${COLUMNS}) select ${COLUMNS} from moved order by account_id, transfer_seq returning 1
       )
       select count(*) as n from inserted`,
      [],
    );
    return Number(rows[0]?.n ?? 0);
  }
  await execSql(tx, `insert into ledger_balances (${COLUMNS}) select ${COLUMNS} from ledger_balances_recent order by account_id, transfer_seq`, []);
  // The rows the insert just moved (SQLite's one connection is this transaction's).
  const [moved] = await execSql<{ n: number }>(tx, 'select changes() as n', []);
  await execSql(tx, 'delete from ledger_balances_recent', []);
  return Number(moved?.n ?? 0);
}

/** The sweep: moves recent history once at least `atLeast` entries wait; returns how many moved. */
export async function moveRecentHistory(db: Db, atLeast = HISTORY_SWEEP_AT): Promise<number> {
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
  const newest = (table: string) => `select * from (select transfer_seq, ${BALANCE_COLUMNS.join(', ')} from ${table}
     where account_id = ? and transfer_seq < ? order by transfer_seq desc limit ${limit})`;
  const rows = await execSql<HistoryRow>(
    db,
    `select * from (${newest('ledger_balances')} as indexed union all ${newest('ledger_balances_recent')} as recent) as entries
     order by transfer_seq desc limit ${limit}`,
    [accountId, beforeSeq, accountId, beforeSeq],
  );
  return rows;
}

/** The account's balances right after the transfer, if the transfer moved that account. */
export async function balancesAfter(db: Db | Tx, accountId: string, transferId: string): Promise<Balances | undefined> {
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
export function lastEntriesSql(accountFilter: string, before: boolean): string {
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
