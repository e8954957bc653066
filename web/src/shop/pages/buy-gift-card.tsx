import { type FormEvent, useId, useState } from 'react';
import { isNotYetAvailable } from '../../shared/api.js';
import { Button } from '../../shared/components/button.js';
import { SelectField, TextAreaField } from '../../shared/components/fields.js';
import { fieldErrorFor, ProblemAlert } from '../../shared/components/problem-alert.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { Link } from '../../shared/router.js';
import { useT } from '../i18n.js';
import { type GiftCardOrderLine, type GiftCardProduct, shopApi } from '../shop-api.js';
import { useShopper } from '../shopper.js';

const MAX_MESSAGE = 500;

type Outcome = { kind: 'self'; face: number } | { kind: 'gift'; face: number; recipient: string };

/**
 * Buying one card of a product: the denomination (sale price against face value), who receives
 * it and a message. The order is created, then paid by the demo payment provider; the card is
 * issued straight into the recipient's wallet (the buyer's own when it is for them).
 */
export function BuyGiftCardForm({ product, onBought }: { product: GiftCardProduct; onBought(): void }) {
  const t = useT();
  const format = useFormat();
  const formId = useId();
  const { shopper, directory } = useShopper();
  const [denomination, setDenomination] = useState('0');
  const [recipient, setRecipient] = useState('');
  const [message, setMessage] = useState('');
  const [notice, setNotice] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const others = directory.state === 'ready' ? directory.shoppers.filter((s) => s.id !== shopper?.id) : [];
  const nameOf = (id: string) => others.find((s) => s.id === id)?.name ?? id;
  const money = (amount: number) => format.money(amount, product.currency);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const chosen = product.denominations[Number(denomination)];
    if (!chosen) return;
    if (!shopper) return setNotice(t('buycard.need_shopper'));
    setBusy(true);
    setNotice(undefined);
    setError(null);
    try {
      // Naming the buyer as recipient of their own card puts it in their wallet when it is issued.
      const line: GiftCardOrderLine = { product_id: product.id, face: chosen.face, price: chosen.price, quantity: 1, recipient_shopper_id: recipient || shopper.id };
      if (message.trim()) line.message = message.trim();
      const order = await shopApi.buyGiftCards(product.currency, [line]);
      await shopApi.payGiftCardsSimulated(order.id);
      setOutcome(recipient ? { kind: 'gift', face: chosen.face, recipient: nameOf(recipient) } : { kind: 'self', face: chosen.face });
      setMessage('');
      onBought();
    } catch (caught) {
      if (isNotYetAvailable(caught)) setNotice(t('buycard.unavailable'));
      else setError(caught);
    } finally {
      setBusy(false);
    }
  }

  if (outcome) {
    return (
      <div role="status" className="buy-card__done">
        <p>{outcome.kind === 'gift' ? t('buycard.done_gift', { face: money(outcome.face), name: outcome.recipient }) : t('buycard.done_self', { face: money(outcome.face) })}</p>
        {outcome.kind === 'self' ? <Link to="/wallet">{t('buycard.to_wallet')} →</Link> : null}{' '}
        <Button variant="secondary" onClick={() => setOutcome(null)}>
          {t('buycard.again')}
        </Button>
      </div>
    );
  }
  return (
    <form className="buy-card" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h3 id={`${formId}-title`} className="shop-subheading">
        {t('buycard.title')}
      </h3>
      <ProblemAlert error={error} />
      {notice ? (
        <p className="notice" role="alert">
          {notice}
        </p>
      ) : null}
      <SelectField
        label={t('buycard.denomination')}
        name="denomination"
        value={denomination}
        onChange={(event) => setDenomination(event.target.value)}
        options={product.denominations.map((d, index) => ({
          value: String(index),
          label: d.price < d.face ? t('buycard.option_sale', { face: money(d.face), price: money(d.price) }) : t('buycard.option', { face: money(d.face) }),
        }))}
        error={fieldErrorFor(error, 'lines')}
      />
      <SelectField
        label={t('buycard.recipient')}
        hint={t('buycard.recipient_hint')}
        name="recipient"
        value={recipient}
        onChange={(event) => setRecipient(event.target.value)}
        options={[{ value: '', label: t('buycard.for_me') }, ...others.map((s) => ({ value: s.id, label: s.name }))]}
      />
      <TextAreaField label={t('buycard.message')} hint={t('buycard.message_hint', { max: MAX_MESSAGE })} name="message" value={message} maxLength={MAX_MESSAGE} rows={2} onChange={(event) => setMessage(event.target.value)} />
      <Button type="submit" variant="primary" busy={busy}>
        {t('buycard.submit', { price: money(product.denominations[Number(denomination)]?.price ?? 0) })}
      </Button>
    </form>
  );
}
