import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * New balance-history entries go to `ledger_balances_recent`, keyed by transfer so each commit
 * appends at one end, and are moved in bulk into the account-keyed `ledger_balances` every few
 * thousand transfers (src/ledger/history.ts).
 */
export function ledgerHistoryMigration({ dialect }: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('ledger_balances_recent')
        .addColumn('transfer_seq', 'bigint', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('debits_pending', 'bigint', (c) => c.notNull())
        .addColumn('debits_posted', 'bigint', (c) => c.notNull())
        .addColumn('credits_pending', 'bigint', (c) => c.notNull())
        .addColumn('credits_posted', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_balances_recent_pk', ['transfer_seq', 'account_id'])
        .$call((table) => (dialect === 'sqlite' ? table.modifyEnd(sql`without rowid`) : table))
        .execute();
    },
  };
}
