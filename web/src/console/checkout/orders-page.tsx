import { useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { SelectField, TextField } from '../../shared/components/fields.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useAction } from '../../shared/components/use-action.js';
import { usePagedList } from '../../shared/components/use-paged-list.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { Link } from '../../shared/router.js';
import { LoadFailure } from '../components/api-pending.js';
import { StateBadge } from '../components/state-badge.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { useSession } from '../session.js';
import { ORDER_STATES, type OrderDetail, ordersApi, refundable } from './orders-api.js';
import { CardSection } from '../components/card-section.js';
import { DataTable } from '../components/data-table.js';

const TONE: Record<string, 'ok' | 'warn' | 'danger' | 'plain'> = { paid: 'ok', locked: 'warn', refunded: 'plain', cancelled: 'plain', expired: 'plain' };
const CARE = ['admin', 'customer_service'];

function OrderState({ state }: { state: string }) {
  const t = useT();
  return <StateBadge tone={TONE[state] ?? 'plain'}>{(ORDER_STATES as readonly string[]).includes(state) ? t(`shoporder.state.${state as (typeof ORDER_STATES)[number]}`) : state}</StateBadge>;
}

/** Shop orders (checkout): by state and shopper; each with its money, coupons, cards, refunds and ledger transfers. */
export function ShopOrdersPage() {
  const t = useT();
  const format = useFormat();
  const [filters, setFilters] = useState({ state: '', shopper: '' });
  const list = usePagedList((cursor, signal) => ordersApi.list(filters, cursor, signal), [filters.state, filters.shopper]);
  if (list.error && list.items.length === 0 && !filters.state && !filters.shopper) {
    return (
      <>
        <PageHeader title={t('nav.shop_orders')} />
        <LoadFailure error={list.error} api={t('api.checkout')} onRetry={list.reload} />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('nav.shop_orders')} intro={t('shoporders.intro')} />
      <section className="card" aria-labelledby="shoporders-list">
        <h2 id="shoporders-list" className="visually-hidden">
          {t('nav.shop_orders')}
        </h2>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <SelectField
            label={t('common.state')}
            value={filters.state}
            onChange={(e) => setFilters((f) => ({ ...f, state: e.target.value }))}
            options={[{ value: '', label: t('common.all') }, ...ORDER_STATES.map((s) => ({ value: s, label: t(`shoporder.state.${s}`) }))]}
          />
          <TextField label={t('shoporders.shopper')} value={filters.shopper} onChange={(e) => setFilters((f) => ({ ...f, shopper: e.target.value }))} />
        </form>
        <DataTable
          labelledBy="shoporders-list"
          columns={[
            t('common.created'),
            t('shoporders.shopper'),
            { label: t('shoporders.goods'), num: true },
            { label: t('shoporders.coupons'), num: true },
            { label: t('shoporders.cards'), num: true },
            { label: t('shoporders.cash'), num: true },
            t('common.state'),
          ]}
          list={list}
          empty={t('shoporders.none')}
        >
          {(o) => (
            <tr key={o.id}>
              <td className="nowrap">
                <Link to={`/shop-orders/${encodeURIComponent(o.id)}`}>{format.dateTime(o.created_at)}</Link>
              </td>
              <td>{o.shopper_id}</td>
              <td className="num">{format.money(o.original_amount, o.currency)}</td>
              <td className="num">{format.money(o.discount_amount, o.currency)}</td>
              <td className="num">{format.money(o.card_amount, o.currency)}</td>
              <td className="num">{format.money(o.cash_amount, o.currency)}</td>
              <td>
                <OrderState state={o.state} />
              </td>
            </tr>
          )}
        </DataTable>
      </section>
    </>
  );
}

export function ShopOrderPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const t = useT();
  const order = useResource((signal) => ordersApi.get(id, signal), [id]);
  return (
    <>
      <PageHeader title={t('shoporders.order')} back={<Link to="/shop-orders">← {t('nav.shop_orders')}</Link>} />
      {order.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {order.state === 'failed' ? <LoadFailure error={order.error} api={t('api.checkout')} onRetry={order.reload} /> : null}
      {order.state === 'ready' ? <OrderView order={order.data} onChanged={order.reload} /> : null}
    </>
  );
}

function OrderView({ order, onChanged }: { order: OrderDetail; onChanged(): void }) {
  const t = useT();
  const format = useFormat();
  const { session } = useSession();
  const care = CARE.includes(session?.user.role ?? '');
  const money = (minor: number) => format.money(minor, order.currency);
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [complaint, setComplaint] = useState<string | undefined>();
  const refund = useAction((lines: { line_id: string; quantity: number }[]) => ordersApi.refund(order.id, lines));
  const cancel = useAction(() => ordersApi.cancel(order.id));
  async function sendRefund() {
    const lines: { line_id: string; quantity: number }[] = [];
    for (const line of order.lines) {
      const text = (quantities[line.line_id] ?? '').trim();
      if (!text) continue;
      const n = /^[0-9]+$/.test(text) ? Number.parseInt(text, 10) : -1;
      if (n < 0 || n > refundable(line)) {
        setComplaint(t('shoporders.refund_rule', { sku: line.sku, max: refundable(line) }));
        return;
      }
      if (n > 0) lines.push({ line_id: line.line_id, quantity: n });
    }
    if (lines.length === 0) {
      setComplaint(t('shoporders.refund_nothing'));
      return;
    }
    setComplaint(undefined);
    if (await refund.run(lines)) {
      setQuantities({});
      onChanged();
    }
  }
  return (
    <div className="stack">
      <div className="grid">
        <CardSection id="shoporder-money" title={t('shoporders.money')}>
          <dl className="definition" data-testid="shoporder-money">
            <dt>{t('common.state')}</dt>
            <dd>
              <OrderState state={order.state} />
            </dd>
            <dt>{t('shoporders.shopper')}</dt>
            <dd>{order.shopper_id}</dd>
            <dt>{t('shoporders.goods')}</dt>
            <dd>{money(order.original_amount)}</dd>
            <dt>{t('shoporders.coupons')}</dt>
            <dd>{money(order.discount_amount)}</dd>
            <dt>{t('shoporders.cards')}</dt>
            <dd>{money(order.card_amount)}</dd>
            <dt>{t('shoporders.cash')}</dt>
            <dd>{money(order.cash_amount)}</dd>
            <dt>{t('shoporders.refunded')}</dt>
            <dd data-testid="shoporder-refunded">{money(order.refunded_amount)}</dd>
            <dt>{t('orders.payment')}</dt>
            <dd>{order.payment_reference ?? '—'}</dd>
          </dl>
        </CardSection>
        <CardSection id="shoporder-merchants" title={t('shoporders.merchants')}>
          <table className="table table--compact" aria-labelledby="shoporder-merchants">
            <tbody>
              {order.merchants.map((m) => (
                <tr key={m.merchant_id}>
                  <td>{m.merchant_id}</td>
                  <td className="num">{money(m.final_amount)}</td>
                  <td>{m.receipt_confirmed_at ? t('shoporders.received', { date: format.dateTime(m.receipt_confirmed_at) }) : t('shoporders.in_transit', { amount: money(m.in_transit_amount) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardSection>
      </div>
      <CardSection id="shoporder-lines" title={t('orders.lines')}>
        <DataTable
          labelledBy="shoporder-lines"
          columns={[
            'SKU',
            t('common.merchant'),
            { label: t('orders.quantity'), num: true },
            { label: t('shoporders.goods'), num: true },
            { label: t('shoporders.coupons'), num: true },
            { label: t('shoporders.final'), num: true },
            t('shoporders.paid_by'),
            care && order.state === 'paid' && t('shoporders.refund_qty'),
          ]}
          items={order.lines}
        >
          {(l) => (
            <tr key={l.line_id}>
              <td>
                <code>{l.sku}</code>
              </td>
              <td>{l.merchant_id}</td>
              <td className="num">
                {l.quantity}
                {l.refunded_quantity ? ` (−${l.refunded_quantity})` : ''}
              </td>
              <td className="num">{money(l.original_amount)}</td>
              <td className="num">{money(l.discount_amount)}</td>
              <td className="num">{money(l.final_amount)}</td>
              <td>
                {l.funds.map((f) => (
                  <div key={`${f.source}-${f.source_id}`}>
                    {f.source} {money(f.amount)}
                    {f.refunded_amount ? ` (${t('shoporders.refunded')} ${money(f.refunded_amount)})` : ''}
                  </div>
                ))}
              </td>
              {care && order.state === 'paid' ? (
                <td>
                  <input
                    className="input refund-qty"
                    inputMode="numeric"
                    aria-label={t('shoporders.refund_of', { sku: l.sku })}
                    value={quantities[l.line_id] ?? ''}
                    disabled={refundable(l) === 0}
                    onChange={(e) => setQuantities((q) => ({ ...q, [l.line_id]: e.target.value }))}
                  />
                </td>
              ) : null}
            </tr>
          )}
        </DataTable>
        {care && order.state === 'paid' ? (
          <div className="form-actions">
            <Button variant="danger" busy={refund.busy} onClick={() => void sendRefund()}>
              {t('shoporders.refund')}
            </Button>
            {complaint ? <p className="field__error">{complaint}</p> : null}
          </div>
        ) : null}
        {care && order.state === 'locked' ? (
          <Button variant="danger" busy={cancel.busy} onClick={() => void cancel.run().then((r) => r && onChanged())}>
            {t('orders.cancel')}
          </Button>
        ) : null}
        <ProblemAlert error={refund.error ?? cancel.error} />
      </CardSection>
      {order.refunds.length ? (
        <CardSection id="shoporder-refunds" title={t('shoporders.refunds')}>
          <ul className="plain-list">
            {order.refunds.map((r) => (
              <li key={r.refund_id}>
                {format.dateTime(r.created_at)} · {money(r.amount)} · {r.lines.map((l) => `${l.line_id} × ${l.quantity}`).join(', ')}
              </li>
            ))}
          </ul>
        </CardSection>
      ) : null}
      <CardSection id="shoporder-transfers" title={t('shoporders.transfers')}>
        <DataTable
          labelledBy="shoporder-transfers"
          compact
          columns={[t('ledger.code'), t('ledger.debit_account'), t('ledger.credit_account'), { label: t('ledger.amount'), num: true }]}
          items={order.transfers}
        >
          {(tr) => (
            <tr key={tr.id}>
              <td>
                <Link to={`/ledger/transfers/${encodeURIComponent(tr.id)}`}>
                  <code>{tr.code}</code>
                </Link>
                {tr.flags.length ? ` (${tr.flags.join(', ')})` : ''}
              </td>
              <td className="mono">{tr.debit_account_id}</td>
              <td className="mono">{tr.credit_account_id}</td>
              <td className="num">{format.money(tr.amount, tr.currency)}</td>
            </tr>
          )}
        </DataTable>
      </CardSection>
    </div>
  );
}
