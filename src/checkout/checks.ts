import { sql } from 'kysely';
import type { Check } from '../verify.js';

/** `scrip verify` checks of the order tables against each other (the ledger is checked by the ledger). */
export const checkoutChecks: Check[] = [
  {
    name: 'checkout: each line is paid exactly by its funds',
    async run(db) {
      const { rows } = await sql<{ order_id: string; line_id: string; original_amount: number; funded: number }>`
        select l.order_id, l.line_id, l.original_amount, coalesce(f.funded, 0) as funded
        from order_lines l
        left join (select order_id, line_id, sum(amount) as funded from order_line_funds group by order_id, line_id) f
          on f.order_id = l.order_id and f.line_id = l.line_id
        where coalesce(f.funded, 0) <> l.original_amount
        limit 1`.execute(db.q);
      const row = rows[0];
      return row ? `order ${row.order_id} line ${row.line_id}: amount ${row.original_amount}, funds ${row.funded}` : null;
    },
  },
  {
    name: 'checkout: no fund refunded beyond what it paid',
    async run(db) {
      const row = await db.q
        .selectFrom('order_line_funds')
        .select(['order_id', 'line_id', 'source_id', 'amount', 'refunded_amount'])
        .where((eb) => eb.or([eb('refunded_amount', '<', 0), eb('refunded_amount', '>', eb.ref('amount'))]))
        .limit(1)
        .executeTakeFirst();
      return row ? `order ${row.order_id} line ${row.line_id} ${row.source_id}: refunded ${row.refunded_amount} of ${row.amount}` : null;
    },
  },
  {
    name: 'checkout: in-transit amounts of paid orders match their unrefunded funds',
    async run(db) {
      const { rows } = await sql<{ order_id: string; merchant_id: string; in_transit_amount: number; open: number }>`
        select m.order_id, m.merchant_id, m.in_transit_amount, coalesce(f.open, 0) as open
        from order_merchants m
        join orders o on o.id = m.order_id
        left join (select order_id, merchant_id, sum(amount - refunded_amount) as open from order_line_funds group by order_id, merchant_id) f
          on f.order_id = m.order_id and f.merchant_id = m.merchant_id
        where o.state in ('paid', 'refunded') and m.receipt_confirmed_at is null and m.in_transit_amount <> coalesce(f.open, 0)
        limit 1`.execute(db.q);
      const row = rows[0];
      return row ? `order ${row.order_id} merchant ${row.merchant_id}: in transit ${row.in_transit_amount}, unrefunded funds ${row.open}` : null;
    },
  },
];
