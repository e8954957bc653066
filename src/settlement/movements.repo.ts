import { type Db, execSql } from '../db/database.js';
import { lastEntriesSql } from '../ledger/history.js';
import type { Refs } from '../ledger/types.js';
import type { Movement } from './movement.js';

/** Reads the ledger for reports: every transfer before a moment, in ledger order, a page at a time. */

const PAGE = 5000;

interface Row {
  seq: number;
  id: string;
  code: string;
  pending_code: string | null;
  flags: number;
  pending_id: string | null;
  debit_account_id: string;
  credit_account_id: string;
  debit_code: string;
  credit_code: string;
  amount: number;
  currency: string;
  refs: string;
  pending_refs: string | null;
  created_at: string;
}

function movementOf(row: Row): Movement {
  const flags = Number(row.flags);
  const phase = flags & 2 ? 'pending' : flags & 4 ? 'post' : flags & 8 ? 'void' : 'single';
  const refs = { ...(row.pending_refs ? (JSON.parse(row.pending_refs) as Refs) : {}), ...(JSON.parse(row.refs) as Refs) };
  return {
    seq: Number(row.seq),
    id: row.id,
    code: row.pending_code ?? row.code,
    phase,
    pending_id: row.pending_id,
    debit_account_id: row.debit_account_id,
    credit_account_id: row.credit_account_id,
    debit_code: row.debit_code,
    credit_code: row.credit_code,
    amount: Number(row.amount),
    currency: row.currency,
    refs,
    created_at: row.created_at,
  };
}

/**
 * Calls visit for each page of transfers created before `before`; stops early when visit
 * returns false.
 */
export async function scanMovements(db: Db, before: string, visit: (page: Movement[]) => boolean | undefined): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = await execSql<Row>(
      db,
      `select t.seq, t.id, t.code, p.code as pending_code, t.flags, t.pending_id, t.debit_account_id, t.credit_account_id,
              da.code as debit_code, ca.code as credit_code, t.amount, t.currency, t.refs, p.refs as pending_refs, t.created_at
       from ledger_transfers t
       join ledger_accounts da on da.id = t.debit_account_id
       join ledger_accounts ca on ca.id = t.credit_account_id
       left join ledger_transfers p on p.id = t.pending_id
       where t.seq > ? and t.created_at < ?
       order by t.seq limit ${PAGE}`,
      [after, before],
    );
    if (rows.length === 0) return;
    if (visit(rows.map(movementOf)) === false) return;
    after = Number(rows[rows.length - 1]?.seq);
    if (rows.length < PAGE) return;
  }
}

/**
 * Card balances at a moment from each account's balance history (not from the replay of
 * transfers), so the roll-forward's closing figure is checked by an independent path.
 */
export async function cardBalancesAt(db: Db, moment: string): Promise<Map<string, number>> {
  const rows = await execSql<{ currency: string; balance: number | null }>(
    db,
    `select a.currency, sum(b.credits_posted - b.debits_posted) as balance
     from ${lastEntriesSql(db.dialect, "a.code = 'giftcard.card'", true)} as b
     join ledger_accounts a on a.id = b.account_id
     group by a.currency`,
    [moment, moment],
  );
  return new Map(rows.map((r) => [r.currency, Number(r.balance ?? 0)]));
}
