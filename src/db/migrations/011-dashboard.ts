import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/** The dashboard's per-day counts read gift card payments and coupon claims by time. */
export function dashboardMigration(_ctx: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('giftcard_redemptions_created').on('giftcard_redemptions').columns(['created_at']).execute();
      await db.schema.createIndex('coupons_claimed').on('coupons').columns(['claimed_at']).execute();
    },
  };
}
