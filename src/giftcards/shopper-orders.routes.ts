import { transaction } from '../db/database.js';
import { problem } from '../errors.js';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { IdParams, PageQuery, problems } from '../http/schemas.js';
import { Order, OrderPage, ShopperOrderInput } from './giftcards.schemas.js';
import { createOrder, findOrder, listOrders, orderView } from './orders.repo.js';
import { codeSecret } from './secret.repo.js';

/** The storefront's gift card orders: the buyer is always the shopper of the token. */
export function shopperOrderRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.post(
      '/shopper/giftcard-orders',
      { schema: { tags: ['gift cards'], summary: 'The shopper buys gift cards for themselves or for another shopper', body: ShopperOrderInput, response: { 201: Order, ...problems(400, 404, 409, 422) } } },
      async (request, reply) => {
        const shopperId = request.principal?.shopperId as string;
        const now = ctx.clock.now();
        const secret = await codeSecret(ctx);
        const input = { ...request.body, buyer: { kind: 'shopper' as const, shopper_id: shopperId }, payment_method: 'online' as const };
        const order = await transaction(ctx.db, (tx) => createOrder(tx, ctx.config.giftcards.profile, secret, input, actorOf(request), now));
        return reply.code(201).send(order);
      },
    );

    app.get(
      '/shopper/giftcard-orders',
      { schema: { tags: ['gift cards'], summary: 'The shopper’s own gift card orders, newest first (cards without their codes)', querystring: PageQuery, response: { 200: OrderPage, ...problems(400) } } },
      async (request) => listOrders(ctx.db, { ...request.query, buyer: request.principal?.shopperId as string }),
    );

    app.get(
      '/shopper/giftcard-orders/:id',
      { schema: { tags: ['gift cards'], summary: 'One of the shopper’s own gift card orders', params: IdParams, response: { 200: Order, ...problems(404) } } },
      async (request) => {
        const row = await findOrder(ctx.db, request.params.id);
        if (!request.principal?.shopperId || row?.buyer_shopper_id !== request.principal.shopperId) throw problem('giftcard_order_not_found');
        return orderView(ctx.db, row);
      },
    );
  };
}
