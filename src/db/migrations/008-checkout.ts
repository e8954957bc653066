import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

export function checkoutMigration(_ctx: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('shopper_id', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('original_amount', 'bigint', (c) => c.notNull())
        .addColumn('discount_amount', 'bigint', (c) => c.notNull())
        .addColumn('card_amount', 'bigint', (c) => c.notNull())
        .addColumn('cash_amount', 'bigint', (c) => c.notNull())
        .addColumn('refunded_amount', 'bigint', (c) => c.notNull())
        .addColumn('payment_reference', 'text')
        .addColumn('lock_expires_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('orders_lock_expiry').on('orders').columns(['state', 'lock_expires_at']).execute();
      await db.schema.createIndex('orders_shopper').on('orders').columns(['shopper_id', 'created_at']).execute();

      await db.schema
        .createTable('order_lines')
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
        .addColumn('line_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('merchant_id', 'text', (c) => c.notNull())
        .addColumn('category_id', 'text', (c) => c.notNull())
        .addColumn('unit_price', 'bigint', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('original_amount', 'bigint', (c) => c.notNull())
        .addColumn('discount_amount', 'bigint', (c) => c.notNull())
        .addColumn('final_amount', 'bigint', (c) => c.notNull())
        .addColumn('refunded_quantity', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('order_lines_pk', ['order_id', 'line_id'])
        .execute();

      // What paid each line: a coupon's share or a gift card's amount; refunds return these exactly.
      await db.schema
        .createTable('order_line_funds')
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('line_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('merchant_id', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('refunded_amount', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('order_line_funds_pk', ['order_id', 'line_id', 'source', 'source_id'])
        .execute();

      await db.schema
        .createTable('order_merchants')
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('merchant_id', 'text', (c) => c.notNull())
        .addColumn('in_transit_amount', 'bigint', (c) => c.notNull())
        .addColumn('receipt_confirmed_at', 'text')
        .addPrimaryKeyConstraint('order_merchants_pk', ['order_id', 'merchant_id'])
        .execute();

      await db.schema
        .createTable('order_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('order_events_order').on('order_events').columns(['order_id', 'at']).execute();
    },
  };
}
