import type { CardPayments, CouponPayments } from './ports.js';

/** The gift card and coupon implementations the checkout is built with (see checkoutModule). */
export interface CheckoutPorts {
  cards: CardPayments;
  coupons: CouponPayments;
}
