import { Button } from '../../shared/components/button.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useAction } from '../../shared/components/use-action.js';
import { usePagedList } from '../../shared/components/use-paged-list.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat, useLanguage } from '../../shared/i18n/i18n.js';
import { Link } from '../../shared/router.js';
import { merchantName } from '../cart/shelf.js';
import { useT } from '../i18n.js';
import { type OrderDetail, shopApi } from '../shop-api.js';
import { useShopper } from '../shopper.js';
import { NeedsShopper, ShopLoadFailure } from './needs-shopper.js';

/** The shopper's orders, newest first. */
export function OrdersPage() {
  const t = useT();
  return (
    <>
      <h1 tabIndex={-1}>{t('section.orders')}</h1>
      <NeedsShopper>
        <h2>{t('orders.shop_title')}</h2>
        <OrderList />
        <h2>{t('orders.cards_title')}</h2>
        <GiftCardOrderList />
      </NeedsShopper>
    </>
  );
}

function OrderList() {
  const t = useT();
  const format = useFormat();
  const { shopper } = useShopper();
  const list = usePagedList((cursor, signal) => shopApi.orders(cursor, signal), [shopper?.id]);
  if (list.error && list.items.length === 0) return <ShopLoadFailure error={list.error} api={t('api.checkout')} onRetry={list.reload} />;
  return (
    <>
      {!list.loading && list.items.length === 0 ? <p className="muted">{t('orders.none')}</p> : null}
      <ul className="shop-list">
        {list.items.map((o) => (
          <li key={o.id} className="shop-card order-row">
            <Link to={`/orders/${encodeURIComponent(o.id)}`}>{t('orders.of', { date: format.dateTime(o.created_at) })}</Link>
            <span className="badge">{t(orderStateKey(o.state))}</span>
            <span className="order-row__amount">{format.money(o.original_amount - o.discount_amount, o.currency)}</span>
          </li>
        ))}
      </ul>
      {!list.done && !list.loading ? <Button onClick={list.more}>{t('common.load_more')}</Button> : null}
    </>
  );
}

