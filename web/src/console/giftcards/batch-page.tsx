import { useEffect, useRef, useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { Dialog } from '../../shared/components/dialog.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useAction } from '../../shared/components/use-action.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat, useLanguage } from '../../shared/i18n/i18n.js';
import { Link } from '../../shared/router.js';
import { saveBlob } from '../../shared/save-blob.js';
import { LoadFailure } from '../components/api-pending.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { useSession } from '../session.js';
import { actorName, BatchStatus } from './batch-status.js';
import { BATCH_MAKERS } from './batches-page.js';
import { batchPhase, exportFileName } from './batches.js';
import { type Batch, giftcardsApi } from './giftcards-api.js';
import { CardSection } from '../components/card-section.js';

/** How often the page asks again: often while cards are made, seldom while people review. */
const POLL_MS = { generating: 1000, pending_approval: 15_000 } as const;

/** One batch: its facts, generation progress (polled while generating), the one-time export, and how its cards are sold. */
export function BatchPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const t = useT();
  const loaded = useResource((signal) => giftcardsApi.batch(id, signal), [id]);
  // The last answer stays on screen while the next poll is on its way.
  const [batch, setBatch] = useState<Batch | null>(null);
  useEffect(() => {
    if (loaded.data) setBatch(loaded.data);
  }, [loaded.data]);
  const reload = useRef(loaded.reload);
  reload.current = loaded.reload;
  // Each answer (a new object) schedules the next poll until the batch stops changing by itself.
  useEffect(() => {
    if (batch?.state !== 'generating' && batch?.state !== 'pending_approval') return;
    const timer = setTimeout(() => reload.current(), POLL_MS[batch.state]);
    return () => clearTimeout(timer);
  }, [batch]);
  const shown = batch?.id === id ? batch : null;
  return (
    <>
      <PageHeader title={shown ? t('batches.title', { id: shown.id }) : t('batches.title_plain')} back={<Link to="/batches">← {t('nav.batches')}</Link>} />
      {!shown && loaded.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {loaded.state === 'failed' ? <LoadFailure error={loaded.error} api={t('api.giftcards')} onRetry={loaded.reload} /> : null}
      {shown ? <BatchDetail batch={shown} onChanged={loaded.reload} /> : null}
    </>
  );
}

function BatchDetail({ batch, onChanged }: { batch: Batch; onChanged(): void }) {
  const t = useT();
  const format = useFormat();
  const { language } = useLanguage();
  const products = useResource((signal) => giftcardsApi.products('', signal), []);
  const product = products.data?.items.find((p) => p.id === batch.product_id);
  const phase = batchPhase(batch);
  return (
    <div className="stack">
      <div className="grid">
        <CardSection id="batch-facts" title={t('batches.facts')}>
          <dl className="definition">
            <dt>{t('card.product')}</dt>
            <dd>
              {product ? `${product.name[language]} ` : ''}
              <code>{batch.product_id}</code>
            </dd>
            <dt>{t('card.face')}</dt>
            <dd>{format.money(batch.face, product?.currency)}</dd>
            <dt>{t('batches.quantity')}</dt>
            <dd>{format.number(batch.quantity)}</dd>
            <dt>{t('batches.requested')}</dt>
            <dd>
              {format.dateTime(batch.created_at)} · {t('batches.by', { who: actorName(batch.created_by, batch.created_by_name) })}
            </dd>
          </dl>
        </CardSection>
        <CardSection id="batch-generation" title={t('batches.generation')}>
          <p role="status" data-testid="batch-status">
            <BatchStatus batch={batch} />
          </p>
          {phase === 'first_review' || phase === 'final_review' ? <p className="muted">{t('batches.waiting')}</p> : null}
          {phase === 'generating' ? <p className="muted">{t('batches.generating_note')}</p> : null}
          {phase === 'rejected' ? <p className="muted">{t('batches.rejected_note')}</p> : null}
        </CardSection>
      </div>
      {phase !== 'rejected' ? <ExportSection batch={batch} onChanged={onChanged} /> : null}
      {phase === 'ready' || phase === 'exported' ? (
        <CardSection id="batch-activate" title={t('batches.activate')}>
          <p>{t('batches.activate_text')}</p>
          <Link to="/giftcard-orders">{t('batches.activate_link')} →</Link>
        </CardSection>
      ) : null}
    </div>
  );
}

/** The one-time export: a warning, a confirmation, then the download; afterwards only who took it and when. */
function ExportSection({ batch, onChanged }: { batch: Batch; onChanged(): void }) {
  const t = useT();
  const format = useFormat();
  const { session } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState('');
  // Focus starts on Cancel: the safe choice when Enter is pressed by habit.
  const cancelButton = useRef<HTMLButtonElement>(null);
  const download = useAction(async () => {
    try {
      const name = exportFileName(batch);
      saveBlob(await giftcardsApi.exportBatch(batch.id), name);
      setSaved(name);
      return true;
    } finally {
      // Whatever the answer, the batch has moved on (exported by us or by someone else).
      setConfirming(false);
      onChanged();
    }
  });
  const phase = batchPhase(batch);
  const mayExport = BATCH_MAKERS.includes(session?.user.role ?? '');
  return (
    <CardSection id="batch-export" title={t('batches.export')}>
      {phase === 'exported' ? (
        <p data-testid="export-done">{t('batches.export_done', { when: batch.exported_at ? format.dateTime(batch.exported_at) : '', who: actorName(batch.exported_by, batch.exported_by_name) })}</p>
      ) : (
        <p className="notice" id="batch-export-warning">
          {t('batches.export_warning')}
        </p>
      )}
      <p role="status" className="muted">
        {saved ? t('batches.export_saved', { name: saved }) : ''}
      </p>
      {phase === 'first_review' || phase === 'final_review' || phase === 'generating' ? <p className="muted">{t('batches.export_not_ready')}</p> : null}
      {phase === 'ready' && !mayExport ? <p className="muted">{t('batches.export_not_allowed')}</p> : null}
      {phase === 'ready' && mayExport ? (
        <Button variant="danger" aria-describedby="batch-export-warning" onClick={() => setConfirming(true)}>
          {t('batches.export_button')}
        </Button>
      ) : null}
      <ProblemAlert error={download.error} />
      <Dialog open={confirming} onClose={() => setConfirming(false)} title={t('batches.confirm_title')} initialFocus={cancelButton}>
        <p>{t('batches.confirm_text', { count: format.number(batch.quantity) })}</p>
        <p className="notice">{t('batches.export_warning')}</p>
        <div className="form-actions">
          <Button variant="danger" busy={download.busy} onClick={() => void download.run()}>
            {t('batches.confirm_download')}
          </Button>
          <Button ref={cancelButton} onClick={() => setConfirming(false)}>
            {t('batches.cancel')}
          </Button>
        </div>
      </Dialog>
    </CardSection>
  );
}
