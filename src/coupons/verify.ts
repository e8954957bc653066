import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { activityFrozen, templateFrozen } from './accounts.js';

/**
 * Invariant 4 of the product brief, checked by `scrip verify`: a template's frozen money is its
 * stock plus what waiting requests have set aside; an activity's is its unissued coupons plus its
 * issued coupons that are unused (available or locked), each at the coupon's value.
 */

const PAGE = 500;

async function net(db: Db, ids: string[]): Promise<Map<string, { net: number; pendingOut: number }>> {
  const rows = ids.length === 0 ? [] : await db.q.selectFrom('ledger_accounts').select(['id', 'credits_posted', 'debits_posted', 'debits_pending']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { net: r.credits_posted - r.debits_posted, pendingOut: r.debits_pending }]));
}

export async function verifyTemplates(db: Db): Promise<string | null> {
  for (let after = ''; ; ) {
    const templates = await db.q.selectFrom('coupon_templates').select(['id', 'stock', 'value', 'state']).where('id', '>', after).where('state', '=', 'active').orderBy('id').limit(PAGE).execute();
    if (templates.length === 0) return null;
    const balances = await net(db, templates.map((t) => templateFrozen(t.id)));
    for (const t of templates) {
      const balance = balances.get(templateFrozen(t.id));
      const expected = t.stock * t.value;
      const actual = (balance?.net ?? 0) - (balance?.pendingOut ?? 0);
      if (actual !== expected) return `template ${t.id}: frozen ${actual} (less holds) ≠ stock ${t.stock} × value ${t.value}`;
    }
    after = templates.at(-1)?.id ?? after;
  }
}

export async function verifyActivities(db: Db): Promise<string | null> {
  for (let after = ''; ; ) {
    const activities = await db.q.selectFrom('coupon_activities').select('id').where('id', '>', after).where('published_at', 'is not', null).orderBy('id').limit(PAGE).execute();
    if (activities.length === 0) return null;
    const ids = activities.map((a) => a.id);
    const unissued = await db.q
      .selectFrom('coupon_activity_items as i')
      .innerJoin('coupon_templates as t', 't.id', 'i.template_id')
      .select(['i.activity_id', sql<number>`sum((i.quantity - i.issued - i.returned) * t.value)`.as('amount')])
      .where('i.activity_id', 'in', ids)
      .groupBy('i.activity_id')
      .execute();
    const unused = await db.q
      .selectFrom('coupons')
      .select(['activity_id', sql<number>`sum(value)`.as('amount')])
      .where('activity_id', 'in', ids)
      .where('state', 'in', ['available', 'locked'])
      .groupBy('activity_id')
      .execute();
    const balances = await net(db, ids.map(activityFrozen));
    for (const id of ids) {
      const expected = Number(unissued.find((r) => r.activity_id === id)?.amount ?? 0) + Number(unused.find((r) => r.activity_id === id)?.amount ?? 0);
      const actual = balances.get(activityFrozen(id))?.net ?? 0;
      if (actual !== expected) return `activity ${id}: frozen ${actual} ≠ unissued + unused coupons ${expected}`;
    }
    after = ids.at(-1) ?? after;
  }
}

/** The per-user limit and the pre-issued quantity hold: counted claims match coupons, never above. */
export async function verifyClaims(db: Db): Promise<string | null> {
  const over = await db.q
    .selectFrom('coupon_activity_items')
    .select(['id', 'issued', 'quantity'])
    .where((eb) => eb('issued', '>', eb.ref('quantity')))
    .limit(1)
    .executeTakeFirst();
  if (over) return `activity coupon ${over.id}: issued ${over.issued} > quantity ${over.quantity}`;
  for (let after = ''; ; ) {
    const page = await db.q
      .selectFrom('coupon_activity_items as i')
      .select(['i.id', 'i.issued', (eb) => eb.selectFrom('coupons as c').select(sql<number>`count(*)`.as('n')).whereRef('c.item_id', '=', 'i.id').as('coupons')])
      .where('i.id', '>', after)
      .orderBy('i.id')
      .limit(PAGE)
      .execute();
    if (page.length === 0) break;
    for (const row of page) if (Number(row.coupons) !== row.issued) return `activity coupon ${row.id}: issued ${row.issued} but ${row.coupons} coupons exist`;
    after = page.at(-1)?.id ?? after;
  }
  const overLimit = await db.q
    .selectFrom('coupon_claim_counts as c')
    .innerJoin('coupon_activity_items as i', 'i.id', 'c.item_id')
    .select(['c.item_id', 'c.shopper_id'])
    .where((eb) => eb('c.count', '>', eb.ref('i.per_user_limit')))
    .limit(1)
    .executeTakeFirst();
  return overLimit ? `shopper ${overLimit.shopper_id} is over the limit of activity coupon ${overLimit.item_id}` : null;
}
