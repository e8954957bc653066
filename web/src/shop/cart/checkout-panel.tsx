import { useMemo, useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { CheckboxField } from '../../shared/components/fields.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useAction } from '../../shared/components/use-action.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat, useLanguage } from '../../shared/i18n/i18n.js';
import { useRouter } from '../../shared/router.js';
import { useT } from '../i18n.js';
import { ShopLoadFailure } from '../pages/needs-shopper.js';
import { type CartRequest, shopApi } from '../shop-api.js';
import { useShopper } from '../shopper.js';
import type { Cart } from './cart.js';
import { useCart } from './cart-store.js';
import { merchantName } from './shelf.js';

/** The cart as the checkout sees it: one line per merchant and item. */
export function cartRequest(cart: Cart, couponIds: string[] | undefined, cardIds: string[]): CartRequest {
  return {
    currency: cart[0]?.currency ?? 'CNY',
    lines: cart.map((l) => ({ line_id: `${l.merchantId}.${l.sku}`, sku: l.sku, merchant_id: l.merchantId, category_id: l.categoryId, unit_price: l.unitPrice, quantity: l.quantity })),
    ...(couponIds ? { coupon_ids: couponIds } : {}),
    ...(cardIds.length ? { card_ids: cardIds } : {}),
  };
}

/**
 * Checkout: the API picks the best coupons (or the shopper's choice), says why the others do not
 * apply and what spending more would save, applies the chosen gift cards, then locks and pays.
 */
export function CheckoutPanel() {
  const t = useT();
  const format = useFormat();
  const { language } = useLanguage();
  const { shopper } = useShopper();
  const { cart, clear } = useCart();
  const { navigate } = useRouter();
  const [chosen, setChosen] = useState<string[] | undefined>(undefined);
  const [cards, setCards] = useState<string[]>([]);
  const request = useMemo(() => cartRequest(cart, chosen, cards), [cart, chosen, cards]);
  const quote = useResource((signal) => shopApi.quote(request, signal), [JSON.stringify(request), shopper?.id]);
  const wallet = useResource((signal) => shopApi.walletCards(signal), [shopper?.id]);
  const place = useAction(async () => {
    if (quote.state !== 'ready') return null;
    const q = quote.data;
    const order = await shopApi.lock(crypto.randomUUID(), request, { original_amount: q.original_amount, discount_amount: q.discount_amount, card_amount: q.card_amount, left_to_pay: q.left_to_pay });
    if (order.cash_amount === 0) await shopApi.payCovered(order.id);
    else await shopApi.paySimulated(order.id);
    clear();
    navigate(`/orders/${encodeURIComponent(order.id)}`);
    return order;
  });
  if (quote.state === 'failed') return <ShopLoadFailure error={quote.error} api={t('api.checkout')} onRetry={quote.reload} />;
  if (quote.state === 'loading' && !quote.data) return <p role="status">{t('checkout.pricing')}</p>;
  const q = quote.data;
  if (!q) return null;
  const money = (minor: number) => format.money(minor, q.currency);
  const applied = q.coupons.filter((c) => c.applied).map((c) => c.coupon_id);
  const toggle = (id: string, on: boolean) => setChosen((old) => (on ? [...(old ?? applied), id] : (old ?? applied).filter((x) => x !== id)));
  return (
    <section className="shop-card checkout" aria-labelledby="checkout-title">
      <h2 id="checkout-title">{t('checkout.title')}</h2>
      <fieldset className="checkout__coupons">
        <legend>{t(chosen === undefined ? 'checkout.best_coupons' : 'checkout.your_coupons')}</legend>
        {q.coupons.length === 0 ? <p className="muted">{t('checkout.no_coupons')}</p> : null}
        {q.coupons.map((c) => (
          <div key={c.coupon_id} className="checkout__coupon">
            <CheckboxField
              label={`${c.name[language]}${c.usable ? ` (−${money(c.discount_alone)})` : ''}`}
              checked={c.applied}
              disabled={!c.usable}
              onChange={(e) => toggle(c.coupon_id, e.target.checked)}
              hint={c.reason ? c.reason[language] : undefined}
            />
          </div>
        ))}
        {chosen !== undefined ? (
          <Button variant="ghost" onClick={() => setChosen(undefined)}>
            {t('checkout.use_best')}
          </Button>
        ) : null}
      </fieldset>
      {q.hints.map((h) => (
        <p key={h.coupon_id} className="checkout__hint" data-testid="spend-more">
          {t('checkout.spend_more', { more: money(h.spend_more), save: money(h.save) })}
        </p>
      ))}
      {wallet.state === 'ready' && wallet.data.items.length ? (
        <fieldset className="checkout__cards">
          <legend>{t('checkout.gift_cards')}</legend>
          {wallet.data.items.map((card) => (
            <CheckboxField
              key={card.id}
              label={t('checkout.card', { last4: card.last4, balance: money(card.balance) })}
              checked={cards.includes(card.id)}
              onChange={(e) => setCards((old) => (e.target.checked ? [...old, card.id] : old.filter((x) => x !== card.id)))}
            />
          ))}
        </fieldset>
      ) : null}
      <dl className="checkout__sums">
        <dt>{t('checkout.original')}</dt>
        <dd>{money(q.original_amount)}</dd>
        <dt>{t('checkout.discount')}</dt>
        <dd data-testid="checkout-discount">−{money(q.discount_amount)}</dd>
        <dt>{t('checkout.cards_pay')}</dt>
        <dd data-testid="checkout-cards">−{money(q.card_amount)}</dd>
        <dt className="checkout__due">{t('checkout.left_to_pay')}</dt>
        <dd className="checkout__due" data-testid="checkout-left">
          {money(q.left_to_pay)}
        </dd>
      </dl>
      {q.merchants.length > 1 ? (
        <ul className="plain-list muted">
          {q.merchants.map((m) => (
            <li key={m.merchant_id}>{t('checkout.merchant_line', { merchant: merchantName(m.merchant_id, language), amount: money(m.final_amount) })}</li>
          ))}
        </ul>
      ) : null}
      <Button variant="primary" busy={place.busy} onClick={() => void place.run()}>
        {q.left_to_pay > 0 ? t('checkout.place_and_pay', { amount: money(q.left_to_pay) }) : t('checkout.place')}
      </Button>
      <p className="muted">{t('checkout.simulated')}</p>
      <ProblemAlert error={place.error} />
    </section>
  );
}
