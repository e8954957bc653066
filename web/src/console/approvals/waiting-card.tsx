import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useResource } from '../../shared/components/use-resource.js';
import { Link } from '../../shared/router.js';
import { useT } from '../i18n.js';
import { approvalsApi } from './approvals-api.js';
import { CardSection } from '../components/card-section.js';

/** The dashboard's count of requests waiting for this reviewer, linking to the inbox. */
export function WaitingForReviewCard() {
  const t = useT();
  const waiting = useResource((signal) => approvalsApi.list({ decidable: true, state: '', kind: '' }, undefined, signal), []);
  return (
    <CardSection id="dashboard-waiting" title={t('approvals.waiting_title')}>
      {waiting.state === 'failed' ? <ProblemAlert error={waiting.error} onRetry={waiting.reload} /> : null}
      <p className="balance" role="status" data-testid="waiting-count">
        {waiting.state === 'ready' ? `${waiting.data.items.length}${waiting.data.next_cursor ? '+' : ''}` : '…'}
      </p>
      <Link to="/approvals">{t('approvals.open_inbox')} →</Link>
    </CardSection>
  );
}
