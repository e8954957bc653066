import { Type } from 'typebox';
import { transaction } from '../db/database.js';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { Id, problems, StringEnum } from '../http/schemas.js';
import { recordAudit } from './audit.js';
import { listCategories, listMerchants, upsertCategory, upsertMerchant } from './catalog.js';

const Merchant = Type.Object({ id: Type.String(), name: Type.String(), status: Type.String(), created_at: Type.String(), updated_at: Type.String() });
const MerchantInput = Type.Object(
  { id: Id, name: Type.String({ minLength: 1, maxLength: 200 }), status: Type.Optional(StringEnum(['active', 'suspended'] as const)) },
  { additionalProperties: false },
);
const Category = Type.Object({ id: Type.String(), name_zh: Type.String(), name_en: Type.String(), parent_id: Type.Union([Type.String(), Type.Null()]), created_at: Type.String() });
const CategoryInput = Type.Object(
  {
    id: Id,
    name_zh: Type.String({ minLength: 1, maxLength: 200 }),
    name_en: Type.String({ minLength: 1, maxLength: 200 }),
    parent_id: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false },
);

export function catalogRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.post(
      '/merchants',
      { schema: { tags: ['catalog'], summary: 'Create or update merchants (sync from the platform)', body: Type.Object({ merchants: Type.Array(MerchantInput, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }), response: { 200: Type.Object({ upserted: Type.Integer() }), ...problems(400) } } },
      async (request) => {
        const now = ctx.clock.now();
        const actor = actorOf(request);
        await transaction(ctx.db, async (tx) => {
          for (const merchant of request.body.merchants) {
            await upsertMerchant(tx, merchant, now);
            await recordAudit(tx, actor, { action: 'merchant.upsert', entityType: 'merchant', entityId: merchant.id, after: merchant }, now);
          }
        });
        return { upserted: request.body.merchants.length };
      },
    );
    app.get('/merchants', { schema: { tags: ['catalog'], summary: 'Merchants (up to 500)', response: { 200: Type.Object({ items: Type.Array(Merchant) }) } } }, async () => ({ items: await listMerchants(ctx.db) }));
    app.post(
      '/categories',
      { schema: { tags: ['catalog'], summary: 'Create or update categories', body: Type.Object({ categories: Type.Array(CategoryInput, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }), response: { 200: Type.Object({ upserted: Type.Integer() }), ...problems(400) } } },
      async (request) => {
        const now = ctx.clock.now();
        const actor = actorOf(request);
        await transaction(ctx.db, async (tx) => {
          for (const category of request.body.categories) {
            await upsertCategory(tx, category, now);
            await recordAudit(tx, actor, { action: 'category.upsert', entityType: 'category', entityId: category.id, after: category }, now);
          }
        });
        return { upserted: request.body.categories.length };
      },
    );
    app.get('/categories', { schema: { tags: ['catalog'], summary: 'Categories (up to 1000)', response: { 200: Type.Object({ items: Type.Array(Category) }) } } }, async () => ({ items: await listCategories(ctx.db) }));
  };
}
