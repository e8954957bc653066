import { useEffect, useRef } from 'react';
import { Link, useRouter } from '../shared/router.js';
import { CartPage } from './cart/cart-page.js';
import { ShopHeader } from './header.js';
import { useT } from './i18n.js';
import { matchPath } from '../shared/route-match.js';
import { ClaimLinkPage, CouponCentrePage } from './pages/coupon-centre-page.js';
import { GiftCardsPage } from './pages/gift-cards-page.js';
import { Home } from './pages/home.js';
import { OrderPage, OrdersPage } from './pages/orders-page.js';
import { WalletPage } from './pages/wallet-page.js';

export function ShopApp() {
  const t = useT();
  const { path } = useRouter();
  const first = useRef(true);
  // After navigating, move focus to the new page's title so screen readers announce it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each change of path
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [path]);
  const order = matchPath('/orders/:id', path);
  const link = matchPath('/claim/:token', path);
  const page =
    path === '/' ? (
      <Home />
    ) : path === '/cart' ? (
      <CartPage />
    ) : path === '/wallet' ? (
      <WalletPage />
    ) : path === '/coupons' ? (
      <CouponCentrePage />
    ) : path === '/gift-cards' ? (
      <GiftCardsPage />
    ) : path === '/orders' ? (
      <OrdersPage />
    ) : order?.id ? (
      <OrderPage key={order.id} id={order.id} />
    ) : link?.token ? (
      <ClaimLinkPage token={link.token} />
    ) : null;
  return (
    <div className="shop">
      <a className="skip-link" href="#main">
        {t('common.skip_to_content')}
      </a>
      <ShopHeader />
      <main id="main" className="shop-main" tabIndex={-1}>
        {page ?? (
          <>
            <h1 tabIndex={-1}>{t('notfound.title')}</h1>
            <Link to="/">{t('notfound.home')}</Link>
          </>
        )}
      </main>
    </div>
  );
}
