import { Button } from '../../shared/components/button.js';
import { useFormat, useLanguage } from '../../shared/i18n/i18n.js';
import { Link } from '../../shared/router.js';
import { useT } from '../i18n.js';
import { useShopper } from '../shopper.js';
import { CheckoutPanel } from './checkout-panel.js';
import { cartTotal, groupByMerchant, itemCount, lineTotal, MAX_QUANTITY } from './cart.js';
import { useCart } from './cart-store.js';
import { merchantName } from './shelf.js';

/** The cart across merchants: lines grouped by merchant with subtotals, quantities, the total. */
export function CartPage() {
  const t = useT();
  const format = useFormat();
  const { language } = useLanguage();
  const { cart, setQuantity, remove, clear } = useCart();
  const { shopper } = useShopper();
  const groups = groupByMerchant(cart);
  const currency = cart[0]?.currency ?? 'CNY';
  return (
    <>
      <h1 tabIndex={-1}>{t('section.cart')}</h1>
      {cart.length === 0 ? (
        <p className="muted">
          {t('cart.empty')} <Link to="/">{t('cart.go_shopping')}</Link>
        </p>
      ) : (
        <>
          <p className="muted" role="status">
            {t('cart.summary', { items: itemCount(cart), merchants: groups.length })}
          </p>
          {groups.map((group) => (
            <section key={group.merchantId} className="shop-card cart-group" aria-labelledby={`cart-${group.merchantId}`}>
              <h2 id={`cart-${group.merchantId}`}>{merchantName(group.merchantId, language)}</h2>
              <ul className="cart-lines">
                {group.lines.map((line) => {
                  const name = line.name[language];
                  return (
                    <li key={line.sku} className="cart-line">
                      <span className="cart-line__name">{name}</span>
                      <span className="cart-line__unit muted">{format.money(line.unitPrice, line.currency)}</span>
                      <span className="cart-line__qty">
                        <Button variant="ghost" aria-label={t('cart.less', { name })} onClick={() => setQuantity(line, line.quantity - 1)}>
                          −
                        </Button>
                        <input
                          className="input cart-line__input"
                          type="number"
                          inputMode="numeric"
                          min={1}
                          max={MAX_QUANTITY}
                          aria-label={t('cart.quantity_of', { name })}
                          value={line.quantity}
                          onChange={(e) => {
                            const n = Number.parseInt(e.target.value, 10);
                            if (Number.isInteger(n) && n > 0) setQuantity(line, n);
                          }}
                        />
                        <Button variant="ghost" aria-label={t('cart.more', { name })} disabled={line.quantity >= MAX_QUANTITY} onClick={() => setQuantity(line, line.quantity + 1)}>
                          +
                        </Button>
                      </span>
                      <span className="cart-line__total">{format.money(lineTotal(line), line.currency)}</span>
                      <Button variant="ghost" aria-label={t('cart.remove_named', { name })} onClick={() => remove(line)}>
                        {t('cart.remove')}
                      </Button>
                    </li>
                  );
                })}
              </ul>
              <p className="cart-group__subtotal">
                {t('cart.subtotal')}: <strong data-testid={`subtotal-${group.merchantId}`}>{format.money(group.subtotal, currency)}</strong>
              </p>
            </section>
          ))}
          <p className="cart-total">
            {t('cart.total')}: <strong data-testid="cart-total">{format.money(cartTotal(cart), currency)}</strong>
          </p>
          <div className="row">
            <Button onClick={clear}>{t('cart.clear')}</Button>
          </div>
          {shopper ? <CheckoutPanel /> : <p className="notice">{t('shopper.pick_first')}</p>}
        </>
      )}
    </>
  );
}
