import { type FormEvent, useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { SelectField, TextAreaField, TextField } from '../../shared/components/fields.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useAction } from '../../shared/components/use-action.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat, useLanguage } from '../../shared/i18n/i18n.js';
import { Link, useRouter } from '../../shared/router.js';
import { LoadFailure } from '../components/api-pending.js';
import { StateBadge } from '../components/state-badge.js';
import { fieldError, splitList } from '../components/validation.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { useSession } from '../session.js';
import { giftcardsApi, type Order, type PaidOrder } from './giftcards-api.js';
import { CardSection } from '../components/card-section.js';
import { FormFooter } from '../components/form-footer.js';

const SELLERS = ['admin', 'operations', 'finance'];
const PAYERS = ['admin', 'finance'];

/** Gift card orders: open one by id, or sell cards (company or shopper buyer), take payment, see the issued cards. */
export function GiftcardOrdersPage() {
  const t = useT();
  const { search, navigate } = useRouter();
  const { session } = useSession();
  const id = search.get('id') ?? '';
  const [text, setText] = useState(id);
  return (
    <>
      <PageHeader title={t('nav.giftcard_orders')} intro={t('orders.intro')} />
      <CardSection id="orders-find" title={t('orders.find')}>
        <form
          className="row"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) navigate(`/giftcard-orders?id=${encodeURIComponent(text.trim())}`);
          }}
        >
          <TextField label={t('orders.id')} name="order-id" value={text} onChange={(e) => setText(e.target.value)} />
          <Button type="submit">{t('orders.open')}</Button>
        </form>
      </CardSection>
      {id ? <OrderView key={id} id={id} /> : null}
      {!id && SELLERS.includes(session?.user.role ?? '') ? <NewOrderForm onCreated={(order) => navigate(`/giftcard-orders?id=${encodeURIComponent(order.id)}`)} /> : null}
    </>
  );
}

