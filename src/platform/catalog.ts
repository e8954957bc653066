import type { Db, Tx } from '../db/database.js';
import { problem } from '../errors.js';

/**
 * Merchants and categories as the platform syncs them. Other domains validate references
 * against them (a coupon scoped to an unknown shop is refused).
 */

export interface MerchantInput {
  id: string;
  name: string;
  status?: 'active' | 'suspended';
}

export interface CategoryInput {
  id: string;
  name_zh: string;
  name_en: string;
  parent_id?: string | null;
}

export async function upsertMerchant(tx: Tx, input: MerchantInput, now: Date): Promise<void> {
  const at = now.toISOString();
  await tx.q
    .insertInto('merchants')
    .values({ id: input.id, name: input.name, status: input.status ?? 'active', created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: input.name, status: input.status ?? 'active', updated_at: at }))
    .execute();
}

export async function upsertCategory(tx: Tx, input: CategoryInput, now: Date): Promise<void> {
  if (input.parent_id === input.id) throw problem('validation_failed', 'a category cannot be its own parent');
  await tx.q
    .insertInto('categories')
    .values({ id: input.id, name_zh: input.name_zh, name_en: input.name_en, parent_id: input.parent_id ?? null, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('id').doUpdateSet({ name_zh: input.name_zh, name_en: input.name_en, parent_id: input.parent_id ?? null }))
    .execute();
}

/** Throws unknown_merchant naming the first id that is not a known merchant. */
export async function assertMerchantsExist(db: Db | Tx, ids: readonly string[]): Promise<void> {
  const missing = await missingIds(db, 'merchants', ids);
  if (missing) throw problem('unknown_merchant', `no merchant ${missing}`);
}

/** Throws unknown_category naming the first id that is not a known category. */
export async function assertCategoriesExist(db: Db | Tx, ids: readonly string[]): Promise<void> {
  const missing = await missingIds(db, 'categories', ids);
  if (missing) throw problem('unknown_category', `no category ${missing}`);
}

async function missingIds(db: Db | Tx, table: 'merchants' | 'categories', ids: readonly string[]): Promise<string | undefined> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return undefined;
  const found = new Set<string>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db.q.selectFrom(table).select('id').where('id', 'in', unique.slice(i, i + 500)).execute();
    for (const row of rows) found.add(row.id);
  }
  return unique.find((id) => !found.has(id));
}

export async function listMerchants(db: Db, limit = 500) {
  return db.q.selectFrom('merchants').selectAll().orderBy('id').limit(limit).execute();
}

export async function listCategories(db: Db, limit = 1000) {
  return db.q.selectFrom('categories').selectAll().orderBy('id').limit(limit).execute();
}
