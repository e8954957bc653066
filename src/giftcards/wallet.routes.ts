import { Type } from 'typebox';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { IdParams, PageQuery, problems } from '../http/schemas.js';
import { BalanceAnswer, CodeInput, HistoryEntry, WalletCard } from './giftcards.schemas.js';
import { cardHistory } from './lookup.repo.js';
import { checkBalance, listWallet, redeemCode } from './wallet.repo.js';

/** The shopper's wallet, called by the storefront with the shopper's token. */
export function walletRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.post(
      '/wallet/cards',
      {
        config: { carriesSecrets: true },
        schema: {
          tags: ['gift cards'],
          summary: 'Redeem a gift card: bind the card behind a code to the shopper’s wallet',
          description: 'Wrong codes are throttled per shopper, IP and key (429 with Retry-After). Every refusal is `code_not_redeemable`.',
          body: CodeInput,
          response: { 200: WalletCard, ...problems(400, 422, 429) },
        },
      },
      async (request) => redeemCode(ctx, request.body.code, actorOf(request), ctx.clock.now()),
    );

    app.post(
      '/wallet/card-balance',
      {
        config: { carriesSecrets: true },
        schema: { tags: ['gift cards'], summary: 'The balance behind a code (throttled like redeeming)', body: CodeInput, response: { 200: BalanceAnswer, ...problems(400, 422, 429) } },
      },
      async (request) => checkBalance(ctx, request.body.code, actorOf(request), ctx.clock.now()),
    );

    app.get(
      '/wallet/cards/:id/history',
      {
        schema: {
          tags: ['gift cards'],
          summary: 'The history of a card in the shopper’s wallet, newest first',
          params: IdParams,
          querystring: PageQuery,
          response: { 200: Type.Object({ items: Type.Array(HistoryEntry), next_cursor: Type.Union([Type.String(), Type.Null()]) }), ...problems(400, 404) },
        },
      },
      async (request) => cardHistory(ctx.db, request.params.id, request.query, actorOf(request), ctx.clock.now()),
    );

    app.get(
      '/wallet/cards',
      { schema: { tags: ['gift cards'], summary: 'The shopper’s cards: balances, expiry, what expires soon', response: { 200: Type.Object({ items: Type.Array(WalletCard) }) } } },
      async (request) => listWallet(ctx.db, request.principal?.shopperId as string, ctx.clock.now(), ctx.config.giftcards.reminderDays),
    );
  };
}
