import { BarChart } from '../../shared/charts/bar-chart.js';
import { LineChart } from '../../shared/charts/line-chart.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { usePagedList } from '../../shared/components/use-paged-list.js';
import { useResource } from '../../shared/components/use-resource.js';
import { platformDay } from '../../shared/dates.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { Link } from '../../shared/router.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { balanceSeries, dailyMovement, normalSide, readBalances } from './balances.js';
import { HistoryTable } from './history-table.js';
import { type Account, ledgerApi } from './ledger-api.js';
import { CardSection } from '../components/card-section.js';
import { ListFooter } from '../components/list-footer.js';
import { Flags } from '../components/flags.js';

/** One ledger account: its balances, charts of its history, and the history page by page. */
export function LedgerAccountPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const t = useT();
  const account = useResource((signal) => ledgerApi.account(id, signal), [id]);
  return (
    <>
      <PageHeader title={t('ledger.account_title', { id })} back={<Link to="/ledger">← {t('ledger.back')}</Link>} />
      {account.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {account.state === 'failed' ? <ProblemAlert error={account.error} onRetry={account.reload} /> : null}
      {account.state === 'ready' ? <AccountDetail account={account.data} /> : null}
    </>
  );
}

function AccountDetail({ account }: { account: Account }) {
  const t = useT();
  const format = useFormat();
  const side = normalSide(account.flags);
  const reading = readBalances(account, side);
  const money = (minor: number | bigint) => format.money(minor, account.currency);
  const history = usePagedList((cursor, signal) => ledgerApi.history(account.id, cursor, signal), [account.id]);
  const series = balanceSeries(history.items, side);
  const daily = dailyMovement(account.id, history.items, side, (iso) => platformDay(iso, format.timeZone));
  return (
    <div className="stack">
      <div className="grid">
        <CardSection id="account-balance" title={t('ledger.balance')}>
          <p className="balance" data-testid="account-balance">
            {money(reading.posted)}
          </p>
          <p className="muted">{t(side === 'credit' ? 'ledger.normal_credit' : 'ledger.normal_debit')}</p>
          <dl className="definition">
            <dt>{t('ledger.available')}</dt>
            <dd className="num-left">{money(reading.available)}</dd>
            <dt>{t('ledger.pending')}</dt>
            <dd className="num-left">{money(reading.pending)}</dd>
          </dl>
        </CardSection>
        <CardSection id="account-sums" title={t('ledger.account')}>
          <dl className="definition">
            <dt>{t('ledger.code')}</dt>
            <dd>
              <code>{account.code}</code>
            </dd>
            <dt>{t('ledger.currency')}</dt>
            <dd>{account.currency}</dd>
            <dt>{t('ledger.flags')}</dt>
            <dd>{account.flags.length ? <Flags names={account.flags} /> : t('ledger.none')}</dd>
            <dt>{t('ledger.created')}</dt>
            <dd>{format.dateTime(account.created_at)}</dd>
            <dt>{t('ledger.posted_debits')}</dt>
            <dd>{money(account.debits_posted)}</dd>
            <dt>{t('ledger.posted_credits')}</dt>
            <dd>{money(account.credits_posted)}</dd>
            <dt>{t('ledger.pending_debits')}</dt>
            <dd>{money(account.debits_pending)}</dd>
            <dt>{t('ledger.pending_credits')}</dt>
            <dd>{money(account.credits_pending)}</dd>
            {Object.keys(account.metadata).length ? (
              <>
                <dt>{t('ledger.metadata')}</dt>
                <dd>
                  <code>{JSON.stringify(account.metadata)}</code>
                </dd>
              </>
            ) : null}
          </dl>
        </CardSection>
      </div>
      {history.items.length > 0 ? (
        <div className="grid">
          <section className="card">
            <LineChart title={t('ledger.balance_chart')} points={series.map((p) => ({ label: format.day(p.at), value: Number(p.posted) }))} format={(v) => money(Math.round(v))} />
          </section>
          <section className="card">
            <BarChart title={t('ledger.daily_chart')} points={daily.map((d) => ({ label: format.dayKey(d.day), value: Number(d.net) }))} format={(v) => money(Math.round(v))} />
          </section>
        </div>
      ) : null}
      <CardSection id="account-history" title={t('ledger.history')}>
        <HistoryTable account={account} side={side} items={history.items} labelledBy="account-history" />
        <ListFooter list={history} empty={t('ledger.history_empty')} showing={(count) => t('ledger.showing', { count })} />
      </CardSection>
    </div>
  );
}
