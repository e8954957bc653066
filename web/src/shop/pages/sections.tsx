import { Upcoming } from '../../shared/components/upcoming.js';
import { useT } from '../i18n.js';
import type { ShopKey } from '../messages.js';

/**
 * The storefront's sections. Each shows what it will hold and which API fills it; none invents
 * data. When a domain lands, replace its `component` with the real page.
 */
export interface ShopSection {
  path: string;
  title: ShopKey;
  body: ShopKey;
  api: ShopKey;
}

export const SHOP_SECTIONS: readonly ShopSection[] = [
  { path: '/gift-cards', title: 'section.buy', body: 'section.buy_body', api: 'api.giftcards' },
  { path: '/coupons', title: 'section.coupons', body: 'section.coupons_body', api: 'api.coupons' },
  { path: '/wallet', title: 'section.wallet', body: 'section.wallet_body', api: 'api.giftcards' },
  { path: '/cart', title: 'section.cart', body: 'section.cart_body', api: 'api.checkout' },
  { path: '/orders', title: 'section.orders', body: 'section.orders_body', api: 'api.checkout' },
];

export function SectionPage({ section }: { section: ShopSection }) {
  const t = useT();
  return (
    <>
      <h1 tabIndex={-1}>{t(section.title)}</h1>
      <p className="muted">{t(section.body)}</p>
      <Upcoming api={t(section.api)} />
    </>
  );
}
