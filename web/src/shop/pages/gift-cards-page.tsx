import { useResource } from '../../shared/components/use-resource.js';
import { useFormat, useLanguage } from '../../shared/i18n/i18n.js';
import { useT } from '../i18n.js';
import { Link } from '../../shared/router.js';
import { shopApi } from '../shop-api.js';
import { useShopper } from '../shopper.js';
import { BuyGiftCardForm } from './buy-gift-card.js';
import { ShopLoadFailure } from './needs-shopper.js';

/** Gift cards for sale: each denomination with its sale price next to its face value, and a buy form. */
export function GiftCardsPage() {
  const t = useT();
  const format = useFormat();
  const { language } = useLanguage();
  const { shopper } = useShopper();
  // The catalogue answers a storefront call made for a shopper: asked again once one is chosen.
  const products = useResource((signal) => shopApi.products(signal), [shopper?.id]);
  const wallet = useResource((signal) => (shopper ? shopApi.walletCards(signal) : Promise.resolve({ items: [] })), [shopper?.id]);
  return (
    <>
      <h1 tabIndex={-1}>{t('section.buy')}</h1>
      <p className="muted">{t('section.buy_body')}</p>
      {shopper && wallet.state === 'ready' ? (
        <p className="muted" data-testid="wallet-count">
          {t('buycard.wallet_count', { count: wallet.data.items.length })} <Link to="/wallet">{t('buycard.to_wallet')} →</Link>
        </p>
      ) : null}
      {products.state === 'failed' ? <ShopLoadFailure error={products.error} api={t('api.giftcards')} onRetry={products.reload} /> : null}
      {products.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {products.state === 'ready' && products.data.items.length === 0 ? <p className="muted">{t('buy.none')}</p> : null}
      <ul className="shop-list">
        {(products.data?.items ?? []).map((p) => (
          <li key={p.id} className="shop-card">
            <h2 className="product__name">{p.name[language]}</h2>
            <ul className="denominations" aria-label={t('buy.denominations', { name: p.name[language] })}>
              {p.denominations.map((d) => (
                <li key={`${d.face}-${d.price}`} className="denomination" data-testid="denomination">
                  <span className="denomination__face">{format.money(d.face, p.currency)}</span>
                  {d.price < d.face ? (
                    <>
                      <span className="denomination__price">{t('buy.pay', { price: format.money(d.price, p.currency) })}</span>
                      <span className="badge badge--ok">{t('buy.save', { amount: format.money(d.face - d.price, p.currency) })}</span>
                    </>
                  ) : (
                    <span className="denomination__price">{t('buy.pay', { price: format.money(d.price, p.currency) })}</span>
                  )}
                </li>
              ))}
            </ul>
            <p className="muted">
              {p.validity.kind === 'months' ? t('buy.valid_months', { n: p.validity.months }) : p.validity.kind === 'fixed' ? t('buy.valid_until', { date: format.date(p.validity.until) }) : t('buy.no_expiry')}
              {' · '}
              {p.acceptance.kind === 'all' ? t('buy.all_merchants') : t('buy.some_merchants', { count: p.acceptance.merchant_ids.length })}
            </p>
            {p.form === 'digital' && p.denominations.length > 0 ? <BuyGiftCardForm product={p} onBought={wallet.reload} /> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
