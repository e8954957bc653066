import { transaction } from '../db/database.js';
import { problem } from '../errors.js';
import type { App, AppContext } from '../http/context.js';
import { actorOf } from '../http/actor.js';
import { IdParams, problems } from '../http/schemas.js';
import { deliveryPage, getDeliveryView, replayDelivery } from './deliveries.js';
import { findAnyEndpoint } from './endpoints.repo.js';
import { Delivery, DeliveryPage, DeliveryQuery } from './webhooks.schemas.js';

/** The delivery log of each endpoint, one delivery with its attempts, and manual replay. */
export function webhookDeliveriesRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.get(
      '/webhooks/:id/deliveries',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'The delivery log of an endpoint, newest first, each delivery with its attempts',
          description: 'Also answers for a deleted endpoint, so its history stays readable.',
          params: IdParams,
          querystring: DeliveryQuery,
          response: { 200: DeliveryPage, ...problems(400, 404) },
        },
      },
      async (request) => {
        if (!(await findAnyEndpoint(ctx.db, request.params.id))) throw problem('webhook_endpoint_not_found');
        return deliveryPage(ctx.db, request.params.id, request.query);
      },
    );

    app.get(
      '/webhook-deliveries/:id',
      { schema: { tags: ['webhooks'], summary: 'A delivery and its attempts', params: IdParams, response: { 200: Delivery, ...problems(404) } } },
      async (request) => getDeliveryView(ctx.db, request.params.id),
    );

    app.post(
      '/webhook-deliveries/:id/replay',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Send a delivery again (delivered or failed alike), with a fresh round of attempts',
          description: 'The delivery is queued for the worker; the answer does not wait for the receiver.',
          params: IdParams,
          response: { 202: Delivery, ...problems(404, 409) },
        },
      },
      async (request, reply) => {
        const now = ctx.clock.now();
        await transaction(ctx.db, (tx) => replayDelivery(tx, request.params.id, actorOf(request), now));
        return reply.code(202).send(await getDeliveryView(ctx.db, request.params.id));
      },
    );
  };
}