function OrderView({ id }: { id: string }) {
  const t = useT();
  const format = useFormat();
  const { session } = useSession();
  const order = useResource((signal) => giftcardsApi.order(id, signal), [id]);
  const [paid, setPaid] = useState<PaidOrder | null>(null);
  const [reference, setReference] = useState('');
  const [numbers, setNumbers] = useState('');
  const [numbersComplaint, setNumbersComplaint] = useState<string | undefined>();
  const pay = useAction((cardNumbers: string[]) => giftcardsApi.payOrder(id, reference.trim(), cardNumbers));
  const cancel = useAction(() => giftcardsApi.cancelOrder(id));
  if (order.state === 'loading') return <p role="status">{t('common.loading')}</p>;
  if (order.state === 'failed') return <LoadFailure error={order.error} api={t('api.giftcards')} onRetry={order.reload} />;
  const o: Order = order.data;
  const money = (minor: number) => format.money(minor, o.currency);
  return (
    <div className="stack">
      <CardSection id="order-title" title={t('orders.order', { id: o.id })}>
        <dl className="definition">
          <dt>{t('common.state')}</dt>
          <dd>
            <StateBadge tone={o.state === 'issued' || o.state === 'paid' ? 'ok' : o.state === 'cancelled' ? 'plain' : 'warn'}>{o.state}</StateBadge>
          </dd>
          <dt>{t('orders.buyer')}</dt>
          <dd>{o.buyer.kind === 'company' ? o.buyer.name : o.buyer.shopper_id}</dd>
          <dt>{t('orders.face_total')}</dt>
          <dd>{money(o.face_total)}</dd>
          <dt>{t('orders.price_total')}</dt>
          <dd data-testid="order-price-total">{money(o.price_total)}</dd>
          <dt>{t('orders.payment')}</dt>
          <dd>
            {o.payment_method}
            {o.payment_reference ? ` · ${o.payment_reference}` : ''}
          </dd>
          <dt>{t('common.created')}</dt>
          <dd>{format.dateTime(o.created_at)}</dd>
        </dl>
        <table className="table table--compact" aria-label={t('orders.lines')}>
          <thead>
            <tr>
              <th scope="col">{t('card.product')}</th>
              <th scope="col" className="num">
                {t('card.face')}
              </th>
              <th scope="col" className="num">
                {t('card.price')}
              </th>
              <th scope="col" className="num">
                {t('orders.quantity')}
              </th>
            </tr>
          </thead>
          <tbody>
            {o.lines.map((l) => (
              <tr key={l.line_no}>
                <td>{l.product_id}</td>
                <td className="num">{money(l.face)}</td>
                <td className="num">{money(l.price)}</td>
                <td className="num">{l.quantity}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {o.cards.length ? (
          <>
            <h3 className="card__title">{t('orders.cards')}</h3>
            <ul className="plain-list">
              {o.cards.map((c) => (
                <li key={c.id}>
                  <Link to={`/cards/${encodeURIComponent(c.id)}`} className="mono">
                    {c.number}
                  </Link>{' '}
                  · {c.state}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </CardSection>
      {paid?.issued_cards.some((c) => c.code) ? (
        <section className="card secret-once" aria-labelledby="order-codes">
          <h2 id="order-codes" className="card__title">
            {t('orders.codes')}
          </h2>
          <p className="notice">{t('secret.once')}</p>
          <ul className="plain-list">
            {paid.issued_cards.map((c) => (
              <li key={c.id}>
                <span className="mono">{c.number}</span> · <code data-testid="issued-code">{c.code}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {o.state === 'pending' || o.state === 'created' || o.state === 'unpaid' ? (
        <CardSection id="order-pay" title={t('orders.take_payment')}>
          {PAYERS.includes(session?.user.role ?? '') ? (
            <form
              className="row"
              noValidate
              onSubmit={(e: FormEvent) => {
                e.preventDefault();
                const cardNumbers = splitList(numbers);
                const wrong = cardNumbers.some((n) => !/^[0-9]{16}$/.test(n));
                setNumbersComplaint(wrong ? t('form.pattern', { rule: t('orders.card_numbers_rule') }) : undefined);
                if (wrong) return;
                void pay.run(cardNumbers).then((r) => {
                  if (r) {
                    setPaid(r);
                    order.reload();
                  }
                });
              }}
            >
              <TextField label={t('orders.reference')} name="payment_reference" required value={reference} onChange={(e) => setReference(e.target.value)} error={fieldError(pay.error, 'payment_reference')} />
              <TextAreaField
                label={t('orders.card_numbers')}
                name="card_numbers"
                rows={2}
                hint={t('orders.card_numbers_hint')}
                value={numbers}
                onChange={(e) => setNumbers(e.target.value)}
                error={numbersComplaint ?? fieldError(pay.error, 'card_numbers')}
              />
              <Button type="submit" variant="primary" busy={pay.busy}>
                {t('orders.pay')}
              </Button>
            </form>
          ) : null}
          <Button variant="danger" busy={cancel.busy} onClick={() => void cancel.run().then((r) => r && order.reload())}>
            {t('orders.cancel')}
          </Button>
          <ProblemAlert error={pay.error ?? cancel.error} />
        </CardSection>
      ) : null}
    </div>
  );
}

function NewOrderForm({ onCreated }: { onCreated(order: Order): void }) {
  const t = useT();
  const format = useFormat();
  const { language } = useLanguage();
  const products = useResource((signal) => giftcardsApi.products('active', signal), []);
  const [buyerKind, setBuyerKind] = useState<'company' | 'shopper'>('company');
  const [buyer, setBuyer] = useState('');
  const [choice, setChoice] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [method, setMethod] = useState<'online' | 'bank_transfer' | 'cash' | 'other'>('bank_transfer');
  const [complaint, setComplaint] = useState<Record<string, string | undefined>>({});
  const create = useAction(giftcardsApi.createOrder);
  if (products.state === 'failed') return <LoadFailure error={products.error} api={t('api.giftcards')} onRetry={products.reload} />;
  const options = (products.data?.items ?? []).flatMap((p) =>
    p.denominations.map((d) => ({
      value: `${p.id}|${d.face}|${d.price}`,
      label: t('orders.choice', { name: p.name[language], face: format.money(d.face, p.currency), price: format.money(d.price, p.currency) }),
      currency: p.currency,
    })),
  );
  async function submit(event: FormEvent) {
    event.preventDefault();
    const picked = options.find((o) => o.value === (choice || options[0]?.value));
    const q = Number.parseInt(quantity, 10);
    const found = {
      buyer: buyer.trim() ? undefined : t('form.required'),
      quantity: Number.isInteger(q) && q >= 1 && q <= 100 ? undefined : t('orders.quantity_rule'),
      choice: picked ? undefined : t('form.required'),
    };
    setComplaint(found);
    if (!picked || Object.values(found).some(Boolean)) return;
    const [productId, face, price] = picked.value.split('|');
    const created = await create.run({
      buyer: buyerKind === 'company' ? { kind: 'company', name: buyer.trim() } : { kind: 'shopper', shopper_id: buyer.trim() },
      currency: picked.currency,
      payment_method: method,
      lines: [{ product_id: productId ?? '', face: Number(face), price: Number(price), quantity: q }],
    });
    if (created) onCreated(created);
  }
  return (
    <CardSection id="order-new" title={t('orders.new')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-grid">
          <SelectField
            label={t('orders.buyer_kind')}
            value={buyerKind}
            onChange={(e) => setBuyerKind(e.target.value as 'company' | 'shopper')}
            options={[
              { value: 'company', label: t('orders.buyer.company') },
              { value: 'shopper', label: t('orders.buyer.shopper') },
            ]}
          />
          <TextField label={t(buyerKind === 'company' ? 'orders.company_name' : 'orders.shopper_id')} name="buyer" required value={buyer} onChange={(e) => setBuyer(e.target.value)} error={complaint.buyer ?? fieldError(create.error, 'buyer')} />
          <SelectField label={t('orders.denomination')} value={choice || options[0]?.value || ''} onChange={(e) => setChoice(e.target.value)} options={options} error={complaint.choice} />
          <TextField label={t('orders.quantity')} name="quantity" inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} error={complaint.quantity ?? fieldError(create.error, 'lines')} />
          <SelectField
            label={t('orders.payment')}
            value={method}
            onChange={(e) => setMethod(e.target.value as typeof method)}
            options={(['bank_transfer', 'online', 'cash', 'other'] as const).map((m) => ({ value: m, label: t(`orders.method.${m}`) }))}
          />
        </div>
        <FormFooter submit={t('orders.create')} busy={create.busy} error={create.error} />
      </form>
    </CardSection>
  );
}
