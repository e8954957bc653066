import { Type } from 'typebox';
import { transaction } from '../db/database.js';
import { problem } from '../errors.js';
import type { App, AppContext } from '../http/context.js';
import { Currency, Id, PositiveMinor, problems } from '../http/schemas.js';
import { capturePartially, cardPayments } from './payments.js';

/**
 * Gift card holds for an order system that prices its own orders (Scrip's own checkout uses the
 * same functions inside its order transaction). A hold is the two-phase ledger transfer card →
 * merchant in transit: authorise, then capture or release; refunds go back to the same cards.
 * Hold ids live in their own namespace (`hold:{id}`) so they never meet Scrip's order ids.
 */

const holdOrderId = (id: string) => `hold:${id}`;

const MerchantAmounts = Type.Array(Type.Object({ merchant_id: Id, amount: PositiveMinor }, { additionalProperties: false }), { minItems: 1, maxItems: 50 });

const HoldInput = Type.Object(
  {
    id: Id,
    shopper_id: Id,
    currency: Currency,
    timeout_s: Type.Integer({ minimum: 10, maximum: 86_400, description: 'Seconds before the hold lapses by itself' }),
    cards: Type.Array(Type.Object({ card_id: Id, merchants: MerchantAmounts }, { additionalProperties: false }), { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);

const RefundInput = Type.Object(
  {
    refund_id: Id,
    parts: Type.Array(
      Type.Object(
        { card_id: Id, merchant_id: Id, amount: PositiveMinor, from: Type.Union([Type.Literal('in_transit'), Type.Literal('payable')]) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);

const PartialCapture = Type.Object(
  {
    lines: Type.Array(Type.Object({ card_id: Id, merchant_id: Id, amount: PositiveMinor }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 100,
      description: 'the amount to capture per card × merchant, at most what was held; lines not named are captured in full',
    }),
  },
  { additionalProperties: false },
);

const HoldLine = Type.Object({
  card_id: Type.String(),
  merchant_id: Type.String(),
  amount: Type.Integer(),
  refunded_amount: Type.Integer(),
  state: Type.String({ description: 'pending, posted or voided' }),
  transfer_id: Type.String(),
});
const Hold = Type.Object({ id: Type.String(), currency: Type.String(), lines: Type.Array(HoldLine) });
const HoldParams = Type.Object({ id: Id });

async function readHold(ctx: AppContext, id: string) {
  const rows = await ctx.db.q.selectFrom('giftcard_redemptions').selectAll().where('order_id', '=', holdOrderId(id)).orderBy('transfer_id').execute();
  if (rows.length === 0) throw problem('giftcard_hold_not_found', `no gift card hold ${id}`);
  return {
    id,
    currency: rows[0]?.currency ?? '',
    lines: rows.map((r) => ({ card_id: r.card_id, merchant_id: r.merchant_id, amount: r.amount, refunded_amount: r.refunded_amount, state: r.state, transfer_id: r.transfer_id })),
  };
}

export function holdRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.post(
      '/giftcard-holds',
      {
        schema: {
          tags: ['gift cards'],
          summary: 'Authorise (hold) amounts on a shopper’s gift cards for an external order',
          description: 'Each card pays the listed merchants (each must accept the card). All or nothing; retrying the same hold is harmless.',
          body: HoldInput,
          response: { 201: Hold, ...problems(400, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const input = request.body;
        const now = ctx.clock.now();
        await transaction(ctx.db, (tx) =>
          cardPayments.authorize(
            ctx,
            tx,
            {
              orderId: holdOrderId(input.id),
              shopperId: input.shopper_id,
              currency: input.currency,
              timeoutS: input.timeout_s,
              cards: input.cards.map((c) => ({ cardId: c.card_id, merchants: c.merchants.map((m) => ({ merchantId: m.merchant_id, amount: m.amount })) })),
            },
            now,
          ),
        );
        return reply.code(201).send(await readHold(ctx, input.id));
      },
    );

    app.get(
      '/giftcard-holds/:id',
      { schema: { tags: ['gift cards'], summary: 'A gift card hold and the state of each card × merchant line', params: HoldParams, response: { 200: Hold, ...problems(404) } } },
      async (request) => readHold(ctx, request.params.id),
    );

    for (const [action, summary] of [
      ['capture', 'Capture a hold: the held amounts are paid to the merchants (in transit)'],
      ['release', 'Release a hold: the held amounts return to the cards'],
    ] as const) {
      app.post(
        `/giftcard-holds/:id/${action}`,
        { schema: { tags: ['gift cards'], summary, params: HoldParams, response: { 200: Hold, ...problems(404, 409, 422) } } },
        async (request) => {
          await readHold(ctx, request.params.id);
          await transaction(ctx.db, (tx) => cardPayments[action](ctx, tx, holdOrderId(request.params.id), ctx.clock.now()));
          return readHold(ctx, request.params.id);
        },
      );
    }

    app.post(
      '/giftcard-holds/:id/partial-capture',
      {
        schema: {
          tags: ['gift cards'],
          summary: 'Capture less than was held: each named line posts its amount and the rest returns to the card',
          params: HoldParams,
          body: PartialCapture,
          response: { 200: Hold, ...problems(400, 404, 409, 422) },
        },
      },
      async (request) => {
        await readHold(ctx, request.params.id);
        const lines = request.body.lines.map((l) => ({ cardId: l.card_id, merchantId: l.merchant_id, amount: l.amount }));
        await transaction(ctx.db, (tx) => capturePartially(tx, holdOrderId(request.params.id), lines, ctx.clock.now()));
        return readHold(ctx, request.params.id);
      },
    );

    app.post(
      '/giftcard-holds/:id/refunds',
      {
        schema: {
          tags: ['gift cards'],
          summary: 'Refund captured amounts back to the cards they came from',
          description: 'Never more than a card paid a merchant; retrying the same refund id is harmless.',
          params: HoldParams,
          body: RefundInput,
          response: { 200: Hold, ...problems(400, 404, 422) },
        },
      },
      async (request) => {
        await readHold(ctx, request.params.id);
        const body = request.body;
        await transaction(ctx.db, (tx) =>
          cardPayments.refund(
            ctx,
            tx,
            {
              orderId: holdOrderId(request.params.id),
              refundId: body.refund_id,
              parts: body.parts.map((p) => ({ cardId: p.card_id, merchantId: p.merchant_id, amount: p.amount, from: p.from })),
            },
            ctx.clock.now(),
          ),
        );
        return readHold(ctx, request.params.id);
      },
    );
  };
}
