import { type Db, execSql, type Tx } from '../db/database.js';
import type { ReconcileResult } from '../db/schema.js';
import type { RunSummary } from './reconcile.repo.js';

/**
 * Matching a run in SQL, in steps small enough for one transaction each: our side is summed
 * by (reference, kind) from the ledger, then the file's rows are compared a range of lines at a
 * time, then our references absent from the file are listed. Difference ids are deterministic
 * (`{run}:{line}` / `{run}:ours:…`) so a step repeated after a crash adds nothing twice.
 */

/** The reference a ledger transfer is reconciled by: the external payment's, else the order's. */
function refExpression(db: Db | Tx, column: string): string {
  return db.dialect === 'postgres'
    ? `coalesce(cast(${column} as jsonb) ->> 'payment_ref', cast(${column} as jsonb) ->> 'order')`
    : `coalesce(cast(json_extract(${column}, '$.payment_ref') as text), cast(json_extract(${column}, '$.order') as text))`;
}

function padded(db: Db | Tx, column: string): string {
  return db.dialect === 'postgres' ? `lpad(cast(${column} as text), 12, '0')` : `printf('%012d', ${column})`;
}

/**
 * Our money movements with the outside world in the period: into payments clearing is a payment
 * received, out of it a refund paid. Posted only (a pending or void never moved money).
 */
export async function loadOurs(tx: Tx, runId: string, from: string, to: string): Promise<void> {
  const ref = refExpression(tx, 't.refs');
  const side = (column: 'debit_account_id' | 'credit_account_id', kind: 'payment' | 'refund') => `
    select ${ref} as reference, '${kind}' as kind, t.currency, t.amount, t.id
    from ledger_transfers t join ledger_accounts a on a.id = t.${column} and a.code = 'payments.clearing'
    where t.created_at >= ? and t.created_at < ? and (t.flags & 10) = 0`;
  await execSql(
    tx,
    `insert into reconcile_ours (run_id, reference, kind, currency, amount, transfers, first_transfer_id)
     select ?, m.reference, m.kind, max(m.currency), sum(m.amount), count(*), min(m.id)
     from (${side('debit_account_id', 'payment')} union all ${side('credit_account_id', 'refund')}) m
     where m.reference is not null
     group by m.reference, m.kind
     on conflict do nothing`,
    [runId, from, to, from, to],
  );
}

/** Compares the file's lines [fromLine, toLine) with our side; returns how many differed. */
export async function compareLines(tx: Tx, runId: string, fromLine: number, toLine: number): Promise<number> {
  const duplicate = `exists (select 1 from reconcile_rows d where d.run_id = r.run_id and d.reference = r.reference and d.kind = r.kind and d.line < r.line)`;
  const rows = await execSql<{ id: string }>(
    tx,
    `insert into reconcile_differences (id, run_id, result, reference, kind, line, currency, their_amount, our_amount, transfer_id, adjustment_id)
     select r.run_id || ':' || ${padded(tx, 'r.line')}, r.run_id,
            case when ${duplicate} then 'duplicate' when o.reference is null then 'missing_ours' else 'amount_differs' end,
            r.reference, r.kind, r.line, r.currency, r.amount, o.amount, o.first_transfer_id, null
     from reconcile_rows r
     left join reconcile_ours o on o.run_id = r.run_id and o.reference = r.reference and o.kind = r.kind
     where r.run_id = ? and r.line >= ? and r.line < ?
       and (${duplicate} or o.reference is null or o.amount <> r.amount or o.currency <> r.currency)
     on conflict do nothing
     returning id`,
    [runId, fromLine, toLine],
  );
  return rows.length;
}

/** Our references the file does not mention at all. */
export async function listMissingTheirs(tx: Tx, runId: string): Promise<void> {
  await execSql(
    tx,
    `insert into reconcile_differences (id, run_id, result, reference, kind, line, currency, their_amount, our_amount, transfer_id, adjustment_id)
     select o.run_id || ':ours:' || o.kind || ':' || o.reference, o.run_id, 'missing_theirs', o.reference, o.kind, null, o.currency, null, o.amount, o.first_transfer_id, null
     from reconcile_ours o
     where o.run_id = ? and not exists (select 1 from reconcile_rows r where r.run_id = o.run_id and r.reference = o.reference and r.kind = o.kind)
     on conflict do nothing`,
    [runId],
  );
}

const RESULTS: readonly ReconcileResult[] = ['matched', 'missing_ours', 'missing_theirs', 'amount_differs', 'duplicate'];

/** Counts and sums per result; matched = the file's lines with no difference. */
export async function summarise(tx: Tx, runId: string): Promise<RunSummary> {
  const totals = await execSql<{ rows: number; amount: number | null }>(tx, 'select count(*) as rows, sum(amount) as amount from reconcile_rows where run_id = ?', [runId]);
  const matchedOurs = await execSql<{ amount: number | null }>(
    tx,
    `select sum(o.amount) as amount from reconcile_ours o where o.run_id = ?
       and not exists (select 1 from reconcile_differences d where d.run_id = o.run_id and d.reference = o.reference and d.kind = o.kind and d.result <> 'duplicate')`,
    [runId],
  );
  const byResult = await execSql<{ result: ReconcileResult; count: number; their_amount: number | null; our_amount: number | null }>(
    tx,
    'select result, count(*) as count, sum(their_amount) as their_amount, sum(our_amount) as our_amount from reconcile_differences where run_id = ? group by result',
    [runId],
  );
  const results = Object.fromEntries(RESULTS.map((r) => [r, { count: 0, their_amount: 0, our_amount: 0 }])) as RunSummary['results'];
  for (const row of byResult) results[row.result] = { count: Number(row.count), their_amount: Number(row.their_amount ?? 0), our_amount: Number(row.our_amount ?? 0) };
  const rows = Number(totals[0]?.rows ?? 0);
  const theirTotal = Number(totals[0]?.amount ?? 0);
  const inFileDifferences = results.missing_ours.count + results.amount_differs.count + results.duplicate.count;
  const inFileDifferenceAmount = results.missing_ours.their_amount + results.amount_differs.their_amount + results.duplicate.their_amount;
  results.matched = { count: rows - inFileDifferences, their_amount: theirTotal - inFileDifferenceAmount, our_amount: Number(matchedOurs[0]?.amount ?? 0) };
  return { rows, results };
}

/** Drops the working rows of a finished run (its differences and summary stay). */
export async function dropWorkingRows(tx: Tx, runId: string): Promise<void> {
  await tx.q.deleteFrom('reconcile_rows').where('run_id', '=', runId).execute();
  await tx.q.deleteFrom('reconcile_ours').where('run_id', '=', runId).execute();
}
