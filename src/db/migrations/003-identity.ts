import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/** Staff users and their sessions, synced shopper attributes, rate-limit counters. */
export function identityMigration(_ctx: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('staff_users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('merchant_id', 'text')
        .addColumn('disabled', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('last_sign_in_at', 'text')
        .execute();

      await db.schema
        .createTable('staff_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('csrf_hash', 'text', (c) => c.notNull())
        .addColumn('staff_user_id', 'text', (c) => c.notNull().references('staff_users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('absolute_expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .execute();
      await db.schema.createIndex('staff_sessions_user').on('staff_sessions').columns(['staff_user_id', 'revoked_at']).execute();
      await db.schema.createIndex('staff_sessions_expiry').on('staff_sessions').column('absolute_expires_at').execute();

      await db.schema
        .createTable('shoppers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('display_name', 'text')
        .addColumn('region_code', 'text')
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .addColumn('real_name_verified', 'integer', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('source_version', 'bigint')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('shoppers_region').on('shoppers').columns(['region_code', 'id']).execute();
      await db.schema.createIndex('shoppers_registered').on('shoppers').columns(['registered_at', 'id']).execute();

      // One row per tag, so an audience rule ("tag vip") is an indexed look-up, not a JSON scan.
      await db.schema
        .createTable('shopper_tags')
        .addColumn('tag', 'text', (c) => c.notNull())
        .addColumn('shopper_id', 'text', (c) => c.notNull().references('shoppers.id'))
        .addPrimaryKeyConstraint('shopper_tags_pk', ['tag', 'shopper_id'])
        .execute();
      await db.schema.createIndex('shopper_tags_shopper').on('shopper_tags').column('shopper_id').execute();

      await db.schema
        .createTable('rate_limits')
        .addColumn('bucket', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull())
        .addColumn('window_start', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('rate_limits_pk', ['bucket', 'key_hash', 'window_start'])
        .execute();
      await db.schema.createIndex('rate_limits_expiry').on('rate_limits').column('expires_at').execute();

      await db.schema
        .createTable('identity_secrets')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
