import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/** Checkout, second part: what a lock was asked for (idempotency by order id) and each refund. */
export function checkout2Migration(_ctx: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('orders').addColumn('request_hash', 'text').execute();
      await db.schema
        .createTable('order_refunds')
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
        .addColumn('refund_id', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('coupon_amount', 'bigint', (c) => c.notNull())
        .addColumn('lines', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('order_refunds_pk', ['order_id', 'refund_id'])
        .execute();
    },
  };
}
