import type { ShopKey } from '../messages.js';

/** The storefront's sections, for the navigation and the home page's tiles. */
export interface ShopSection {
  path: string;
  title: ShopKey;
  body: ShopKey;
}

export const SHOP_SECTIONS: readonly ShopSection[] = [
  { path: '/gift-cards', title: 'section.buy', body: 'section.buy_body' },
  { path: '/coupons', title: 'section.coupons', body: 'section.coupons_body' },
  { path: '/wallet', title: 'section.wallet', body: 'section.wallet_body' },
  { path: '/cart', title: 'section.cart', body: 'section.cart_body' },
  { path: '/orders', title: 'section.orders', body: 'section.orders_body' },
];
