import type { Db, Tx } from '../db/database.js';
import type { CouponTemplatesTable } from '../db/schema.js';
import { problem } from '../errors.js';

export type TemplateRow = CouponTemplatesTable;

export async function findTemplate(db: Db | Tx, id: string): Promise<TemplateRow | undefined> {
  return db.q.selectFrom('coupon_templates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function requireTemplate(db: Db | Tx, id: string): Promise<TemplateRow> {
  const row = await findTemplate(db, id);
  if (!row) throw problem('coupon_template_not_found');
  return row;
}

/** Takes quantity out of the template's stock, only if that much is there (one conditional UPDATE). */
export async function takeStock(tx: Tx, templateId: string, quantity: number, now: Date): Promise<boolean> {
  const result = await tx.q
    .updateTable('coupon_templates')
    .set((eb) => ({ stock: eb('stock', '-', quantity), updated_at: now.toISOString() }))
    .where('id', '=', templateId)
    .where('state', '=', 'active')
    .where('stock', '>=', quantity)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function giveBackStock(tx: Tx, templateId: string, quantity: number, now: Date): Promise<void> {
  if (quantity === 0) return;
  await tx.q
    .updateTable('coupon_templates')
    .set((eb) => ({ stock: eb('stock', '+', quantity), updated_at: now.toISOString() }))
    .where('id', '=', templateId)
    .execute();
}

export async function listTemplates(db: Db, filter: { budgetId?: string; merchantId?: string }, limit: number, afterId: string | undefined): Promise<TemplateRow[]> {
  return db.q
    .selectFrom('coupon_templates')
    .selectAll('coupon_templates')
    .$if(filter.budgetId !== undefined, (qb) => qb.where('budget_id', '=', filter.budgetId ?? ''))
    .$if(filter.merchantId !== undefined, (qb) =>
      qb.where('budget_id', 'in', (eb) => eb.selectFrom('coupon_budgets').select('id').where('merchant_id', '=', filter.merchantId ?? '')),
    )
    .$if(afterId !== undefined, (qb) => qb.where('id', '>', afterId ?? ''))
    .orderBy('id')
    .limit(limit)
    .execute();
}
