import { Type } from 'typebox';
import { transaction } from '../db/database.js';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { IdParams, problems } from '../http/schemas.js';
import { Product, ProductChanges, ProductInput, ProductQuery } from './giftcards.schemas.js';
import { createProduct, listProducts, requireProduct, updateProduct } from './products.repo.js';

const MAX_PRODUCTS = 500;

/** Card products (种类/面值): define, change prices, retire. */
export function productRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    const profile = ctx.config.giftcards.profile;
    app.post(
      '/giftcard-products',
      { schema: { tags: ['gift cards'], summary: 'Define a card product with its denominations and sale prices', body: ProductInput, response: { 201: Product, ...problems(400, 409, 422) } } },
      async (request, reply) => {
        const now = ctx.clock.now();
        const product = await transaction(ctx.db, (tx) => createProduct(tx, profile, request.body, actorOf(request), now));
        return reply.code(201).send(product);
      },
    );

    app.get(
      '/giftcard-products',
      { schema: { tags: ['gift cards'], summary: 'Card products', querystring: ProductQuery, response: { 200: Type.Object({ items: Type.Array(Product) }), ...problems(400) } } },
      async (request) => ({ items: await listProducts(ctx.db, request.query.status, MAX_PRODUCTS) }),
    );

    app.get(
      '/giftcard-products/:id',
      { schema: { tags: ['gift cards'], summary: 'A card product', params: IdParams, response: { 200: Product, ...problems(404) } } },
      async (request) => requireProduct(ctx.db, request.params.id),
    );

    app.patch(
      '/giftcard-products/:id',
      {
        schema: {
          tags: ['gift cards'],
          summary: 'Change names, denominations, prices, acceptance or status (cards already sold keep their terms)',
          params: IdParams,
          body: ProductChanges,
          response: { 200: Product, ...problems(400, 404, 422) },
        },
      },
      async (request) => {
        const now = ctx.clock.now();
        return transaction(ctx.db, (tx) => updateProduct(tx, profile, request.params.id, request.body, actorOf(request), now));
      },
    );
  };
}
