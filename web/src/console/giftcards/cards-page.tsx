import { type FormEvent, useState } from 'react';
import { SelectField, TextField } from '../../shared/components/fields.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { Link } from '../../shared/router.js';
import { LoadFailure } from '../components/api-pending.js';
import { fieldError } from '../components/validation.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { type CardQuery, cardQueryFrom, giftcardsApi } from './giftcards-api.js';
import { CardStateBadge } from './state.js';
import { DataTable } from '../components/data-table.js';
import { FormFooter } from '../components/form-footer.js';

type Kind = 'auto' | 'number' | 'last4' | 'owner' | 'order';

/** Find cards by number, last four, owner or order (each look-up is recorded in the audit log). */
export function CardsPage() {
  const t = useT();
  const format = useFormat();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<Kind>('auto');
  const [query, setQuery] = useState<CardQuery | null>(null);
  const [complaint, setComplaint] = useState<string | undefined>();
  const found = useResource((signal) => (query ? giftcardsApi.searchCards(query, signal) : Promise.resolve({ items: [] })), [JSON.stringify(query)]);
  function search(event: FormEvent) {
    event.preventDefault();
    const next = cardQueryFrom(text, kind);
    if (!next) {
      setComplaint(t('form.required'));
      return;
    }
    setComplaint(undefined);
    setQuery(next);
  }
  return (
    <>
      <PageHeader title={t('nav.card_search')} intro={t('cards.intro')} />
      <section className="card" aria-labelledby="cards-search">
        <h2 id="cards-search" className="visually-hidden">
          {t('nav.card_search')}
        </h2>
        <form className="filters" onSubmit={search} noValidate>
          <TextField
            label={t('cards.search')}
            name="card-search"
            value={text}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
            hint={t('cards.search_hint')}
            error={complaint ?? (query ? (fieldError(found.error, 'number') ?? fieldError(found.error, 'last4') ?? fieldError(found.error, 'owner')) : undefined)}
          />
          <SelectField
            label={t('cards.search_by')}
            value={kind}
            onChange={(e) => setKind(e.target.value as Kind)}
            options={(['auto', 'number', 'last4', 'owner', 'order'] as const).map((k) => ({ value: k, label: t(`cards.by.${k}`) }))}
          />
          <FormFooter submit={t('cards.find')} />
        </form>
        {found.state === 'failed' ? <LoadFailure error={found.error} api={t('api.giftcards')} onRetry={found.reload} /> : null}
        {query && found.state === 'ready' ? (
          <>
            <DataTable
              label={t('cards.results')}
              columns={[t('cards.number'), t('common.state'), { label: t('cards.available'), num: true }, t('cards.owner'), t('cards.order'), t('cards.expires')]}
              items={found.data.items}
            >
              {(card) => (
                <tr key={card.id}>
                  <td>
                    <Link to={`/cards/${encodeURIComponent(card.id)}`} className="mono">
                      {card.number}
                    </Link>
                  </td>
                  <td>
                    <CardStateBadge state={card.state} />
                  </td>
                  <td className="num">{format.money(card.available, card.currency)}</td>
                  <td>{card.owner_shopper_id ?? '—'}</td>
                  <td>{card.order_id ?? card.batch_id ?? '—'}</td>
                  <td className="nowrap">{card.expires_at ? format.date(card.expires_at) : '—'}</td>
                </tr>
              )}
            </DataTable>
            <p role="status" className="muted">
              {found.data.items.length ? t('list.showing', { count: found.data.items.length }) : t('cards.none')}
            </p>
          </>
        ) : null}
      </section>
    </>
  );
}