/** Gift cards the shopper bought, for themselves or for others; the codes are never shown here. */
function GiftCardOrderList() {
  const t = useT();
  const format = useFormat();
  const { shopper, directory } = useShopper();
  const list = usePagedList((cursor, signal) => shopApi.giftCardOrders(cursor, signal), [shopper?.id]);
  if (list.error && list.items.length === 0) return <ShopLoadFailure error={list.error} api={t('api.giftcards')} onRetry={list.reload} />;
  const nameOf = (id: string) => (directory.state === 'ready' ? directory.shoppers.find((s) => s.id === id)?.name : undefined) ?? id;
  return (
    <>
      {!list.loading && list.items.length === 0 ? <p className="muted">{t('orders.cards_none')}</p> : null}
      <ul className="shop-list" data-testid="giftcard-orders">
        {list.items.map((o) => (
          <li key={o.id} className="shop-card order-row">
            <span>{t('orders.cards_of', { date: format.dateTime(o.created_at) })}</span>
            <span className="badge">{t(giftOrderStateKey(o.state))}</span>
            <span className="order-row__amount">{t('orders.cards_paid', { price: format.money(o.price_total, o.currency) })}</span>
            <ul className="muted">
              {o.lines.map((line, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: an order's lines never reorder
                <li key={i}>
                  {t('orders.cards_line', { quantity: line.quantity, face: format.money(line.face, o.currency) })}
                  {line.recipient_shopper_id && line.recipient_shopper_id !== shopper?.id ? ` · ${t('orders.cards_for', { name: nameOf(line.recipient_shopper_id) })}` : null}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {!list.done && !list.loading ? <Button onClick={list.more}>{t('common.load_more')}</Button> : null}
    </>
  );
}

function giftOrderStateKey(state: string) {
  return (['created', 'issued', 'cancelled'].includes(state) ? `giftorder.state.${state}` : 'giftorder.state.other') as 'giftorder.state.issued';
}

function orderStateKey(state: string) {
  return (['locked', 'paid', 'cancelled', 'expired', 'refunded'].includes(state) ? `order.state.${state}` : 'order.state.other') as 'order.state.paid';
}

/** One order: lines by merchant, coupons and cards used, refunds; cancel before payment, confirm receipt per merchant. */
export function OrderPage({ id }: { id: string }) {
  const t = useT();
  const order = useResource((signal) => shopApi.order(id, signal), [id]);
  return (
    <>
      <p>
        <Link to="/orders">← {t('section.orders')}</Link>
      </p>
      <h1 tabIndex={-1}>{t('orders.title')}</h1>
      <NeedsShopper>
        {order.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
        {order.state === 'failed' ? <ShopLoadFailure error={order.error} api={t('api.checkout')} onRetry={order.reload} /> : null}
        {order.state === 'ready' ? <OrderView order={order.data} onChanged={order.reload} /> : null}
      </NeedsShopper>
    </>
  );
}

function OrderView({ order, onChanged }: { order: OrderDetail; onChanged(): void }) {
  const t = useT();
  const format = useFormat();
  const { language } = useLanguage();
  const money = (minor: number) => format.money(minor, order.currency);
  const cancel = useAction(() => shopApi.cancel(order.id));
  const receipt = useAction((merchantId: string) => shopApi.confirmReceipt(order.id, merchantId));
  return (
    <div className="stack">
      <p>
        <span className="badge" data-testid="order-state">
          {t(orderStateKey(order.state))}
        </span>{' '}
        <span className="muted">{format.dateTime(order.created_at)}</span>
      </p>
      {order.merchants.map((m) => (
        <section key={m.merchant_id} className="shop-card" aria-labelledby={`order-${m.merchant_id}`}>
          <h2 id={`order-${m.merchant_id}`}>{merchantName(m.merchant_id, language)}</h2>
          <ul className="plain-list">
            {order.lines
              .filter((l) => l.merchant_id === m.merchant_id)
              .map((l) => (
                <li key={l.line_id}>
                  {l.sku} × {l.quantity} · {money(l.final_amount)}
                  {l.refunded_quantity > 0 ? ` · ${t('orders.refunded_qty', { n: l.refunded_quantity })}` : ''}
                </li>
              ))}
          </ul>
          <p className="muted">{t('orders.merchant_total', { amount: money(m.final_amount) })}</p>
          {order.state === 'paid' && !m.receipt_confirmed_at ? (
            <Button busy={receipt.busy} onClick={() => void receipt.run(m.merchant_id).then((r) => r && onChanged())} aria-label={t('orders.confirm_named', { merchant: merchantName(m.merchant_id, language) })}>
              {t('orders.confirm')}
            </Button>
          ) : null}
          {m.receipt_confirmed_at ? <p className="muted">{t('orders.confirmed', { date: format.dateTime(m.receipt_confirmed_at) })}</p> : null}
        </section>
      ))}
      <dl className="checkout__sums">
        <dt>{t('checkout.original')}</dt>
        <dd>{money(order.original_amount)}</dd>
        <dt>{t('checkout.discount')}</dt>
        <dd>−{money(order.discount_amount)}</dd>
        <dt>{t('checkout.cards_pay')}</dt>
        <dd>−{money(order.card_amount)}</dd>
        <dt>{t('orders.paid_cash')}</dt>
        <dd>{money(order.cash_amount)}</dd>
        {order.refunded_amount > 0 ? (
          <>
            <dt>{t('orders.refunded')}</dt>
            <dd>{money(order.refunded_amount)}</dd>
          </>
        ) : null}
      </dl>
      {order.state === 'locked' ? (
        <Button variant="danger" busy={cancel.busy} onClick={() => void cancel.run().then((r) => r && onChanged())}>
          {t('orders.cancel')}
        </Button>
      ) : null}
      <ProblemAlert error={cancel.error ?? receipt.error} />
    </div>
  );
}
