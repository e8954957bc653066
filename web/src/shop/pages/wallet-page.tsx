import { useState } from 'react';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { useT } from '../i18n.js';
import { RedeemButton } from '../redeem-dialog.js';
import { COUPON_STATES, type CouponState, shopApi } from '../shop-api.js';
import { useShopper } from '../shopper.js';
import { CouponCard } from './coupon-card.js';
import { NeedsShopper, ShopLoadFailure } from './needs-shopper.js';

/** The wallet: gift cards with balances and expiry, coupons by state, what expires soon. */
export function WalletPage() {
  const t = useT();
  return (
    <>
      <h1 tabIndex={-1}>{t('section.wallet')}</h1>
      <NeedsShopper>
        <WalletCards />
        <WalletCoupons />
      </NeedsShopper>
    </>
  );
}

function WalletCards() {
  const t = useT();
  const format = useFormat();
  const { shopper } = useShopper();
  const cards = useResource((signal) => shopApi.walletCards(signal), [shopper?.id]);
  return (
    <section aria-labelledby="wallet-cards">
      <h2 id="wallet-cards" className="shop-subheading">
        {t('wallet.cards')}
      </h2>
      {cards.state === 'failed' ? <ShopLoadFailure error={cards.error} api={t('api.giftcards')} onRetry={cards.reload} /> : null}
      {cards.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {cards.state === 'ready' && cards.data.items.length === 0 ? (
        <div className="shop-card">
          <p>{t('wallet.no_cards')}</p>
          <RedeemButton />
        </div>
      ) : null}
      <ul className="shop-list">
        {(cards.data?.items ?? []).map((card) => (
          <li key={card.id} className="shop-card gift-card" data-testid="wallet-card">
            <span className="gift-card__number mono">•••• {card.last4}</span>
            <span className="gift-card__balance">{format.money(card.balance, card.currency)}</span>
            <span className="muted">
              {card.expires_at ? t('wallet.expires', { date: format.date(card.expires_at) }) : t('wallet.no_expiry')}
              {card.held > 0 ? ` · ${t('wallet.held', { amount: format.money(card.held, card.currency) })}` : ''}
            </span>
            {card.expires_soon ? <span className="badge badge--warn">{t('wallet.expires_soon')}</span> : null}
            {card.state !== 'active' ? <span className="badge">{card.state}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function WalletCoupons() {
  const t = useT();
  const { shopper } = useShopper();
  const [state, setState] = useState<CouponState>('available');
  const coupons = useResource((signal) => shopApi.coupons(state, signal), [state, shopper?.id]);
  return (
    <section aria-labelledby="wallet-coupons">
      <h2 id="wallet-coupons" className="shop-subheading">
        {t('wallet.coupons')}
      </h2>
      <fieldset className="chips">
        <legend className="visually-hidden">{t('wallet.coupon_state')}</legend>
        {COUPON_STATES.map((s) => (
          <button key={s} type="button" className={`chip${s === state ? ' chip--on' : ''}`} aria-pressed={s === state} onClick={() => setState(s)}>
            {t(`coupon.state.${s}`)}
          </button>
        ))}
      </fieldset>
      {coupons.state === 'failed' ? <ShopLoadFailure error={coupons.error} api={t('api.coupons')} onRetry={coupons.reload} /> : null}
      {coupons.state === 'ready' && coupons.data.items.length === 0 ? <p className="muted">{t('wallet.no_coupons')}</p> : null}
      <ul className="shop-list">
        {(coupons.data?.items ?? []).map((c) => (
          <li key={c.id}>
            <CouponCard coupon={c} />
          </li>
        ))}
      </ul>
    </section>
  );
}
