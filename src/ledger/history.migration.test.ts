import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openTestDb, PG_URL } from '../../test/support/databases.js';
import { transaction } from '../db/database.js';
import { migrateUpTo } from '../db/migrate.js';
import { balancesAfter, createTransfers, listAccountHistory } from './ledger.js';
import { verifyLedger } from './verify.js';

const PG = PG_URL ? describe : describe.skip;

PG('migration 014: balance history into the transfer row [postgres]', () => {
  it('fills every transfer from both history tables, drops them, and verify names a transfer that had none', async () => {
    const db = await openTestDb('postgres', { upTo: '013-ledger-transfer-keys' });
    try {
      const at = '2026-04-01T00:00:00.000Z';
      await sql`insert into ledger_accounts (id, code, currency, flags, debits_pending, debits_posted, credits_pending, credits_posted, metadata, created_at)
                values ('m-a', 'test', 'CNY', 0, 0, 31, 0, 5, '{}', ${at}), ('m-b', 'test', 'CNY', 0, 0, 5, 0, 31, '{}', ${at})`.execute(db.q);
      for (const [id, from, to, amount] of [['t1', 'm-a', 'm-b', 10], ['t2', 'm-a', 'm-b', 20], ['t3', 'm-b', 'm-a', 5], ['t4', 'm-a', 'm-b', 1]] as const) {
        await sql`insert into ledger_transfers (id, debit_account_id, credit_account_id, amount, currency, code, flags, pending_id, timeout_s, refs, created_at)
                  values (${id}, ${from}, ${to}, ${amount}, 'CNY', 'move', 0, null, 0, '{}', ${at})`.execute(db.q);
      }
      // t1 and t2 were moved into the account index, t3's debit side too but its credit side is
      // still recent (two concurrent moves can split a transfer), t4 has no history at all.
      await sql`insert into ledger_balances (account_id, transfer_seq, debits_pending, debits_posted, credits_pending, credits_posted)
                values ('m-a', 1, 0, 10, 0, 0), ('m-b', 1, 0, 0, 0, 10), ('m-a', 2, 0, 30, 0, 0), ('m-b', 2, 0, 0, 0, 30), ('m-b', 3, 0, 5, 0, 30)`.execute(db.q);
      await sql`insert into ledger_balances_recent (transfer_seq, account_id, debits_pending, debits_posted, credits_pending, credits_posted)
                values (3, 'm-a', 0, 30, 0, 5)`.execute(db.q);

      expect((await migrateUpTo(db, '014-ledger-history-in-transfers')).applied).toEqual(['014-ledger-history-in-transfers']);

      const { rows } = await sql<{ id: string; debit: string; credit: string }>`
        select id,
               concat_ws(',', debit_after_debits_pending, debit_after_debits_posted, debit_after_credits_pending, debit_after_credits_posted) as debit,
               concat_ws(',', credit_after_debits_pending, credit_after_debits_posted, credit_after_credits_pending, credit_after_credits_posted) as credit
        from ledger_transfers order by seq`.execute(db.q);
      expect(rows).toEqual([
        { id: 't1', debit: '0,10,0,0', credit: '0,0,0,10' },
        { id: 't2', debit: '0,30,0,0', credit: '0,0,0,30' },
        { id: 't3', debit: '0,5,0,30', credit: '0,30,0,5' },
        { id: 't4', debit: '', credit: '' },
      ]);
      const tables = await sql<{ balances: string | null; recent: string | null }>`
        select to_regclass('ledger_balances')::text as balances, to_regclass('ledger_balances_recent')::text as recent`.execute(db.q);
      expect(tables.rows[0]).toEqual({ balances: null, recent: null });
      expect((await verifyLedger(db)).failure).toBe('transfer t4: balance history is missing');
      // Readers leave the transfer without history out, as they did before the migration.
      expect((await listAccountHistory(db, 'm-a', { limit: 10 })).items.map((item) => item.transfer.id)).toEqual(['t3', 't2', 't1']);
      expect(await balancesAfter(db, 'm-a', 't4')).toBeUndefined();
      expect(await balancesAfter(db, 'm-b', 't3')).toEqual({ transfer_seq: 3, debits_pending: 0, debits_posted: 5, credits_pending: 0, credits_posted: 30 });

      await sql`update ledger_transfers set debit_after_debits_pending = 0, debit_after_debits_posted = 31, debit_after_credits_pending = 0, debit_after_credits_posted = 5,
                credit_after_debits_pending = 0, credit_after_debits_posted = 5, credit_after_credits_pending = 0, credit_after_credits_posted = 31 where id = 't4'`.execute(db.q);
      expect((await verifyLedger(db)).failure).toBeNull();

      // New transfers write the new layout, and reads see old and new entries together.
      const now = new Date('2026-04-02T00:00:00Z');
      await transaction(db, (tx) => createTransfers(tx, [{ id: 't5', debit_account_id: 'm-b', credit_account_id: 'm-a', amount: 2, currency: 'CNY', code: 'move' }], now));
      const history = await listAccountHistory(db, 'm-a', { limit: 10 });
      expect(history.items.map((item) => [item.transfer.id, item.balances.debits_posted, item.balances.credits_posted])).toEqual([
        ['t5', 31, 7],
        ['t4', 31, 5],
        ['t3', 30, 5],
        ['t2', 30, 0],
        ['t1', 10, 0],
      ]);
      expect((await verifyLedger(db)).failure).toBeNull();
    } finally {
      await db.destroy();
    }
  });
});
