import { Readable } from 'node:stream';
import { Type } from 'typebox';
import { transaction } from '../db/database.js';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { csvAnswer, Id, IdParams, PositiveMinor, StringEnum, problems } from '../http/schemas.js';
import { MAX_BATCH_CARDS, exportBatchCodes, listBatches, readBatch, requestBatch } from './batches.repo.js';
import { MAX_PROMOTION_CARDS, requestPromotion } from './promotions.repo.js';

const Nullable = (schema: ReturnType<typeof Type.String>) => Type.Union([schema, Type.Null()]);
const BATCH_STATES = ['pending_approval', 'generating', 'ready', 'rejected'] as const;

/** A batch as readers see it: progress and who did what, never a code or the seed. */
const Batch = Type.Object({
  id: Type.String(),
  product_id: Type.String(),
  face: Type.Integer(),
  quantity: Type.Integer(),
  generated: Type.Integer({ description: 'cards made so far, of quantity' }),
  state: StringEnum(BATCH_STATES),
  exported_at: Nullable(Type.String({ description: 'when the one-time export was taken; null until then' })),
  exported_by: Nullable(Type.String({ description: 'actor id of whoever took the export' })),
  exported_by_name: Nullable(Type.String({ description: 'their display name: a staff username or an API key’s name' })),
  approval_id: Nullable(Type.String()),
  approval_state: Nullable(Type.String({ description: 'the approval request’s state (pending_first_review, pending_final_review, approved, rejected, cancelled)' })),
  created_by: Type.String(),
  created_by_name: Nullable(Type.String()),
  created_at: Type.String(),
});
const Approval = Type.Object({ id: Type.String(), kind: Type.String(), state: Type.String(), subject: Type.String() });

/** Value that needs approval before it exists: physical batches and promotional cards. */
export function issuanceRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.post(
      '/giftcard-batches',
      {
        schema: {
          tags: ['gift cards'],
          summary: 'Request a batch of physical cards (approval: operations, then finance; then generated in the background)',
          body: Type.Object({ product_id: Id, face: PositiveMinor, quantity: Type.Integer({ minimum: 1, maximum: MAX_BATCH_CARDS }) }, { additionalProperties: false }),
          response: { 201: Batch, ...problems(400, 404, 422) },
        },
      },
      async (request, reply) => {
        const now = ctx.clock.now();
        const batch = await transaction(ctx.db, (tx) => requestBatch(tx, ctx, request.body, actorOf(request), now));
        return reply.code(201).send(batch);
      },
    );

    app.get(
      '/giftcard-batches',
      {
        schema: {
          tags: ['gift cards'],
          summary: 'Batches of physical cards, newest first, with their progress (no codes)',
          querystring: Type.Object(
            {
              product_id: Type.Optional(Id),
              state: Type.Optional(StringEnum(BATCH_STATES)),
              exported: Type.Optional(Type.Boolean({ description: 'true: codes already exported; false: not yet' })),
              cursor: Type.Optional(Type.String({ maxLength: 512 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(Batch), next_cursor: Type.Union([Type.String(), Type.Null()]) }), ...problems(400) },
        },
      },
      async (request) => listBatches(ctx.db, request.query),
    );

    app.get(
      '/giftcard-batches/:id',
      { schema: { tags: ['gift cards'], summary: 'A batch and its generation progress', params: IdParams, response: { 200: Batch, ...problems(404) } } },
      async (request) => readBatch(ctx.db, request.params.id),
    );

    app.post(
      '/giftcard-batches/:id/export',
      {
        config: { issuesSecret: true },
        schema: { tags: ['gift cards'], summary: 'The one-time CSV export of a batch’s card numbers and codes (streamed; a second export is refused)', params: IdParams, response: { 200: csvAnswer('card_number,code'), ...problems(404, 409) } },
      },
      async (request, reply) => {
        const lines = await exportBatchCodes(ctx, request.params.id, actorOf(request), ctx.clock.now());
        return reply
          .type('text/csv; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="batch-${request.params.id}.csv"`)
          // A stream is sent as is (the 200 schema documents it; Fastify does not serialise streams).
          .send(Readable.from(lines) as unknown as string);
      },
    );

    app.post(
      '/giftcard-promotions',
      {
        schema: {
          tags: ['gift cards'],
          summary: 'Request promotional (free) cards for shoppers (approval: operations, then finance); issued into their wallets once approved',
          body: Type.Object(
            { product_id: Id, face: PositiveMinor, recipient_shopper_ids: Type.Array(Id, { minItems: 1, maxItems: MAX_PROMOTION_CARDS }), reason: Type.String({ minLength: 1, maxLength: 500 }) },
            { additionalProperties: false },
          ),
          response: { 201: Approval, ...problems(400, 404, 422) },
        },
      },
      async (request, reply) => {
        const now = ctx.clock.now();
        const approval = await transaction(ctx.db, (tx) => requestPromotion(tx, ctx, request.body, actorOf(request), now));
        return reply.code(201).send(approval);
      },
    );
  };
}
