import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { AFTER_COLUMNS, lastEntriesSql } from './history.js';

export interface LedgerVerifyReport {
  accounts: number;
  transfers: number;
  pending: number;
  currencies: string[];
  /** The first broken invariant, or null when the ledger is consistent. */
  failure: string | null;
}

interface Recomputed {
  id: string;
  debits_pending: number;
  debits_posted: number;
  credits_pending: number;
  credits_posted: number;
  r_debits_pending: number;
  r_debits_posted: number;
  r_credits_pending: number;
  r_credits_posted: number;
}

/**
 * Recomputes every account from its transfers and checks the ledger's invariants: every
 * transfer names accounts that exist, stored balances equal the recomputation, debits equal
 * credits per currency, no flagged account is negative, every transfer has its balance history
 * (PostgreSQL keeps it in the transfer row), and each account's last history entry equals its
 * balances.
 */
export async function verifyLedger(db: Db): Promise<LedgerVerifyReport> {
  const counts = await sql<{ accounts: number; transfers: number; pending: number }>`
    select (select count(*) from ledger_accounts) as accounts,
           (select count(*) from ledger_transfers) as transfers,
           (select count(*) from ledger_holds where state = 'pending') as pending`.execute(db.q);
  const totals = await sql<{ currency: string; dp: number; dpo: number; cp: number; cpo: number }>`
    select currency, sum(debits_pending) as dp, sum(debits_posted) as dpo,
           sum(credits_pending) as cp, sum(credits_posted) as cpo
    from ledger_accounts group by currency order by currency`.execute(db.q);
  const base = { ...(counts.rows[0] ?? { accounts: 0, transfers: 0, pending: 0 }), currencies: totals.rows.map((r) => r.currency) };
  // Per-account recomputation first: it names the account, which the currency totals cannot.
  const accountFailure =
    (await firstDanglingTransfer(db)) ??
    (await firstRecomputationDifference(db)) ??
    (await firstNegative(db)) ??
    (await firstTransferWithoutHistory(db)) ??
    (await firstHistoryDifference(db));
  if (accountFailure) return { ...base, failure: accountFailure };
  const unbalanced = totals.rows.find((row) => Number(row.dp) !== Number(row.cp) || Number(row.dpo) !== Number(row.cpo));
  const failure = unbalanced
    ? `currency ${unbalanced.currency}: debits (${unbalanced.dp} pending, ${unbalanced.dpo} posted) ≠ credits (${unbalanced.cp} pending, ${unbalanced.cpo} posted)`
    : null;
  return { ...base, failure };
}

/** A transfer whose debit or credit account does not exist (PostgreSQL keeps no foreign key for it). */
async function firstDanglingTransfer(db: Db): Promise<string | null> {
  const result = await sql<{ id: string; account_id: string }>`
    select t.id, case when d.id is null then t.debit_account_id else t.credit_account_id end as account_id
    from ledger_transfers t
    left join ledger_accounts d on d.id = t.debit_account_id
    left join ledger_accounts c on c.id = t.credit_account_id
    where d.id is null or c.id is null
    order by t.seq limit 1`.execute(db.q);
  const row = result.rows[0];
  return row ? `transfer ${row.id}: account ${row.account_id} does not exist` : null;
}

async function firstRecomputationDifference(db: Db): Promise<string | null> {
  // Posted: single-phase and post_pending transfers. Pending: pending transfers whose hold is still pending.
  const result = await sql<Recomputed>`
    with moves as (
      select t.debit_account_id as account_id,
             case when t.flags & 2 <> 0 and h.state = 'pending' then t.amount else 0 end as dp,
             case when t.flags & 10 = 0 then t.amount else 0 end as dpo,
             0 as cp, 0 as cpo
      from ledger_transfers t left join ledger_holds h on h.transfer_id = t.id
      union all
      select t.credit_account_id,
             0, 0,
             case when t.flags & 2 <> 0 and h.state = 'pending' then t.amount else 0 end,
             case when t.flags & 10 = 0 then t.amount else 0 end
      from ledger_transfers t left join ledger_holds h on h.transfer_id = t.id
    ),
    sums as (
      select account_id, sum(dp) as dp, sum(dpo) as dpo, sum(cp) as cp, sum(cpo) as cpo
      from moves group by account_id
    )
    select a.id, a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted,
           coalesce(s.dp, 0) as r_debits_pending, coalesce(s.dpo, 0) as r_debits_posted,
           coalesce(s.cp, 0) as r_credits_pending, coalesce(s.cpo, 0) as r_credits_posted
    from ledger_accounts a left join sums s on s.account_id = a.id
    where a.debits_pending <> coalesce(s.dp, 0) or a.debits_posted <> coalesce(s.dpo, 0)
       or a.credits_pending <> coalesce(s.cp, 0) or a.credits_posted <> coalesce(s.cpo, 0)
    order by a.id limit 1`.execute(db.q);
  const row = result.rows[0];
  if (!row) return null;
  const fields = ['debits_pending', 'debits_posted', 'credits_pending', 'credits_posted'] as const;
  const diffs = fields
    .filter((f) => Number(row[f]) !== Number(row[`r_${f}`]))
    .map((f) => `${f} stored ${row[f]} but transfers give ${row[`r_${f}`]}`);
  return `account ${row.id}: ${diffs.join(', ')}`;
}

async function firstNegative(db: Db): Promise<string | null> {
  const result = await sql<{ id: string; flags: number }>`
    select id, flags from ledger_accounts
    where (flags & 1 <> 0 and debits_pending + debits_posted > credits_posted)
       or (flags & 2 <> 0 and credits_pending + credits_posted > debits_posted)
    order by id limit 1`.execute(db.q);
  const row = result.rows[0];
  return row ? `account ${row.id}: balance is negative against its flags` : null;
}

/** PostgreSQL: a transfer whose balance-history columns are empty. */
async function firstTransferWithoutHistory(db: Db): Promise<string | null> {
  if (db.dialect !== 'postgres') return null;
  const columns = [...AFTER_COLUMNS.debit, ...AFTER_COLUMNS.credit].join(', ');
  const result = await sql<{ id: string }>`
    select id from ledger_transfers where num_nulls(${sql.raw(columns)}) > 0 order by seq limit 1`.execute(db.q);
  const row = result.rows[0];
  return row ? `transfer ${row.id}: balance history is missing` : null;
}

async function firstHistoryDifference(db: Db): Promise<string | null> {
  const result = await sql<{ id: string }>`
    select a.id from ${sql.raw(lastEntriesSql(db.dialect, '1 = 1', false))} as b
    join ledger_accounts a on a.id = b.account_id
    where a.debits_pending <> b.debits_pending or a.debits_posted <> b.debits_posted
       or a.credits_pending <> b.credits_pending or a.credits_posted <> b.credits_posted
    order by a.id limit 1`.execute(db.q);
  const row = result.rows[0];
  return row ? `account ${row.id}: balances differ from its last history entry` : null;
}
