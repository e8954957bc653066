import { type FormEvent, useState } from 'react';
import type { ApiAnswer } from '../../shared/api-types.js';
import { Button } from '../../shared/components/button.js';
import { TextAreaField } from '../../shared/components/fields.js';
import { fieldErrorFor, ProblemAlert } from '../../shared/components/problem-alert.js';
import { useAction } from '../../shared/components/use-action.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { Link } from '../../shared/router.js';
import { JsonBlock } from '../components/json-block.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { isConsoleRole } from '../roles.js';
import { api, useSession } from '../session.js';
import { type ApprovalDetail, COMMENT_MAX, commentProblem, type Decision, approvalsApi, stageOf } from './approvals-api.js';
import { ApprovalStateBadge } from './state.js';
import { CardSection } from '../components/card-section.js';

const REVIEWERS = ['operations', 'finance'];

/** One request: what it asks (kind, amount, payload), who made it, every decision, and the review form. */
export function ApprovalPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const t = useT();
  const request = useResource((signal) => approvalsApi.get(id, signal), [id]);
  const me = useResource((signal) => api.get<ApiAnswer<'/v1/sessions/current', 'get'>>('/v1/sessions/current', { signal }), []);
  return (
    <>
      <PageHeader title={t('approval.title')} back={<Link to="/approvals">← {t('nav.approvals')}</Link>} />
      {request.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {request.state === 'failed' ? <ProblemAlert error={request.error} onRetry={request.reload} /> : null}
      {request.state === 'ready' ? <ApprovalDetailView request={request.data} myId={me.data?.user.id ?? null} onDecided={request.reload} /> : null}
    </>
  );
}

function ApprovalDetailView({ request, myId, onDecided }: { request: ApprovalDetail; myId: string | null; onDecided(): void }) {
  const t = useT();
  const format = useFormat();
  const stage = stageOf(request.state);
  return (
    <div className="stack">
      <div className="grid">
        <CardSection id="approval-what" title={t('approval.request')}>
          <dl className="definition">
            <dt>{t('approvals.kind')}</dt>
            <dd>
              <code data-testid="approval-kind">{request.kind}</code>
            </dd>
            <dt>{t('approvals.subject')}</dt>
            <dd>{request.subject}</dd>
            <dt>{t('approvals.amount')}</dt>
            <dd data-testid="approval-amount">{request.amount !== null && request.currency ? format.money(request.amount, request.currency) : '—'}</dd>
            <dt>{t('approvals.state')}</dt>
            <dd>
              <ApprovalStateBadge state={request.state} />
            </dd>
            <dt>{t('approvals.maker')}</dt>
            <dd>
              <code>{request.maker_id}</code>
              {myId === request.maker_id ? ` (${t('approval.you')})` : ''}
            </dd>
            <dt>{t('approvals.created')}</dt>
            <dd>{format.dateTime(request.created_at)}</dd>
            {request.merchant_id ? (
              <>
                <dt>{t('common.merchant')}</dt>
                <dd>{request.merchant_id}</dd>
              </>
            ) : null}
            {request.hold_transfer_id ? (
              <>
                <dt>{t('approval.hold')}</dt>
                <dd>
                  <Link to={`/ledger/transfers/${encodeURIComponent(request.hold_transfer_id)}`}>{request.hold_transfer_id}</Link>
                </dd>
              </>
            ) : null}
          </dl>
          <h3 className="card__title">{t('approval.payload')}</h3>
          <JsonBlock value={request.payload} label={t('approval.payload')} />
        </CardSection>
        <CardSection id="approval-history" title={t('approval.history')}>
          <ol className="timeline" data-testid="approval-history">
            <li>
              <strong>{t('approval.submitted')}</strong> · <code>{request.maker_id}</code>
              <br />
              <span className="muted">{format.dateTime(request.created_at)}</span>
            </li>
            {request.decisions.map((d) => (
              <li key={d.id}>
                <strong>{t('approval.decision_line', { stage: stageWord(t, d.stage), decision: decisionWord(t, d.decision) })}</strong> · <code>{d.actor_id}</code>
                {d.actor_role ? ` (${roleWord(t, d.actor_role)})` : ''}
                <br />
                <span className="muted">{format.dateTime(d.at)}</span>
                {d.comment ? <p className="approval__comment">“{d.comment}”</p> : null}
              </li>
            ))}
          </ol>
        </CardSection>
      </div>
      {stage ? <DecisionForm request={request} stage={stage} isMaker={myId === request.maker_id} onDecided={onDecided} /> : null}
    </div>
  );
}

function DecisionForm({ request, stage, isMaker, onDecided }: { request: ApprovalDetail; stage: 'first' | 'final'; isMaker: boolean; onDecided(): void }) {
  const t = useT();
  const { session } = useSession();
  const [comment, setComment] = useState('');
  const [localError, setLocalError] = useState<string | undefined>();
  const [done, setDone] = useState<string | null>(null);
  const action = useAction((decision: Decision) => approvalsApi.decide(request.id, decision, comment));
  const canReview = !isMaker && REVIEWERS.includes(session?.user.role ?? '');
  async function decide(decision: Decision, event?: FormEvent) {
    event?.preventDefault();
    const local = commentProblem(decision, comment);
    if (local) {
      setLocalError(t(local === 'comment_required' ? 'approval.comment_required' : 'approval.comment_too_long', { max: COMMENT_MAX }));
      return;
    }
    setLocalError(undefined);
    const result = await action.run(decision);
    if (result) {
      setDone(t(`approval.done.${decision}`));
      setComment('');
      onDecided();
    }
  }
  return (
    <CardSection id="approval-decide" title={t(stage === 'first' ? 'approval.first_review' : 'approval.final_review')}>
      <p className="muted">{t(stage === 'first' ? 'approval.first_review_who' : 'approval.final_review_who')}</p>
      {isMaker ? <p className="notice">{t('approval.maker_note')}</p> : null}
      <form onSubmit={(e) => void decide('approve', e)} noValidate>
        <TextAreaField
          label={t('approval.comment')}
          hint={t('approval.comment_hint')}
          name="comment"
          value={comment}
          maxLength={COMMENT_MAX}
          onChange={(e) => {
            setComment(e.target.value);
            setLocalError(undefined);
          }}
          error={localError ?? fieldErrorFor(action.error, 'comment')}
        />
        <div className="form-actions">
          {canReview ? (
            <>
              <Button type="submit" variant="primary" busy={action.busy}>
                {t('approval.approve')}
              </Button>
              <Button variant="danger" busy={action.busy} onClick={() => void decide('reject')}>
                {t('approval.reject')}
              </Button>
            </>
          ) : null}
          {isMaker ? (
            <Button busy={action.busy} onClick={() => void decide('cancel')}>
              {t('approval.cancel')}
            </Button>
          ) : null}
        </div>
        {!canReview && !isMaker ? <p className="muted">{t('approval.not_reviewer')}</p> : null}
      </form>
      <ProblemAlert error={action.error} />
      <p role="status">{done ?? ''}</p>
    </CardSection>
  );
}

type Tr = ReturnType<typeof useT>;
const stageWord = (t: Tr, stage: string) => (stage === 'first' || stage === 'final' || stage === 'maker' ? t(`approval.stage.${stage}`) : stage);
const decisionWord = (t: Tr, decision: string) => (decision === 'approve' || decision === 'reject' || decision === 'cancel' ? t(`approval.decision.${decision}`) : decision);
const roleWord = (t: Tr, role: string) => (isConsoleRole(role) ? t(`role.${role}`) : role);
