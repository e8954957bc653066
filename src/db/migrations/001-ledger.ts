import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

export function ledgerMigration({ seqColumn }: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('ledger_accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('flags', 'integer', (c) => c.notNull())
        .addColumn('debits_pending', 'bigint', (c) => c.notNull())
        .addColumn('debits_posted', 'bigint', (c) => c.notNull())
        .addColumn('credits_pending', 'bigint', (c) => c.notNull())
        .addColumn('credits_posted', 'bigint', (c) => c.notNull())
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ledger_accounts_code').on('ledger_accounts').columns(['code']).execute();

      await seqColumn(db.schema.createTable('ledger_transfers'), 'seq')
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('debit_account_id', 'text', (c) => c.notNull().references('ledger_accounts.id'))
        .addColumn('credit_account_id', 'text', (c) => c.notNull().references('ledger_accounts.id'))
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('flags', 'integer', (c) => c.notNull())
        .addColumn('pending_id', 'text')
        .addColumn('timeout_s', 'integer', (c) => c.notNull())
        .addColumn('refs', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ledger_transfers_created_at').on('ledger_transfers').columns(['created_at']).execute();

      await db.schema
        .createTable('ledger_holds')
        .addColumn('transfer_id', 'text', (c) => c.primaryKey())
        .addColumn('debit_account_id', 'text', (c) => c.notNull())
        .addColumn('credit_account_id', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('resolved_by', 'text')
        .addColumn('resolved_at', 'text')
        .execute();
      await db.schema.createIndex('ledger_holds_expiry').on('ledger_holds').columns(['state', 'expires_at']).execute();

      await db.schema
        .createTable('ledger_balances')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('transfer_seq', 'bigint', (c) => c.notNull())
        .addColumn('debits_pending', 'bigint', (c) => c.notNull())
        .addColumn('debits_posted', 'bigint', (c) => c.notNull())
        .addColumn('credits_pending', 'bigint', (c) => c.notNull())
        .addColumn('credits_posted', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_balances_pk', ['account_id', 'transfer_seq'])
        .execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('caller', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('locked_until', 'text', (c) => c.notNull())
        .addColumn('response_status', 'integer')
        .addColumn('response_type', 'text')
        .addColumn('response_body', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['caller', 'key'])
        .execute();
      await db.schema.createIndex('idempotency_keys_created_at').on('idempotency_keys').columns(['created_at']).execute();
    },
  };
}
