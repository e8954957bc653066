import { couponPayments } from '../coupons/checkout-api.js';
import { cardPayments } from '../giftcards/payments.js';
import type { CheckoutPorts } from './checkout-ports.js';

/** What pays for checkout orders besides the external payment: gift cards and coupons. */
export const PAYMENT_SOURCES: CheckoutPorts = { cards: cardPayments, coupons: couponPayments };
