import { problem } from '../errors.js';
import type { CheckoutPorts } from './checkout-ports.js';

/**
 * Ports for an installation without gift card and coupon payments: wallets and usable cards are
 * empty, so carts price and orders settle on external payment alone. Nothing can hold a coupon or
 * a card, so the money-moving functions are never reached; they refuse if they are.
 */
const unavailable = async (): Promise<never> => {
  throw problem('checkout_payments_unavailable');
};

export const NO_PAYMENTS: CheckoutPorts = {
  cards: { usableCards: async () => [], authorize: unavailable, capture: unavailable, release: unavailable, refund: unavailable },
  coupons: { walletForQuote: async () => [], lock: unavailable, pay: unavailable, release: unavailable, refund: unavailable, markReceived: unavailable },
};
