import { useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { SelectField } from '../../shared/components/fields.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useAction } from '../../shared/components/use-action.js';
import { usePagedList } from '../../shared/components/use-paged-list.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { Link } from '../../shared/router.js';
import { JsonBlock } from '../components/json-block.js';
import { LoadFailure } from '../components/api-pending.js';
import { StateBadge } from '../components/state-badge.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { useSession } from '../session.js';
import { type Activity, couponsApi } from './coupons-api.js';
import { CardSection } from '../components/card-section.js';
import { DataTable } from '../components/data-table.js';

const STATES = ['draft', 'submitted', 'scheduled', 'running', 'ended', 'rejected'] as const;
const TONE: Record<string, 'ok' | 'warn' | 'danger' | 'plain'> = { running: 'ok', scheduled: 'ok', submitted: 'warn', draft: 'plain', ended: 'plain', rejected: 'danger' };
const MAKERS = ['operations', 'merchant'];

export function ActivityStateBadge({ state }: { state: string }) {
  const t = useT();
  return <StateBadge tone={TONE[state] ?? 'plain'}>{(STATES as readonly string[]).includes(state) ? t(`activity.state.${state as (typeof STATES)[number]}`) : state}</StateBadge>;
}

/** Coupon activities by state; new ones start in the wizard. */
export function ActivitiesPage() {
  const t = useT();
  const format = useFormat();
  const { session } = useSession();
  const [state, setState] = useState('');
  const list = usePagedList((cursor, signal) => couponsApi.activities(state, cursor, signal), [state]);
  if (list.error && list.items.length === 0) {
    return (
      <>
        <PageHeader title={t('nav.activities')} />
        <LoadFailure error={list.error} api={t('api.coupons')} onRetry={list.reload} />
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={t('nav.activities')}
        intro={t('activities.intro')}
        actions={
          MAKERS.includes(session?.user.role ?? '') ? (
            <Link to="/activities/new" className="button button--primary">
              {t('activities.new')}
            </Link>
          ) : null
        }
      />
      <section className="card" aria-labelledby="activities-list">
        <h2 id="activities-list" className="visually-hidden">
          {t('nav.activities')}
        </h2>
        <div className="filters">
          <SelectField label={t('common.state')} value={state} onChange={(e) => setState(e.target.value)} options={[{ value: '', label: t('common.all') }, ...STATES.map((s) => ({ value: s, label: t(`activity.state.${s}`) }))]} />
        </div>
        <DataTable
          labelledBy="activities-list"
          columns={[t('common.name'), t('wizard.method'), t('activities.window'), t('common.state')]}
          list={list}
          empty={t('activities.none')}
        >
          {(a: Activity) => (
            <tr key={a.id}>
              <td>
                <Link to={`/activities/${encodeURIComponent(a.id)}`}>{a.name}</Link>
              </td>
              <td>{methodLabel(t, a.method)}</td>
              <td className="nowrap">
                {a.starts_at ? format.date(a.starts_at) : '…'} – {a.ends_at ? format.date(a.ends_at) : '…'}
              </td>
              <td>
                <ActivityStateBadge state={a.state} />
              </td>
            </tr>
          )}
        </DataTable>
      </section>
    </>
  );
}

function methodLabel(t: ReturnType<typeof useT>, method: string): string {
  return ['claim', 'auto', 'link', 'code'].includes(method) ? t(`wizard.method.${method as 'claim'}`) : method;
}

/** One activity: its coupons with stock issued and returned, claim links, submit for review, end. */
export function ActivityPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const t = useT();
  const format = useFormat();
  const { session } = useSession();
  const activity = useResource((signal) => couponsApi.activity(id, signal), [id]);
  const submit = useAction(() => couponsApi.submitActivity(id));
  const end = useAction(() => couponsApi.endActivity(id));
  const [approvalId, setApprovalId] = useState<string | null>(null);
  const mayAct = MAKERS.includes(session?.user.role ?? '') || session?.user.role === 'admin';
  return (
    <>
      <PageHeader title={activity.state === 'ready' ? activity.data.name : t('nav.activities')} back={<Link to="/activities">← {t('nav.activities')}</Link>} />
      {activity.state === 'failed' ? <LoadFailure error={activity.error} api={t('api.coupons')} onRetry={activity.reload} /> : null}
      {activity.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {activity.state === 'ready' ? (
        <div className="stack">
          <CardSection id="activity-facts" title={t('activities.facts')}>
            <dl className="definition">
              <dt>{t('common.state')}</dt>
              <dd data-testid="activity-state">
                <ActivityStateBadge state={activity.data.state} />
              </dd>
              <dt>{t('wizard.method')}</dt>
              <dd>{methodLabel(t, activity.data.method)}</dd>
              <dt>{t('activities.window')}</dt>
              <dd>
                {activity.data.starts_at ? format.dateTime(activity.data.starts_at) : '…'} – {activity.data.ends_at ? format.dateTime(activity.data.ends_at) : '…'}
              </dd>
              <dt>{t('wizard.audience')}</dt>
              <dd>
                <JsonBlock value={activity.data.audience} />
              </dd>
              {activity.data.approval_id || approvalId ? (
                <>
                  <dt>{t('nav.approvals')}</dt>
                  <dd>
                    <Link to={`/approvals/${encodeURIComponent(approvalId ?? activity.data.approval_id ?? '')}`}>{t('budgets.open_request')}</Link>
                  </dd>
                </>
              ) : null}
            </dl>
            {mayAct ? (
              <div className="form-actions">
                {activity.data.state === 'draft' && MAKERS.includes(session?.user.role ?? '') ? (
                  <Button variant="primary" busy={submit.busy} onClick={() =>
                    void submit.run().then((r) => {
                      if (!r) return;
                      setApprovalId(r.id);
                      activity.reload();
                    })
                  }>
                    {t('activities.submit')}
                  </Button>
                ) : null}
                {activity.data.state === 'running' || activity.data.state === 'scheduled' ? (
                  <Button variant="danger" busy={end.busy} onClick={() => void end.run().then((r) => r && activity.reload())}>
                    {t('activities.end')}
                  </Button>
                ) : null}
              </div>
            ) : null}
            <ProblemAlert error={submit.error ?? end.error} />
          </CardSection>
          <CardSection id="activity-coupons" title={t('activities.coupons')}>
            <table className="table" aria-labelledby="activity-coupons">
              <thead>
                <tr>
                  <th scope="col">{t('wizard.template')}</th>
                  <th scope="col" className="num">
                    {t('orders.quantity')}
                  </th>
                  <th scope="col" className="num">
                    {t('activities.issued')}
                  </th>
                  <th scope="col" className="num">
                    {t('wizard.per_user')}
                  </th>
                  <th scope="col">{t('activities.rules')}</th>
                </tr>
              </thead>
              <tbody>
                {activity.data.coupons.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <code>{c.template_id}</code>
                      {c.link_token ? (
                        <p>
                          {t('activities.claim_link')}: <a href={`/shop/claim/${encodeURIComponent(c.link_token)}`}>/shop/claim/{c.link_token}</a>
                        </p>
                      ) : null}
                    </td>
                    <td className="num">{format.number(c.quantity)}</td>
                    <td className="num">
                      {format.number(c.issued)}
                      {c.returned ? ` (−${format.number(c.returned)})` : ''}
                    </td>
                    <td className="num">{format.number(c.per_user_limit)}</td>
                    <td>
                      <details>
                        <summary>{t('activities.rules')}</summary>
                        <JsonBlock value={{ validity: c.validity, condition: c.condition, scope: c.scope }} />
                      </details>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </CardSection>
        </div>
      ) : null}
    </>
  );
}
