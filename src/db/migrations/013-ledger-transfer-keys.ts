import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * On PostgreSQL, transfers no longer carry foreign keys to their accounts. Each one was checked
 * by a trigger query per inserted transfer, about a fifth of a batch's write, and checked
 * nothing the ledger does not: it locks both accounts before it writes a transfer, and accounts
 * are never deleted. `scrip verify` reports any transfer that names a missing account. SQLite
 * keeps them: its checks are lookups in the same process and cost nothing measurable.
 */
export function ledgerTransferKeysMigration({ dialect }: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`alter table ledger_transfers drop constraint if exists ledger_transfers_debit_account_id_fkey`.execute(db);
      await sql`alter table ledger_transfers drop constraint if exists ledger_transfers_credit_account_id_fkey`.execute(db);
    },
  };
}
