import { transaction } from '../db/database.js';
import { problem } from '../errors.js';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { IdParams, problems } from '../http/schemas.js';
import { type ApiKeyView, createApiKey } from './api-keys.js';
import { findApiKey, listApiKeys, revokeApiKey } from './api-keys.repo.js';
import { recordAudit } from './audit.js';
import { ApiKey, ApiKeyCreated, ApiKeyInput, ApiKeyPage, ApiKeyQuery } from './identity.schemas.js';

/** API keys: created by an admin (the secret is in that one response), listed, revoked. */

function withState(key: ApiKeyView, now: Date) {
  const state = key.revoked_at !== null ? 'revoked' : key.expires_at !== null && key.expires_at <= now.toISOString() ? 'expired' : 'active';
  return { ...key, state } as const;
}

export function apiKeyRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.post(
      '/api-keys',
      {
        config: { issuesSecret: true },
        schema: {
          tags: ['identity'],
          summary: 'Create an API key; the response holds the secret, shown this once',
          description: 'A retry with the same Idempotency-Key answers 409 `idempotency_secret_not_replayable`: the secret is never stored, so it cannot be shown again.',
          body: ApiKeyInput,
          response: { 201: ApiKeyCreated, ...problems(400) },
        },
      },
      async (request, reply) => {
        const now = ctx.clock.now();
        const actor = actorOf(request);
        const { name, role, merchant_id, expires_at } = request.body;
        const created = await transaction(ctx.db, async (tx) => {
          const made = await createApiKey(tx, { name, role, merchantId: merchant_id ?? null, expiresAt: expires_at ? new Date(expires_at) : null }, actor.principal.id, now);
          await recordAudit(tx, actor, { action: 'api_key.create', entityType: 'api_key', entityId: made.key.id, after: made.key }, now);
          return made;
        });
        return reply.code(201).header('cache-control', 'no-store').send({ ...withState(created.key, now), secret: created.secret });
      },
    );

    app.get(
      '/api-keys',
      {
        schema: {
          tags: ['identity'],
          summary: 'API keys, newest first (never the secret or its hash)',
          querystring: ApiKeyQuery,
          response: { 200: ApiKeyPage, ...problems(400) },
        },
      },
      async (request) => {
        const now = ctx.clock.now();
        const page = await listApiKeys(ctx.db, request.query, now);
        return { ...page, items: page.items.map((key) => withState(key, now)) };
      },
    );

    app.get(
      '/api-keys/:id',
      { schema: { tags: ['identity'], summary: 'One API key', params: IdParams, response: { 200: ApiKey, ...problems(404) } } },
      async (request) => {
        const key = await findApiKey(ctx.db, request.params.id);
        if (!key) throw problem('api_key_not_found');
        return withState(key, ctx.clock.now());
      },
    );

    app.post(
      '/api-keys/:id/revoke',
      {
        schema: {
          tags: ['identity'],
          summary: 'Revoke an API key at once (revoking it again changes nothing)',
          params: IdParams,
          response: { 200: ApiKey, ...problems(404) },
        },
      },
      async (request) => {
        const now = ctx.clock.now();
        const actor = actorOf(request);
        const revoked = await transaction(ctx.db, async (tx) => {
          const result = await revokeApiKey(tx, request.params.id, now);
          if (!result) throw problem('api_key_not_found');
          if (result.before) {
            await recordAudit(tx, actor, { action: 'api_key.revoke', entityType: 'api_key', entityId: result.after.id, before: result.before, after: result.after }, now);
          }
          return result.after;
        });
        return withState(revoked, now);
      },
    );
  };
}
