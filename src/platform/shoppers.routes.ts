import { type Tx, transaction } from '../db/database.js';
import { problem } from '../errors.js';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { IdParams, problems } from '../http/schemas.js';
import { recordAudit } from './audit.js';
import { Shopper, ShopperBatchInput, ShopperBatchSynced, ShopperInput, ShopperSynced } from './identity.schemas.js';
import type { Actor } from './principal.js';
import { type SyncResult, findShopper, syncShopper } from './shoppers.repo.js';
import { normaliseShopper } from './shoppers.js';

/** Shopper attributes synced from the platform (it owns shopper identity), and the shopper's own view. */

async function auditSync(tx: Tx, actor: Actor, id: string, result: SyncResult, now: Date): Promise<void> {
  if (result.outcome !== 'created' && result.outcome !== 'updated') return;
  await recordAudit(tx, actor, { action: `shopper.sync.${result.outcome}`, entityType: 'shopper', entityId: id, before: result.before ?? undefined, after: result.after }, now);
}

export function shopperRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.put(
      '/shoppers/:id',
      {
        schema: {
          tags: ['identity'],
          summary: 'Store a shopper’s synced attributes (region, registration time, tags, real-name verified)',
          description: 'Replaces every attribute. With source_version, an older version than the stored one is ignored (`stale`).',
          params: IdParams,
          body: ShopperInput,
          response: { 200: ShopperSynced, 201: ShopperSynced, ...problems(400) },
        },
      },
      async (request, reply) => {
        const now = ctx.clock.now();
        const attributes = normaliseShopper(request.body);
        const actor = actorOf(request);
        const result = await transaction(ctx.db, async (tx) => {
          const synced = await syncShopper(tx, request.params.id, attributes, now);
          await auditSync(tx, actor, request.params.id, synced, now);
          return synced;
        });
        return reply.code(result.outcome === 'created' ? 201 : 200).send({ outcome: result.outcome, shopper: result.after });
      },
    );

    app.post(
      '/shoppers::batch',
      {
        schema: {
          tags: ['identity'],
          summary: 'Store up to 1000 shoppers’ attributes in one transaction',
          body: ShopperBatchInput,
          response: { 200: ShopperBatchSynced, ...problems(400) },
        },
      },
      async (request) => {
        const now = ctx.clock.now();
        const seen = new Set<string>();
        const items = request.body.shoppers.map(({ id, ...input }, index) => {
          if (seen.has(id)) throw problem('validation_failed', `body/shoppers/${index}/id: ${id} appears twice`);
          seen.add(id);
          return { id, attributes: normaliseShopper(input, `body/shoppers/${index}`) };
        });
        const actor = actorOf(request);
        const results = await transaction(ctx.db, async (tx) => {
          const out: { id: string; outcome: SyncResult['outcome'] }[] = [];
          for (const { id, attributes } of items) {
            const synced = await syncShopper(tx, id, attributes, now);
            await auditSync(tx, actor, id, synced, now);
            out.push({ id, outcome: synced.outcome });
          }
          return out;
        });
        return { results };
      },
    );

    app.get(
      '/shoppers/:id',
      { schema: { tags: ['identity'], summary: 'A shopper’s synced attributes', params: IdParams, response: { 200: Shopper, ...problems(404) } } },
      async (request) => {
        const shopper = await findShopper(ctx.db, request.params.id);
        if (!shopper) throw problem('shopper_not_found');
        return shopper;
      },
    );

    app.get(
      '/shopper',
      {
        schema: {
          tags: ['identity'],
          summary: 'The shopper named by X-Shopper-Token (storefront)',
          response: { 200: Shopper, ...problems(401, 404) },
        },
      },
      async (request) => {
        const shopperId = request.principal?.shopperId;
        if (!shopperId) throw problem('shopper_token_required');
        const shopper = await findShopper(ctx.db, shopperId);
        if (!shopper) throw problem('shopper_not_found', 'the platform has not synced this shopper yet');
        return shopper;
      },
    );
  };
}
