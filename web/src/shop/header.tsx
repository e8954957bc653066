import { useId } from 'react';
import { LanguageSwitch } from '../shared/components/language-switch.js';
import { Link } from '../shared/router.js';
import { useT } from './i18n.js';
import type { ShopKey } from './messages.js';
import { RedeemButton } from './redeem-dialog.js';
import { itemCount } from './cart/cart.js';
import { useCart } from './cart/cart-store.js';
import { useShopper } from './shopper.js';

export const SECTIONS: readonly { path: string; label: ShopKey }[] = [
  { path: '/', label: 'nav.home' },
  { path: '/coupons', label: 'nav.coupons' },
  { path: '/wallet', label: 'nav.wallet' },
  { path: '/cart', label: 'nav.cart' },
  { path: '/orders', label: 'nav.orders' },
];

/** Brand, the prominent "Redeem a gift card" entry, the demo shopper, language, and sections. */
export function ShopHeader() {
  const t = useT();
  const { cart } = useCart();
  const count = itemCount(cart);
  return (
    <header className="shop-header">
      <div className="shop-header__bar">
        <Link to="/" className="shop-brand">
          <span className="shop-brand__mark" aria-hidden="true">
            S
          </span>
          <span>
            {t('app.name')}
            <span className="shop-brand__demo">{t('app.demo')}</span>
          </span>
        </Link>
        <RedeemButton className="shop-header__redeem" />
      </div>
      <div className="shop-header__tools">
        <ShopperPicker />
        <LanguageSwitch compact />
      </div>
      <nav className="shop-nav" aria-label={t('nav.label')}>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.path}>
              <Link to={s.path} className="shop-nav__link">
                {t(s.label)}
                {s.path === '/cart' && count > 0 ? (
                  <span className="shop-nav__count" data-testid="cart-count">
                    <span aria-hidden="true">{count}</span>
                    <span className="visually-hidden">{t('cart.items', { count })}</span>
                  </span>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

function ShopperPicker() {
  const t = useT();
  const { directory, shopper, choose } = useShopper();
  const id = useId();
  const unavailable = directory.state !== 'ready';
  const options = directory.state === 'ready' ? directory.shoppers : [];
  return (
    <div className="shopper-picker">
      <label htmlFor={id} className="shopper-picker__label">
        {t('shopper.label')}
      </label>
      <select
        id={id}
        className="input select shopper-picker__select"
        value={shopper?.id ?? ''}
        disabled={unavailable}
        title={t('shopper.hint')}
        aria-describedby={`${id}-hint`}
        onChange={(e) => void choose(e.target.value || null)}
      >
        <option value="">{directory.state === 'unavailable' ? t('shopper.unavailable') : t('shopper.none')}</option>
        {options.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      <span id={`${id}-hint`} className="visually-hidden">
        {t('shopper.hint')}
      </span>
    </div>
  );
}
