import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * The dashboard's gift card liability roll-up (src/settlement/card-moves.ts): the net posted
 * movement into gift cards per currency and 15-minute bucket, and how far it is complete.
 */
export function cardMovesMigration(_ctx: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('settlement_card_moves')
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('bucket', 'text', (c) => c.notNull())
        .addColumn('net', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('settlement_card_moves_pk', ['currency', 'bucket'])
        .execute();
      await db.schema
        .createTable('settlement_rollups')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('through', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
