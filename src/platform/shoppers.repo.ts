import type { Db, Tx } from '../db/database.js';
import { type ShopperAttributes, type ShopperView, isStale, sameAttributes } from './shoppers.js';

/** Storage of synced shopper attributes; tags also as rows, so audiences can select by tag. */

export type SyncOutcome = 'created' | 'updated' | 'unchanged' | 'stale';

type Stored = {
  id: string;
  display_name: string | null;
  region_code: string | null;
  registered_at: string;
  real_name_verified: number;
  tags: string;
  source_version: number | null;
  created_at: string;
  updated_at: string;
};

function toView(row: Stored): ShopperView {
  return { ...row, real_name_verified: row.real_name_verified === 1, tags: JSON.parse(row.tags) as string[] };
}

export async function findShopper(db: Db | Tx, id: string): Promise<ShopperView | null> {
  const row = await db.q.selectFrom('shoppers').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toView(row) : null;
}

function columns(attributes: ShopperAttributes, at: string) {
  return {
    display_name: attributes.display_name,
    region_code: attributes.region_code,
    registered_at: attributes.registered_at,
    real_name_verified: attributes.real_name_verified ? 1 : 0,
    tags: JSON.stringify(attributes.tags),
    source_version: attributes.source_version,
    updated_at: at,
  };
}

async function replaceTags(tx: Tx, id: string, tags: readonly string[]): Promise<void> {
  await tx.q.deleteFrom('shopper_tags').where('shopper_id', '=', id).execute();
  if (tags.length > 0) await tx.q.insertInto('shopper_tags').values(tags.map((tag) => ({ tag, shopper_id: id }))).execute();
}

export interface SyncResult {
  outcome: SyncOutcome;
  before: ShopperView | null;
  after: ShopperView;
}

/** Creates or replaces one shopper's attributes (the row is locked on PostgreSQL while deciding). */
export async function syncShopper(tx: Tx, id: string, attributes: ShopperAttributes, now: Date): Promise<SyncResult> {
  const at = now.toISOString();
  const inserted = await tx.q
    .insertInto('shoppers')
    .values({ id, ...columns(attributes, at), created_at: at })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) {
    await replaceTags(tx, id, attributes.tags);
    return { outcome: 'created', before: null, after: { id, ...attributes, created_at: at, updated_at: at } };
  }
  const row = await tx.q
    .selectFrom('shoppers')
    .selectAll()
    .where('id', '=', id)
    .$if(tx.dialect === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirstOrThrow();
  const before = toView(row);
  if (isStale(before.source_version, attributes.source_version)) return { outcome: 'stale', before, after: before };
  const merged = { ...attributes, source_version: attributes.source_version ?? before.source_version };
  if (sameAttributes(before, merged)) return { outcome: 'unchanged', before, after: before };
  await tx.q.updateTable('shoppers').set(columns(merged, at)).where('id', '=', id).execute();
  if (before.tags.join('\n') !== merged.tags.join('\n')) await replaceTags(tx, id, merged.tags);
  return { outcome: 'updated', before, after: { id, ...merged, created_at: before.created_at, updated_at: at } };
}
