import { useEffect, useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { SelectField } from '../../shared/components/fields.js';
import { type PagedList, usePagedList } from '../../shared/components/use-paged-list.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat, useLanguage } from '../../shared/i18n/i18n.js';
import { Link, useRouter } from '../../shared/router.js';
import { LoadFailure } from '../components/api-pending.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { useSession } from '../session.js';
import { BatchRequestForm } from './batch-request-form.js';
import { actorName, BatchStatus } from './batch-status.js';
import { filterFor, PHASE_FILTERS, type PhaseFilter } from './batches.js';
import { type Batch, giftcardsApi, type Product } from './giftcards-api.js';
import { CardSection } from '../components/card-section.js';
import { DataTable } from '../components/data-table.js';

/** Who may request batches and export their codes (the API's access table decides; the menu follows it). */
export const BATCH_MAKERS = ['admin', 'operations'];

/** How often rows of batches being generated are asked again. */
const GENERATING_POLL_MS = 2000;

/**
 * Rows of batches being generated follow their progress: each is asked again every two seconds
 * and replaced in place (the rest of the list, and the pages loaded, stay as they are).
 */
function useGenerationProgress(list: PagedList<Batch>): void {
  const generating = list.items.filter((b) => b.state === 'generating').map((b) => b.id);
  const key = generating.join(' ');
  const { replace } = list;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new answer (list.items) schedules the next round
  useEffect(() => {
    if (generating.length === 0) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      for (const id of generating) {
        try {
          const fresh = await giftcardsApi.batch(id, controller.signal);
          replace((b) => b.id === id, fresh);
        } catch {
          // Asked again next round; a failure here does not hide the list.
        }
      }
    }, GENERATING_POLL_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key, list.items]);
}

/** Physical card batches: every batch with where it is, filters, and the request form. */
export function BatchesPage() {
  const t = useT();
  const format = useFormat();
  const { language } = useLanguage();
  const { session } = useSession();
  const { navigate } = useRouter();
  const products = useResource((signal) => giftcardsApi.products('', signal), []);
  const [phase, setPhase] = useState<PhaseFilter>('');
  const [productId, setProductId] = useState('');
  const list = usePagedList((cursor, signal) => giftcardsApi.batches(filterFor(phase, productId), cursor, signal), [phase, productId]);
  useGenerationProgress(list);
  const byId = new Map<string, Product>((products.data?.items ?? []).map((p) => [p.id, p]));
  const physical = (products.data?.items ?? []).filter((p) => p.form === 'physical');
  const mayRequest = BATCH_MAKERS.includes(session?.user.role ?? '');
  return (
    <>
      <PageHeader title={t('nav.batches')} intro={t('batches.intro')} />
      {products.state === 'failed' ? <LoadFailure error={products.error} api={t('api.giftcards')} onRetry={products.reload} /> : null}
      <div className="stack">
        {mayRequest && products.state === 'ready' ? <BatchRequestForm products={products.data.items} onRequested={(b) => navigate(`/batches/${encodeURIComponent(b.id)}`)} /> : null}
        <CardSection id="batches-list" title={t('batches.list')}>
          <div className="filters">
            <SelectField
              label={t('card.product')}
              value={productId}
              onChange={(e) => setProductId(e.target.value)}
              options={[{ value: '', label: t('common.all') }, ...physical.map((p) => ({ value: p.id, label: p.name[language] }))]}
            />
            <SelectField
              label={t('batches.phase')}
              value={phase}
              onChange={(e) => setPhase(e.target.value as PhaseFilter)}
              options={PHASE_FILTERS.map((p) => ({ value: p, label: p === '' ? t('common.all') : p === 'awaiting' ? t('batches.filter.awaiting') : t(`batches.phase.${p}`) }))}
            />
            <Button onClick={list.reload}>{t('batches.refresh')}</Button>
          </div>
          <DataTable
            labelledBy="batches-list"
            columns={[t('batches.batch'), t('card.product'), { label: t('card.face'), num: true }, { label: t('batches.quantity'), num: true }, t('batches.phase'), t('batches.requested'), t('batches.exported')]}
            list={list}
            empty={t('batches.none')}
          >
            {(b) => {
              const product = byId.get(b.product_id);
              return (
                <tr key={b.id}>
                  <td>
                    <Link to={`/batches/${encodeURIComponent(b.id)}`} className="mono">
                      {b.id.slice(-12)}
                    </Link>
                  </td>
                  <td>{product ? product.name[language] : <code>{b.product_id}</code>}</td>
                  <td className="num">{format.money(b.face, product?.currency)}</td>
                  <td className="num">{format.number(b.quantity)}</td>
                  <td>
                    <BatchStatus batch={b} />
                  </td>
                  <td>
                    <span className="nowrap">{format.dateTime(b.created_at)}</span>
                    <br />
                    <span className="muted">{t('batches.by', { who: actorName(b.created_by, b.created_by_name) })}</span>
                  </td>
                  <td>
                    {b.exported_at ? (
                      <>
                        <span className="nowrap">{format.dateTime(b.exported_at)}</span>
                        <br />
                        <span className="muted">{t('batches.by', { who: actorName(b.exported_by, b.exported_by_name) })}</span>
                      </>
                    ) : (
                      <span className="muted">{t('batches.not_exported')}</span>
                    )}
                  </td>
                </tr>
              );
            }}
          </DataTable>
        </CardSection>
      </div>
    </>
  );
}
