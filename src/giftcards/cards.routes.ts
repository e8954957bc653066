import { Type } from 'typebox';
import { transaction } from '../db/database.js';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { IdParams, PageQuery, problems } from '../http/schemas.js';
import { freezeCard, reloadCard, replaceCard, returnCard, unfreezeCard } from './card-care.repo.js';
import { requestExtension, requestReactivation } from './expiry.repo.js';
import { Card, CardQuery, HistoryEntry, IssuedCard, Reason, ReloadInput } from './giftcards.schemas.js';
import { cardHistory, lookUpCard, searchCards } from './lookup.repo.js';
import { codeSecret } from './secret.repo.js';

const Approval = Type.Object({ id: Type.String(), kind: Type.String(), state: Type.String(), amount: Type.Union([Type.Integer(), Type.Null()]) });

/** Customer service and finance on single cards: look-up, history, freeze, replace, reload, return, reactivate. */
export function cardRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    const profile = ctx.config.giftcards.profile;

    app.get(
      '/giftcards',
      { schema: { tags: ['gift cards'], summary: 'Find cards by number, last four, owner or order (recorded in the audit log)', querystring: CardQuery, response: { 200: Type.Object({ items: Type.Array(Card) }), ...problems(400) } } },
      async (request) => searchCards(ctx.db, request.query, actorOf(request), ctx.clock.now()),
    );

    app.get(
      '/giftcards/:id',
      { schema: { tags: ['gift cards'], summary: 'A card (the look-up is recorded in the audit log)', params: IdParams, response: { 200: Card, ...problems(404) } } },
      async (request) => lookUpCard(ctx.db, request.params.id, actorOf(request), ctx.clock.now()),
    );

    app.get(
      '/giftcards/:id/history',
      {
        schema: {
          tags: ['gift cards'],
          summary: 'Every change of the card, newest first: who, when, channel, order, merchant, balance after',
          params: IdParams,
          querystring: PageQuery,
          response: { 200: Type.Object({ items: Type.Array(HistoryEntry), next_cursor: Type.Union([Type.String(), Type.Null()]) }), ...problems(400, 404) },
        },
      },
      async (request) => cardHistory(ctx.db, request.params.id, request.query, actorOf(request), ctx.clock.now()),
    );

    for (const [action, run] of [
      ['freeze', freezeCard],
      ['unfreeze', unfreezeCard],
    ] as const) {
      app.post(
        `/giftcards/:id/${action}`,
        { schema: { tags: ['gift cards'], summary: action === 'freeze' ? 'Freeze a card (a reason is required)' : 'Unfreeze a card', params: IdParams, body: Reason, response: { 200: Card, ...problems(400, 404, 409) } } },
        async (request) => {
          const now = ctx.clock.now();
          return transaction(ctx.db, (tx) => run(tx, request.params.id, request.body.reason, actorOf(request), now));
        },
      );
    }

    app.post(
      '/giftcards/:id/replace',
      {
        config: { issuesSecret: true },
        schema: { tags: ['gift cards'], summary: 'Report a named card lost: a new card takes its balance (its code is in this answer only); the old one is voided', params: IdParams, body: Reason, response: { 200: IssuedCard, ...problems(400, 404, 409, 422) } },
      },
      async (request) => {
        const now = ctx.clock.now();
        const secret = await codeSecret(ctx);
        return transaction(ctx.db, (tx) => replaceCard(tx, profile, secret, request.params.id, request.body.reason, actorOf(request), now));
      },
    );

    app.post(
      '/giftcards/:id/reload',
      { schema: { tags: ['gift cards'], summary: 'Top up a reloadable named card within the profile maximum (idempotent by payment reference)', params: IdParams, body: ReloadInput, response: { 200: Card, ...problems(400, 404, 409, 422) } } },
      async (request) => {
        const now = ctx.clock.now();
        return transaction(ctx.db, (tx) => reloadCard(tx, profile, request.params.id, request.body.amount, request.body.payment_reference, actorOf(request), now));
      },
    );

    app.post(
      '/giftcards/:id/return',
      {
        schema: {
          tags: ['gift cards'],
          summary: 'Return a card purchase per the profile: the unused balance refunded in proportion to the price paid; the card is voided',
          params: IdParams,
          body: Reason,
          response: { 200: Type.Object({ card: Card, refund_amount: Type.Integer(), discount_reversed: Type.Integer() }), ...problems(400, 404, 409, 422) },
        },
      },
      async (request) => {
        const now = ctx.clock.now();
        return transaction(ctx.db, (tx) => returnCard(tx, profile, request.params.id, request.body.reason, actorOf(request), now));
      },
    );

    app.post(
      '/giftcards/:id/extend',
      {
        schema: {
          tags: ['gift cards'],
          summary: 'Ask to extend a card’s validity (approval: operations, then finance)',
          params: IdParams,
          body: Type.Object({ days: Type.Integer({ minimum: 1, maximum: 3650 }), reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
          response: { 201: Approval, ...problems(400, 404, 409) },
        },
      },
      async (request, reply) => {
        const now = ctx.clock.now();
        const approval = await transaction(ctx.db, (tx) => requestExtension(tx, ctx, request.params.id, request.body.days, request.body.reason, actorOf(request), now));
        return reply.code(201).send(approval);
      },
    );

    app.post(
      '/giftcards/:id/reactivate',
      { schema: { tags: ['gift cards'], summary: 'Ask to reactivate an expired card (approval: operations, then finance); the balance comes back from breakage', params: IdParams, body: Reason, response: { 201: Approval, ...problems(400, 404, 409) } } },
      async (request, reply) => {
        const now = ctx.clock.now();
        const approval = await transaction(ctx.db, (tx) => requestReactivation(tx, ctx, request.params.id, request.body.reason, actorOf(request), now));
        return reply.code(201).send(approval);
      },
    );
  };
}
