import { useMemo, useState } from 'react';
import type { ApiAnswer } from '../../shared/api-types.js';
import { BarChart } from '../../shared/charts/bar-chart.js';
import { LineChart } from '../../shared/charts/line-chart.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { SelectField } from '../../shared/components/fields.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { defaultCurrency } from '../../shared/settings.js';
import { WaitingForReviewCard } from '../approvals/waiting-card.js';
import { useT } from '../i18n.js';
import { AccountLookupForm } from '../ledger/lookup-page.js';
import { api, useSession } from '../session.js';
import { DASHBOARD_PANELS, type Panel } from './dashboard-panels.js';
import { PageHeader } from './page-header.js';
import { CardSection } from '../components/card-section.js';

export function Dashboard() {
  const t = useT();
  const { session } = useSession();
  if (!session) return null;
  const role = session.user.role;
  const panels = DASHBOARD_PANELS.filter((p) => p.roles.includes(role));
  const ledger = role === 'admin' || role === 'finance' || role === 'auditor';
  return (
    <>
      <PageHeader title={t('dashboard.title')} intro={t('dashboard.welcome', { name: session.user.username })} />
      <div className="grid dashboard__top">
        <ServiceCard />
        {role === 'operations' || role === 'finance' ? <WaitingForReviewCard /> : null}
        {ledger ? (
          <CardSection id="dashboard-ledger" title={t('dashboard.ledger_lookup')}>
            <AccountLookupForm />
          </CardSection>
        ) : null}
      </div>
      <div className="grid grid--wide dashboard__charts">
        {panels.map((panel) => (
          <section key={panel.id} className="card">
            <PanelChart panel={panel} />
          </section>
        ))}
      </div>
    </>
  );
}

function ServiceCard() {
  const t = useT();
  const format = useFormat();
  const ready = useResource((signal) => api.get<ApiAnswer<'/ready', 'get'>>('/ready', { signal }), []);
  return (
    <CardSection id="dashboard-service" title={t('dashboard.service')}>
      <dl className="definition">
        <dt>API</dt>
        <dd role="status">
          {ready.state === 'loading' ? (
            t('dashboard.checking')
          ) : ready.state === 'ready' && ready.data.status === 'ready' ? (
            <span className="badge badge--ok">{t('dashboard.ready')}</span>
          ) : (
            <span className="badge badge--danger">{t('dashboard.not_ready')}</span>
          )}
        </dd>
        <dt>{t('dashboard.time_zone')}</dt>
        <dd>{format.timeZone}</dd>
        <dt>{t('dashboard.currency')}</dt>
        <dd>{defaultCurrency()}</dd>
        <dt>{t('dashboard.api_docs')}</dt>
        <dd>
          <a href="/docs">/docs</a> · <a href="/openapi.json">/openapi.json</a>
        </dd>
      </dl>
    </CardSection>
  );
}

function PanelChart({ panel }: { panel: Panel }) {
  const t = useT();
  const format = useFormat();
  const data = useResource((signal) => panel.load(signal), [panel]);
  const toViews = data.data;
  const views = useMemo(() => (toViews ? toViews({ t, format }) : []), [toViews, t, format]);
  const [chosen, choose] = useState<string | undefined>(undefined);
  const title = t(panel.title);
  if (data.state === 'failed') {
    return (
      <>
        <h2 className="card__title">{title}</h2>
        <ProblemAlert error={data.error} onRetry={data.reload} />
      </>
    );
  }
  // Until the user chooses, show the first view that has something to draw.
  const view = views.find((v) => v.id === chosen) ?? views.find((v) => v.points.some((p) => p.value !== 0)) ?? views[0];
  const formatValue = view?.unit === 'money' ? (v: number) => format.money(Math.round(v)) : format.number;
  const Chart = view?.chart === 'line' ? LineChart : BarChart;
  const several = panel.selector !== undefined && views.length > 1;
  return (
    <>
      {several ? <h2 className="card__title">{title}</h2> : null}
      {several && panel.selector ? (
        <SelectField
          label={t(panel.selector)}
          fieldClassName="dashboard__view"
          value={view?.id}
          onChange={(event) => choose(event.target.value)}
          options={views.map((v) => ({ value: v.id, label: v.label }))}
        />
      ) : null}
      <Chart title={several && view ? view.label : title} points={view?.points ?? []} format={formatValue} empty={t(data.state === 'loading' ? 'common.loading' : 'chart.no_data')} />
    </>
  );
}
