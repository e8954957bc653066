import { useFormat } from '../../shared/i18n/i18n.js';
import { Link } from '../../shared/router.js';
import { StateBadge } from '../components/state-badge.js';
import { useT } from '../i18n.js';
import { batchPhase, PHASE_TONE, progressPercent } from './batches.js';
import type { Batch } from './giftcards-api.js';

/** Where a batch is, in words: its approval stage with a link to it, generation progress, or the export. */
export function BatchStatus({ batch }: { batch: Batch }) {
  const t = useT();
  const format = useFormat();
  const phase = batchPhase(batch);
  return (
    <span className="batch-status">
      <StateBadge tone={PHASE_TONE[phase]}>{t(`batches.phase.${phase}`)}</StateBadge>{' '}
      {(phase === 'first_review' || phase === 'final_review') && batch.approval_id ? <Link to={`/approvals/${encodeURIComponent(batch.approval_id)}`}>{t('batches.open_approval')}</Link> : null}
      {phase === 'generating' || phase === 'ready' || phase === 'exported' ? (
        <span className="nowrap">
          {phase === 'generating' ? <progress className="batch-status__bar" max={100} value={progressPercent(batch)} aria-label={t('batches.progress_label')} /> : null}{' '}
          <span data-testid="batch-progress">{t('batches.progress', { generated: format.number(batch.generated), quantity: format.number(batch.quantity) })}</span>
        </span>
      ) : null}
    </span>
  );
}

/** "name" for staff, the actor id otherwise (API keys, jobs). */
export function actorName(id: string | null, name: string | null): string {
  return name ?? id ?? '—';
}
