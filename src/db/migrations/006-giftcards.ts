import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

export function giftcardsMigration({ seqColumn }: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('giftcard_products')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name_zh', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('form', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('denominations', 'text', (c) => c.notNull())
        .addColumn('custom_min', 'bigint')
        .addColumn('custom_max', 'bigint')
        .addColumn('custom_price_bp', 'integer')
        .addColumn('validity_kind', 'text', (c) => c.notNull())
        .addColumn('validity_months', 'integer')
        .addColumn('valid_until', 'text')
        .addColumn('reloadable', 'integer', (c) => c.notNull())
        .addColumn('named', 'integer', (c) => c.notNull())
        .addColumn('acceptance', 'text', (c) => c.notNull())
        .addColumn('accepted_merchants', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('giftcard_orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('buyer_kind', 'text', (c) => c.notNull())
        .addColumn('buyer_shopper_id', 'text')
        .addColumn('buyer_name', 'text')
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('face_total', 'bigint', (c) => c.notNull())
        .addColumn('price_total', 'bigint', (c) => c.notNull())
        .addColumn('payment_method', 'text', (c) => c.notNull())
        .addColumn('payment_reference', 'text')
        .addColumn('identity_name_masked', 'text')
        .addColumn('identity_id_type', 'text')
        .addColumn('identity_id_masked', 'text')
        .addColumn('identity_id_hash', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('paid_at', 'text')
        .addColumn('issued_at', 'text')
        .addColumn('cancelled_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('giftcard_orders_buyer').on('giftcard_orders').columns(['buyer_shopper_id', 'created_at']).execute();

      await db.schema
        .createTable('giftcard_order_lines')
        .addColumn('order_id', 'text', (c) => c.notNull().references('giftcard_orders.id'))
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('face', 'bigint', (c) => c.notNull())
        .addColumn('price', 'bigint', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('recipient_shopper_id', 'text')
        .addColumn('message', 'text')
        .addColumn('terms', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('giftcard_order_lines_pk', ['order_id', 'line_no'])
        .execute();

      await db.schema
        .createTable('giftcards')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('number_last4', 'text', (c) => c.notNull())
        .addColumn('code_hash', 'text', (c) => c.notNull().unique())
        .addColumn('code_last4', 'text', (c) => c.notNull())
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text')
        .addColumn('batch_id', 'text')
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('face', 'bigint', (c) => c.notNull())
        .addColumn('price', 'bigint', (c) => c.notNull())
        .addColumn('named', 'integer', (c) => c.notNull())
        .addColumn('reloadable', 'integer', (c) => c.notNull())
        .addColumn('max_balance', 'bigint')
        .addColumn('accepted_merchants', 'text', (c) => c.notNull())
        .addColumn('validity_kind', 'text', (c) => c.notNull())
        .addColumn('validity_months', 'integer')
        .addColumn('valid_until', 'text')
        .addColumn('expires_at', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('shopper_id', 'text')
        .addColumn('message', 'text')
        .addColumn('promotional', 'integer', (c) => c.notNull())
        .addColumn('reloaded_total', 'bigint', (c) => c.notNull())
        .addColumn('replaced_by', 'text')
        .addColumn('issued_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('giftcards_shopper').on('giftcards').columns(['shopper_id']).execute();
      await db.schema.createIndex('giftcards_order').on('giftcards').columns(['order_id']).execute();
      await db.schema.createIndex('giftcards_last4').on('giftcards').columns(['number_last4']).execute();
      await db.schema.createIndex('giftcards_code_last4').on('giftcards').columns(['code_last4']).execute();
      await db.schema.createIndex('giftcards_batch').on('giftcards').columns(['batch_id', 'number']).execute();
      await db.schema.createIndex('giftcards_expiry').on('giftcards').columns(['state', 'expires_at']).execute();

      await seqColumn(db.schema.createTable('giftcard_events'), 'seq')
        .addColumn('card_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('order_ref', 'text')
        .addColumn('merchant_id', 'text')
        .addColumn('amount', 'bigint')
        .addColumn('balance_after', 'bigint', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('giftcard_events_card').on('giftcard_events').columns(['card_id', 'seq']).execute();

      await db.schema
        .createTable('giftcard_redemptions')
        .addColumn('transfer_id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('card_id', 'text', (c) => c.notNull())
        .addColumn('merchant_id', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('refunded_amount', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('giftcard_redemptions_order').on('giftcard_redemptions').columns(['order_id']).execute();

      await db.schema
        .createTable('giftcard_reminders')
        .addColumn('card_id', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('days_before', 'integer', (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('giftcard_reminders_pk', ['card_id', 'expires_at', 'days_before'])
        .execute();

      await db.schema
        .createTable('giftcard_batches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('face', 'bigint', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('generated', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('seed_sealed', 'text')
        .addColumn('exported_at', 'text')
        .addColumn('approval_id', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
