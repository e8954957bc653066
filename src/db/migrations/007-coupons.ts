import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/** Coupon budgets, templates, activities with their coupons, issued coupons, codes and audiences. */
export function couponsMigration(_ctx: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('coupon_budgets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('merchant_id', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('coupon_budgets_merchant').on('coupon_budgets').columns(['merchant_id', 'id']).execute();

      await db.schema
        .createTable('coupon_templates')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('budget_id', 'text', (c) => c.notNull().references('coupon_budgets.id'))
        .addColumn('name_zh', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint')
        .addColumn('percent_bp', 'integer')
        .addColumn('cap', 'bigint')
        .addColumn('value', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('stock', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('approval_id', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('coupon_templates_budget').on('coupon_templates').columns(['budget_id', 'id']).execute();

      await db.schema
        .createTable('coupon_activities')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('budget_id', 'text', (c) => c.notNull().references('coupon_budgets.id'))
        .addColumn('merchant_id', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('starts_at', 'text')
        .addColumn('ends_at', 'text')
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('include_later', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('submission', 'integer', (c) => c.notNull())
        .addColumn('approval_id', 'text')
        .addColumn('published_at', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('coupon_activities_state').on('coupon_activities').columns(['state', 'id']).execute();

      // One row per coupon of an activity; `issued` only grows by a conditional UPDATE that
      // re-checks the stock, so no interleaving of claims can issue more than `quantity`.
      await db.schema
        .createTable('coupon_activity_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('activity_id', 'text', (c) => c.notNull().references('coupon_activities.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('template_id', 'text', (c) => c.notNull().references('coupon_templates.id'))
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('issued', 'integer', (c) => c.notNull())
        .addColumn('returned', 'integer', (c) => c.notNull())
        .addColumn('per_user_limit', 'integer', (c) => c.notNull())
        .addColumn('validity', 'text', (c) => c.notNull())
        .addColumn('condition', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('link_token', 'text', (c) => c.notNull().unique())
        .addColumn('closed_at', 'text')
        .execute();
      await db.schema.createIndex('coupon_activity_items_activity').on('coupon_activity_items').columns(['activity_id', 'position']).execute();

      // Per-user claim counters: the conditional upsert is the per-user limit.
      await db.schema
        .createTable('coupon_claim_counts')
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('shopper_id', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('coupon_claim_counts_pk', ['item_id', 'shopper_id'])
        .execute();

      await db.schema
        .createTable('coupons')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('activity_id', 'text', (c) => c.notNull())
        .addColumn('shopper_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('locked_order_id', 'text')
        .addColumn('discount', 'bigint')
        .addColumn('reminded_at', 'text')
        .addColumn('claimed_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('coupons_shopper').on('coupons').columns(['shopper_id', 'state', 'valid_until']).execute();
      await db.schema.createIndex('coupons_expiry').on('coupons').columns(['state', 'valid_until']).execute();
      await db.schema.createIndex('coupons_item').on('coupons').columns(['item_id']).execute();
      await db.schema.createIndex('coupons_order').on('coupons').columns(['locked_order_id']).execute();

      // The discount a coupon gives each merchant of an order (one row per coupon × merchant).
      await db.schema
        .createTable('coupon_uses')
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('coupon_id', 'text', (c) => c.notNull())
        .addColumn('merchant_id', 'text', (c) => c.notNull())
        .addColumn('budget_id', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('refunded_in_transit', 'bigint', (c) => c.notNull())
        .addColumn('refunded_payable', 'bigint', (c) => c.notNull())
        .addColumn('received_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('coupon_uses_pk', ['order_id', 'coupon_id', 'merchant_id'])
        .execute();
      await db.schema.createIndex('coupon_uses_budget').on('coupon_uses').columns(['budget_id', 'state']).execute();

      await db.schema
        .createTable('coupon_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('serial', 'integer', (c) => c.notNull())
        .addColumn('last4', 'text', (c) => c.notNull())
        .addColumn('coupon_id', 'text')
        .addColumn('redeemed_at', 'text')
        .execute();
      await db.schema.createIndex('coupon_codes_item').on('coupon_codes').columns(['item_id', 'serial']).unique().execute();

      await db.schema
        .createTable('coupon_code_exports')
        .addColumn('activity_id', 'text', (c) => c.primaryKey())
        .addColumn('exported_by', 'text', (c) => c.notNull())
        .addColumn('exported_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('coupon_audience_lists')
        .addColumn('activity_id', 'text', (c) => c.notNull())
        .addColumn('shopper_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('coupon_audience_lists_pk', ['activity_id', 'shopper_id'])
        .execute();
    },
  };
}
