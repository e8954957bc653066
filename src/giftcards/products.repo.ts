import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import type { GiftcardProductsTable } from '../db/schema.js';
import { problem } from '../errors.js';
import { uuidv7 } from '../ids.js';
import { assertMerchantsExist } from '../platform/catalog.js';
import { recordAudit } from '../platform/audit.js';
import type { Actor } from '../platform/principal.js';
import type { ComplianceProfile } from './profiles.js';
import { type CardTerms, type CustomRange, type Denomination, type Validity, assertDenominations, assertTermsAllowed } from './terms.js';

export interface ProductInput {
  id?: string;
  name: { 'zh-CN': string; en: string };
  category: string;
  form: 'digital' | 'physical';
  currency: string;
  denominations: Denomination[];
  custom_range?: CustomRange | null;
  validity: Validity;
  reloadable: boolean;
  named: boolean;
  acceptance: { kind: 'all' } | { kind: 'listed'; merchant_ids: string[] };
}

export interface ProductChanges {
  name?: { 'zh-CN': string; en: string };
  denominations?: Denomination[];
  custom_range?: CustomRange | null;
  acceptance?: ProductInput['acceptance'];
  status?: 'active' | 'retired';
}

export type ProductRow = Selectable<GiftcardProductsTable>;

export function productView(row: ProductRow) {
  const custom: CustomRange | null =
    row.custom_min !== null && row.custom_max !== null ? { min: row.custom_min, max: row.custom_max, price_bp: row.custom_price_bp ?? 10_000 } : null;
  return {
    id: row.id,
    name: { 'zh-CN': row.name_zh, en: row.name_en },
    category: row.category,
    form: row.form,
    currency: row.currency,
    denominations: JSON.parse(row.denominations) as Denomination[],
    custom_range: custom,
    validity: validityOf(row),
    reloadable: row.reloadable === 1,
    named: row.named === 1,
    acceptance: row.acceptance === 'all' ? { kind: 'all' as const } : { kind: 'listed' as const, merchant_ids: JSON.parse(row.accepted_merchants) as string[] },
    status: row.status,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
export type ProductView = ReturnType<typeof productView>;

function validityOf(row: ProductRow): Validity {
  if (row.validity_kind === 'months') return { kind: 'months', months: row.validity_months ?? 0 };
  if (row.validity_kind === 'fixed') return { kind: 'fixed', until: row.valid_until ?? '' };
  return { kind: 'none' };
}

export function termsOf(product: ProductView): CardTerms {
  return {
    currency: product.currency,
    named: product.named,
    reloadable: product.reloadable,
    validity: product.validity,
    accepted: product.acceptance.kind === 'all' ? 'all' : product.acceptance.merchant_ids,
  };
}

function largestFace(product: Pick<ProductView, 'denominations' | 'custom_range'>): number {
  return Math.max(0, ...product.denominations.map((d) => d.face), product.custom_range?.max ?? 0);
}

/** Throws unless the product's current terms are allowed by the profile (checked on every sale too). */
export function assertProductAllowed(profile: ComplianceProfile, product: ProductView, now: Date): void {
  assertDenominations(product.denominations, product.custom_range);
  assertTermsAllowed(profile, termsOf(product), largestFace(product), now);
}

export async function findProduct(db: Db | Tx, id: string): Promise<ProductView | undefined> {
  const row = await db.q.selectFrom('giftcard_products').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? productView(row) : undefined;
}

export async function requireProduct(db: Db | Tx, id: string): Promise<ProductView> {
  const product = await findProduct(db, id);
  if (!product) throw problem('giftcard_product_not_found');
  return product;
}

export async function createProduct(tx: Tx, profile: ComplianceProfile, input: ProductInput, actor: Actor, now: Date): Promise<ProductView> {
  const at = now.toISOString();
  const custom = input.custom_range ?? null;
  const merchants = input.acceptance.kind === 'listed' ? [...new Set(input.acceptance.merchant_ids)].sort() : [];
  if (input.acceptance.kind === 'listed' && merchants.length === 0) throw problem('giftcard_product_invalid', 'a listed acceptance names at least one merchant');
  await assertMerchantsExist(tx, merchants);
  const row: ProductRow = {
    id: input.id ?? uuidv7(),
    name_zh: input.name['zh-CN'],
    name_en: input.name.en,
    category: input.category,
    form: input.form,
    currency: input.currency,
    denominations: JSON.stringify([...input.denominations].sort((a, b) => a.face - b.face)),
    custom_min: custom?.min ?? null,
    custom_max: custom?.max ?? null,
    custom_price_bp: custom?.price_bp ?? null,
    validity_kind: input.validity.kind,
    validity_months: input.validity.kind === 'months' ? input.validity.months : null,
    valid_until: input.validity.kind === 'fixed' ? new Date(input.validity.until).toISOString() : null,
    reloadable: input.reloadable ? 1 : 0,
    named: input.named ? 1 : 0,
    acceptance: input.acceptance.kind,
    accepted_merchants: JSON.stringify(merchants),
    status: 'active',
    created_by: actor.principal.id,
    created_at: at,
    updated_at: at,
  };
  const view = productView(row);
  assertProductAllowed(profile, view, now);
  const inserted = await tx.q.insertInto('giftcard_products').values(row).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
  if (!inserted) throw problem('giftcard_product_invalid', `product ${row.id} exists`);
  await recordAudit(tx, actor, { action: 'giftcard_product.create', entityType: 'giftcard_product', entityId: row.id, after: view }, now);
  return view;
}

/** Changes prices, names, acceptance or status; cards already sold keep their own copy of the terms. */
export async function updateProduct(tx: Tx, profile: ComplianceProfile, id: string, changes: ProductChanges, actor: Actor, now: Date): Promise<ProductView> {
  const before = await requireProduct(tx, id);
  const next: ProductView = {
    ...before,
    ...(changes.name ? { name: changes.name } : {}),
    ...(changes.denominations ? { denominations: [...changes.denominations].sort((a, b) => a.face - b.face) } : {}),
    ...(changes.custom_range !== undefined ? { custom_range: changes.custom_range } : {}),
    ...(changes.acceptance ? { acceptance: changes.acceptance.kind === 'all' ? { kind: 'all' as const } : { kind: 'listed' as const, merchant_ids: [...new Set(changes.acceptance.merchant_ids)].sort() } } : {}),
    ...(changes.status ? { status: changes.status } : {}),
  };
  if (next.acceptance.kind === 'listed') {
    if (next.acceptance.merchant_ids.length === 0) throw problem('giftcard_product_invalid', 'a listed acceptance names at least one merchant');
    await assertMerchantsExist(tx, next.acceptance.merchant_ids);
  }
  assertProductAllowed(profile, next, now);
  await tx.q
    .updateTable('giftcard_products')
    .set({
      name_zh: next.name['zh-CN'],
      name_en: next.name.en,
      denominations: JSON.stringify(next.denominations),
      custom_min: next.custom_range?.min ?? null,
      custom_max: next.custom_range?.max ?? null,
      custom_price_bp: next.custom_range?.price_bp ?? null,
      acceptance: next.acceptance.kind,
      accepted_merchants: JSON.stringify(next.acceptance.kind === 'listed' ? next.acceptance.merchant_ids : []),
      status: next.status,
      updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
  const after = { ...next, updated_at: now.toISOString() };
  await recordAudit(tx, actor, { action: 'giftcard_product.update', entityType: 'giftcard_product', entityId: id, before, after }, now);
  return after;
}

export async function listProducts(db: Db, status: 'active' | 'retired' | undefined, limit: number): Promise<ProductView[]> {
  const rows = await db.q
    .selectFrom('giftcard_products')
    .selectAll()
    .$if(status !== undefined, (qb) => qb.where('status', '=', status ?? 'active'))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(productView);
}
