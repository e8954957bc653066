import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Reconciliation (saved column mappings, runs, the external rows of each run, its differences)
 * and adjustment requests.
 */
export function settlementMigration(_ctx: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('reconcile_mappings')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('mapping', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('reconcile_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('mapping', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('period_from', 'text')
        .addColumn('period_to', 'text')
        .addColumn('file_rows', 'bigint', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('reconcile_runs_created').on('reconcile_runs').columns(['created_at', 'id']).execute();

      // The external file, one row per line, so matching works in chunks and never in memory.
      await db.schema
        .createTable('reconcile_rows')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('line', 'bigint', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('reconcile_rows_pk', ['run_id', 'line'])
        .execute();
      await db.schema.createIndex('reconcile_rows_key').on('reconcile_rows').columns(['run_id', 'reference', 'kind', 'line']).execute();

      // Our side of a run: ledger money movements by (reference, kind), summed.
      await db.schema
        .createTable('reconcile_ours')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('transfers', 'integer', (c) => c.notNull())
        .addColumn('first_transfer_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('reconcile_ours_pk', ['run_id', 'reference', 'kind', 'currency'])
        .execute();

      await db.schema
        .createTable('reconcile_differences')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('line', 'bigint')
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('their_amount', 'bigint')
        .addColumn('our_amount', 'bigint')
        .addColumn('transfer_id', 'text')
        .addColumn('adjustment_id', 'text')
        .execute();
      await db.schema.createIndex('reconcile_differences_run').on('reconcile_differences').columns(['run_id', 'id']).execute();
      await db.schema.createIndex('reconcile_differences_key').on('reconcile_differences').columns(['run_id', 'reference', 'kind']).execute();

      await db.schema
        .createTable('settlement_adjustments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('approval_id', 'text', (c) => c.notNull().unique())
        .addColumn('difference_id', 'text', (c) => c.unique())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('evidence', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('transfer_id', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('settlement_adjustments_created').on('settlement_adjustments').columns(['created_at', 'id']).execute();
    },
  };
}
