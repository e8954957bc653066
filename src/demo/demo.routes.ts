import { Type } from 'typebox';
import { PAYMENT_SOURCES } from '../checkout/payment-sources.js';
import { payOrder } from '../checkout/transitions.js';
import { transaction } from '../db/database.js';
import { problem } from '../errors.js';
import { PaidOrder } from '../giftcards/giftcards.schemas.js';
import { findOrder, payOrder as payGiftcardOrder } from '../giftcards/orders.repo.js';
import { codeSecret } from '../giftcards/secret.repo.js';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { Id, problems } from '../http/schemas.js';
import { resolveShopperSecret } from '../platform/shopper-secret.repo.js';
import { mintShopperToken } from '../platform/shopper-token.js';
import { findShopper } from '../platform/shoppers.repo.js';

const TOKEN_TTL_S = 3600;

const DemoShopper = Type.Object({
  id: Type.String(),
  display_name: Type.Union([Type.String(), Type.Null()]),
  region_code: Type.Union([Type.String(), Type.Null()]),
  tags: Type.Array(Type.String()),
  real_name_verified: Type.Boolean(),
});

/**
 * Demo mode only: the storefront's shopper picker. The platform owns shopper identity; here the
 * server mints the token the platform would. Nothing is registered unless DEMO is on.
 */
export function demoRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    if (!ctx.config.demo) return;
    app.get(
      '/shoppers',
      { schema: { tags: ['demo'], summary: 'Demo mode: shoppers to pick from', response: { 200: Type.Object({ items: Type.Array(DemoShopper) }) } } },
      async () => {
        const rows = await ctx.db.q.selectFrom('shoppers').select('id').orderBy('id').limit(50).execute();
        const items = [];
        for (const { id } of rows) {
          const shopper = await findShopper(ctx.db, id);
          if (shopper) items.push({ id, display_name: shopper.display_name, region_code: shopper.region_code, tags: shopper.tags, real_name_verified: shopper.real_name_verified });
        }
        return { items };
      },
    );
    app.post(
      '/shoppers/:id/token',
      {
        schema: {
          tags: ['demo'],
          summary: 'Demo mode: a shopper token, as the platform would mint it',
          params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }),
          response: { 200: Type.Object({ token: Type.String(), expires_in: Type.Integer() }), ...problems(404) },
        },
      },
      async (request, reply) => {
        if (!(await findShopper(ctx.db, request.params.id))) throw problem('shopper_not_found');
        const now = ctx.clock.now();
        const secret = await resolveShopperSecret(ctx.db, ctx.config.shopperTokenSecret, now);
        reply.header('cache-control', 'no-store');
        return { token: mintShopperToken(secret.value, { shopperId: request.params.id, ttlS: TOKEN_TTL_S }, now), expires_in: TOKEN_TTL_S };
      },
    );

    app.post(
      '/orders/:id/pay',
      {
        schema: {
          tags: ['demo'],
          summary: 'Demo mode: a simulated payment provider pays what is left on the shopper’s own locked order',
          description: 'In production the platform collects the money and calls POST /v1/orders/{id}/pay itself.',
          params: Type.Object({ id: Id }),
          response: { 200: Type.Object({ id: Type.String(), state: Type.String(), payment_reference: Type.Union([Type.String(), Type.Null()]) }), ...problems(404, 409, 422) },
        },
      },
      async (request) => {
        const shopperId = request.principal?.shopperId as string;
        // payOrder checks, inside its transaction, that the order is this shopper's.
        const order = await ctx.db.q.selectFrom('orders').select(['id', 'cash_amount']).where('id', '=', request.params.id).executeTakeFirst();
        if (!order) throw problem('order_not_found');
        const paid = await payOrder(
          ctx,
          PAYMENT_SOURCES,
          order.id,
          { payment_reference: `demo-pay-${order.id}`, amount: order.cash_amount },
          { shopperId },
          actorOf(request),
          ctx.clock.now(),
        );
        return { id: paid.id, state: paid.state, payment_reference: paid.payment_reference };
      },
    );

    app.post(
      '/giftcard-orders/:id/pay',
      {
        config: { issuesSecret: true },
        schema: {
          tags: ['demo'],
          summary: 'Demo mode: a simulated payment provider pays the shopper’s own gift card order (the cards are issued)',
          description: 'In production the platform collects the money and calls POST /v1/giftcard-orders/{id}/pay itself.',
          params: Type.Object({ id: Id }),
          response: { 200: PaidOrder, ...problems(404, 409, 422) },
        },
      },
      async (request) => {
        const shopperId = request.principal?.shopperId as string;
        const order = await findOrder(ctx.db, request.params.id);
        if (order?.buyer_shopper_id !== shopperId) throw problem('giftcard_order_not_found');
        const now = ctx.clock.now();
        const secret = await codeSecret(ctx);
        const paid = await transaction(ctx.db, (tx) => payGiftcardOrder(tx, secret, order.id, { payment_reference: `demo-pay-${order.id}` }, actorOf(request), now));
        // A card bought for someone else is already in their wallet: its code is theirs, not the buyer's.
        const issued_cards = paid.issued_cards.map((card) => {
          if (!card.owner_shopper_id || card.owner_shopper_id === shopperId) return card;
          const { code: _code, ...withoutCode } = card;
          return withoutCode;
        });
        return { ...paid, issued_cards };
      },
    );
  };
}
