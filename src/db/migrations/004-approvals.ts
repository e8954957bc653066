import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

export function approvalsMigration(_ctx: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('approval_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint')
        .addColumn('currency', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('maker_id', 'text', (c) => c.notNull())
        .addColumn('maker_role', 'text')
        .addColumn('merchant_id', 'text')
        .addColumn('hold_transfer_id', 'text')
        .addColumn('first_reviewer_id', 'text')
        .addColumn('final_reviewer_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('approval_requests_state').on('approval_requests').columns(['state', 'created_at']).execute();
      await db.schema.createIndex('approval_requests_subject').on('approval_requests').columns(['subject']).execute();

      await db.schema
        .createTable('approval_decisions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull().references('approval_requests.id'))
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_role', 'text')
        .addColumn('comment', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('approval_decisions_request').on('approval_decisions').columns(['request_id', 'at']).execute();
    },
  };
}
