import { api } from './shopper.js';

/**
 * What the storefront asks of the API. Calls whose API has not landed yet answer
 * `route_not_found`, which the screens show as "arrives with the … API".
 */

export interface RedeemedCard {
  card_number?: string;
  balance?: number;
  currency?: string;
}

/** Binds a gift card to the current shopper's wallet (align the path with the gift cards API when it lands). */
export function redeemCard(code: string): Promise<RedeemedCard> {
  return api.post<RedeemedCard>('/v1/wallet/cards', { code });
}
