import { Type } from 'typebox';
import { transaction } from '../db/database.js';
import { problem } from '../errors.js';
import type { App, AppContext } from '../http/context.js';
import { actorOf } from '../http/actor.js';
import { IdParams, problems } from '../http/schemas.js';
import { createEndpoint, DEFAULT_PREVIOUS_SECRET_S, deleteEndpoint, endpointView, rotateSecret, updateEndpoint } from './endpoints.js';
import { findEndpoint, listEndpoints } from './endpoints.repo.js';
import { Endpoint, EndpointChanges, EndpointInput, EndpointPage, EndpointQuery, EndpointWithSecret, RotateInput } from './webhooks.schemas.js';

/** Webhook endpoints: register, list, change, rotate the secret, delete. */
export function webhooksRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.post(
      '/webhooks',
      {
        config: { issuesSecret: true },
        schema: {
          tags: ['webhooks'],
          summary: 'Register a webhook endpoint; the answer carries its signing secret, shown this once',
          body: EndpointInput,
          response: { 201: EndpointWithSecret, ...problems(400, 409) },
        },
      },
      async (request, reply) => {
        const now = ctx.clock.now();
        const { endpoint, secret } = await transaction(ctx.db, (tx) => createEndpoint(tx, request.body, actorOf(request), now));
        return reply.code(201).send({ ...endpoint, secret });
      },
    );

    app.get(
      '/webhooks',
      { schema: { tags: ['webhooks'], summary: 'Webhook endpoints, newest first', querystring: EndpointQuery, response: { 200: EndpointPage, ...problems(400) } } },
      async (request) => {
        const page = await listEndpoints(ctx.db, request.query);
        return { items: page.items.map(endpointView), next_cursor: page.next_cursor };
      },
    );

    app.get(
      '/webhooks/:id',
      { schema: { tags: ['webhooks'], summary: 'A webhook endpoint (never its secret)', params: IdParams, response: { 200: Endpoint, ...problems(404) } } },
      async (request) => {
        const row = await findEndpoint(ctx.db, request.params.id);
        if (!row) throw problem('webhook_endpoint_not_found');
        return endpointView(row);
      },
    );

    app.patch(
      '/webhooks/:id',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Change the URL, description, event filter or enabled flag',
          description: 'A disabled endpoint receives nothing: events fanned out while it is disabled are not sent to it later.',
          params: IdParams,
          body: EndpointChanges,
          response: { 200: Endpoint, ...problems(400, 404) },
        },
      },
      async (request) => {
        const now = ctx.clock.now();
        return transaction(ctx.db, (tx) => updateEndpoint(tx, request.params.id, request.body, actorOf(request), now));
      },
    );

    app.post(
      '/webhooks/:id/rotate-secret',
      {
        config: { issuesSecret: true },
        schema: {
          tags: ['webhooks'],
          summary: 'Replace the signing secret; the new one is shown this once',
          description: 'For `previous_secret_valid_s` seconds (default one day) deliveries carry a second `v1` signature made with the old secret.',
          params: IdParams,
          body: RotateInput,
          response: { 200: EndpointWithSecret, ...problems(400, 404) },
        },
        // The body only carries options; a bare POST rotates with the defaults.
        preValidation: async (request) => {
          if (request.body === undefined || request.body === null) request.body = {};
        },
      },
      async (request) => {
        const now = ctx.clock.now();
        const validS = request.body.previous_secret_valid_s ?? DEFAULT_PREVIOUS_SECRET_S;
        const { endpoint, secret } = await transaction(ctx.db, (tx) => rotateSecret(tx, request.params.id, validS, actorOf(request), now));
        return { ...endpoint, secret };
      },
    );

    app.delete(
      '/webhooks/:id',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Delete an endpoint: nothing more is sent to it and its pending deliveries are cancelled',
          params: IdParams,
          response: { 204: Type.Null(), ...problems(404) },
        },
      },
      async (request, reply) => {
        const now = ctx.clock.now();
        await transaction(ctx.db, (tx) => deleteEndpoint(tx, request.params.id, actorOf(request), now));
        return reply.code(204).send(null);
      },
    );
  };
}
