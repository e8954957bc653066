import { Type } from 'typebox';
import { transaction } from '../db/database.js';
import { problem } from '../errors.js';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { Id, IdParams, StringEnum, problems } from '../http/schemas.js';
import { Order, OrderInput, OrderPage, PaidOrder, PayInput } from './giftcards.schemas.js';
import { cancelOrder, createOrder, findOrder, listOrders, orderView, payOrder } from './orders.repo.js';
import { codeSecret } from './secret.repo.js';

/** Gift card orders: create, confirm payment (issues the cards), cancel. */
export function orderRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.post(
      '/giftcard-orders',
      { schema: { tags: ['gift cards'], summary: 'Create a gift card order (compliance rules checked here)', body: OrderInput, response: { 201: Order, ...problems(400, 404, 409, 422) } } },
      async (request, reply) => {
        const now = ctx.clock.now();
        const secret = await codeSecret(ctx);
        const order = await transaction(ctx.db, (tx) => createOrder(tx, ctx.config.giftcards.profile, secret, request.body, actorOf(request), now));
        return reply.code(201).send(order);
      },
    );

    app.get(
      '/giftcard-orders',
      {
        schema: {
          tags: ['gift cards'],
          summary: 'Gift card orders, newest first',
          querystring: Type.Object(
            { state: Type.Optional(StringEnum(['created', 'paid', 'issued', 'cancelled'] as const)), buyer: Type.Optional(Id), cursor: Type.Optional(Type.String({ maxLength: 512 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
            { additionalProperties: false },
          ),
          response: { 200: OrderPage, ...problems(400) },
        },
      },
      async (request) => listOrders(ctx.db, request.query),
    );

    app.get(
      '/giftcard-orders/:id',
      { schema: { tags: ['gift cards'], summary: 'A gift card order with its cards', params: IdParams, response: { 200: Order, ...problems(404) } } },
      async (request) => {
        const row = await findOrder(ctx.db, request.params.id);
        if (!row) throw problem('giftcard_order_not_found');
        return orderView(ctx.db, row);
      },
    );

    app.post(
      '/giftcard-orders/:id/pay',
      {
        config: { issuesSecret: true },
        schema: {
          tags: ['gift cards'],
          summary: 'Confirm payment: the cards are issued; digital card codes are in this answer only',
          params: IdParams,
          body: PayInput,
          response: { 200: PaidOrder, ...problems(400, 404, 409, 422) },
        },
      },
      async (request) => {
        const now = ctx.clock.now();
        const secret = await codeSecret(ctx);
        return transaction(ctx.db, (tx) => payOrder(tx, secret, request.params.id, request.body, actorOf(request), now));
      },
    );

    app.post(
      '/giftcard-orders/:id/cancel',
      { schema: { tags: ['gift cards'], summary: 'Cancel an unpaid order', params: IdParams, response: { 200: Order, ...problems(404, 409) } } },
      async (request) => {
        const now = ctx.clock.now();
        return transaction(ctx.db, (tx) => cancelOrder(tx, request.params.id, actorOf(request), now));
      },
    );
  };
}
