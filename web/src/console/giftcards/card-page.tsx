import { type FormEvent, useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { TextField } from '../../shared/components/fields.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useAction } from '../../shared/components/use-action.js';
import { usePagedList } from '../../shared/components/use-paged-list.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { Link } from '../../shared/router.js';
import { LoadFailure } from '../components/api-pending.js';
import { fieldError } from '../components/validation.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { useSession } from '../session.js';
import { type Card, giftcardsApi } from './giftcards-api.js';
import { CardStateBadge } from './state.js';
import { CardSection } from '../components/card-section.js';
import { DataTable } from '../components/data-table.js';

/** One card: balances, terms, owner and order, freeze/unfreeze with a reason, and its full history. */
export function CardPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const t = useT();
  const card = useResource((signal) => giftcardsApi.card(id, signal), [id]);
  return (
    <>
      <PageHeader title={card.state === 'ready' ? t('card.title', { number: card.data.number }) : t('card.title_plain')} back={<Link to="/cards">← {t('nav.card_search')}</Link>} />
      {card.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {card.state === 'failed' ? <LoadFailure error={card.error} api={t('api.giftcards')} onRetry={card.reload} /> : null}
      {card.state === 'ready' ? <CardDetail card={card.data} onChanged={card.reload} /> : null}
    </>
  );
}

function CardDetail({ card, onChanged }: { card: Card; onChanged(): void }) {
  const t = useT();
  const format = useFormat();
  const money = (minor: number) => format.money(minor, card.currency);
  const history = usePagedList((cursor, signal) => giftcardsApi.history(card.id, cursor, signal), [card.id]);
  return (
    <div className="stack">
      <div className="grid">
        <CardSection id="card-balance" title={t('cards.available')}>
          <p className="balance" data-testid="card-available">
            {money(card.available)}
          </p>
          <dl className="definition">
            <dt>{t('card.balance')}</dt>
            <dd>{money(card.balance)}</dd>
            <dt>{t('card.held')}</dt>
            <dd>{money(card.held)}</dd>
            <dt>{t('card.face')}</dt>
            <dd>{money(card.face)}</dd>
            <dt>{t('card.price')}</dt>
            <dd>{money(card.price)}</dd>
          </dl>
        </CardSection>
        <CardSection id="card-facts" title={t('card.facts')}>
          <dl className="definition">
            <dt>{t('common.state')}</dt>
            <dd>
              <CardStateBadge state={card.state} />
            </dd>
            <dt>{t('card.code')}</dt>
            <dd className="mono">•••• {card.code_last4}</dd>
            <dt>{t('card.product')}</dt>
            <dd>
              <code>{card.product_id}</code>
            </dd>
            <dt>{t('cards.owner')}</dt>
            <dd>{card.owner_shopper_id ?? '—'}</dd>
            <dt>{t('cards.order')}</dt>
            <dd>{card.order_id ? <Link to={`/giftcard-orders?id=${encodeURIComponent(card.order_id)}`}>{card.order_id}</Link> : (card.batch_id ?? '—')}</dd>
            <dt>{t('cards.expires')}</dt>
            <dd>{card.expires_at ? format.dateTime(card.expires_at) : t('card.no_expiry')}</dd>
            <dt>{t('card.accepted_by')}</dt>
            <dd>{card.accepted_by === 'all' ? t('products.accepted_all') : card.accepted_by.join(', ')}</dd>
            <dt>{t('card.kind')}</dt>
            <dd>
              {[card.named ? t('products.named') : t('card.anonymous'), card.reloadable ? t('products.reloadable') : null, card.promotional ? t('card.promotional') : null].filter(Boolean).join(' · ')}
            </dd>
            {card.replaced_by ? (
              <>
                <dt>{t('card.replaced_by')}</dt>
                <dd>
                  <Link to={`/cards/${encodeURIComponent(card.replaced_by)}`}>{card.replaced_by}</Link>
                </dd>
              </>
            ) : null}
          </dl>
        </CardSection>
      </div>
      <FreezeForm card={card} onChanged={onChanged} />
      <CardSection id="card-history" title={t('ledger.history')}>
        <DataTable
          labelledBy="card-history"
          columns={[t('ledger.when'), t('card.event'), { label: t('ledger.amount'), num: true }, { label: t('ledger.balance_after'), num: true }, t('card.where'), t('audit.actor')]}
          list={history}
          empty={t('ledger.history_empty')}
        >
          {(h) => (
            <tr key={h.seq}>
              <td className="nowrap">{format.dateTime(h.at)}</td>
              <td>
                <code>{h.kind}</code>
              </td>
              <td className="num">{h.amount !== null ? money(h.amount) : '—'}</td>
              <td className="num">{money(h.balance_after)}</td>
              <td>
                {h.merchant_id ?? ''}
                {h.order_ref ? ` · ${h.order_ref}` : ''}
                <br />
                <span className="muted">{h.channel}</span>
              </td>
              <td>
                <code>{h.actor_id}</code>
              </td>
            </tr>
          )}
        </DataTable>
      </CardSection>
    </div>
  );
}

function FreezeForm({ card, onChanged }: { card: Card; onChanged(): void }) {
  const t = useT();
  const { session } = useSession();
  const [reason, setReason] = useState('');
  const [complaint, setComplaint] = useState<string | undefined>();
  const action = useAction((which: 'freeze' | 'unfreeze') => giftcardsApi.cardAction(card.id, which, reason.trim()));
  if (!['admin', 'customer_service'].includes(session?.user.role ?? '')) return null;
  if (card.state !== 'active' && card.state !== 'frozen') return null;
  const which = card.state === 'frozen' ? 'unfreeze' : 'freeze';
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setComplaint(t('card.reason_required'));
      return;
    }
    setComplaint(undefined);
    if (await action.run(which)) {
      setReason('');
      onChanged();
    }
  }
  return (
    <CardSection id="card-freeze" title={t(which === 'freeze' ? 'card.freeze' : 'card.unfreeze')}>
      <form onSubmit={(e) => void submit(e)} className="row" noValidate>
        <TextField label={t('card.reason')} name="reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} error={complaint ?? fieldError(action.error, 'reason')} />
        <Button type="submit" variant={which === 'freeze' ? 'danger' : 'primary'} busy={action.busy}>
          {t(which === 'freeze' ? 'card.freeze' : 'card.unfreeze')}
        </Button>
      </form>
      <ProblemAlert error={action.error} />
    </CardSection>
  );
}
