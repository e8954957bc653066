import { Type } from 'typebox';
import { transaction } from '../db/database.js';
import { problem } from '../errors.js';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { Currency, Id, IdParams, PositiveMinor, problems, StringEnum, Timestamp } from '../http/schemas.js';
import { fileAdjustment } from './adjustments.js';
import { getAdjustment, listAdjustments } from './adjustments.repo.js';

const AdjustmentBody = Type.Object(
  {
    account_id: Id,
    direction: StringEnum(['credit', 'debit'] as const, { description: 'credit: the account’s balance grows; debit: it shrinks' }),
    amount: PositiveMinor,
    reason: Type.String({ minLength: 3, maxLength: 1000 }),
    evidence: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { minItems: 1, maxItems: 20, description: 'links, file names, ticket numbers' }),
    difference_id: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  },
  { additionalProperties: false },
);

const States = ['pending', 'approved', 'rejected', 'cancelled'] as const;

const Adjustment = Type.Object({
  id: Type.String(),
  approval_id: Type.String(),
  difference_id: Type.Union([Type.String(), Type.Null()]),
  account_id: Type.String(),
  direction: StringEnum(['credit', 'debit'] as const),
  amount: Type.Integer(),
  currency: Currency,
  reason: Type.String(),
  evidence: Type.Array(Type.String()),
  state: StringEnum(States),
  transfer_id: Type.Union([Type.String(), Type.Null()]),
  created_by: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

const AdjustmentQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    state: Type.Optional(StringEnum(States)),
  },
  { additionalProperties: false },
);

export function adjustmentRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.post(
      '/adjustments',
      {
        schema: {
          tags: ['settlement'],
          summary: 'File an adjustment (for a reconciliation difference or a manual case); it posts after two-stage approval',
          body: AdjustmentBody,
          response: { 201: Adjustment, ...problems(400, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const now = ctx.clock.now();
        const adjustment = await transaction(ctx.db, (tx) => fileAdjustment(tx, ctx.approvalKinds, request.body, actorOf(request), now));
        return reply.code(201).send(adjustment);
      },
    );

    app.get(
      '/adjustments',
      { schema: { tags: ['settlement'], summary: 'Adjustments, newest first', querystring: AdjustmentQuery, response: { 200: Type.Object({ items: Type.Array(Adjustment), next_cursor: Type.Union([Type.String(), Type.Null()]) }), ...problems(400) } } },
      async (request) => listAdjustments(ctx.db, request.query),
    );

    app.get(
      '/adjustments/:id',
      { schema: { tags: ['settlement'], summary: 'An adjustment', params: IdParams, response: { 200: Adjustment, ...problems(404) } } },
      async (request) => {
        const adjustment = await getAdjustment(ctx.db, request.params.id);
        if (!adjustment) throw problem('adjustment_not_found');
        return adjustment;
      },
    );
  };
}
