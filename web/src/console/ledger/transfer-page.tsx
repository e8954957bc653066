import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { buildPath } from '../../shared/route-match.js';
import { Link } from '../../shared/router.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { transferKind } from './balances.js';
import { ledgerApi, type Transfer } from './ledger-api.js';
import { CardSection } from '../components/card-section.js';
import { Flags } from '../components/flags.js';

/** One transfer: both accounts, amount, flags, references, and its hold when it is pending. */
export function LedgerTransferPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const t = useT();
  const transfer = useResource((signal) => ledgerApi.transfer(id, signal), [id]);
  return (
    <>
      <PageHeader title={t('ledger.transfer_title', { id })} back={<Link to="/ledger">← {t('ledger.back')}</Link>} />
      {transfer.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {transfer.state === 'failed' ? <ProblemAlert error={transfer.error} onRetry={transfer.reload} /> : null}
      {transfer.state === 'ready' ? <TransferDetail transfer={transfer.data} /> : null}
    </>
  );
}

function AccountLink({ id }: { id: string }) {
  return (
    <Link to={buildPath('/ledger/accounts/:id', { id })} className="mono">
      {id}
    </Link>
  );
}

function TransferDetail({ transfer }: { transfer: Transfer }) {
  const t = useT();
  const format = useFormat();
  const kind = transferKind(transfer.flags);
  const refs = Object.entries(transfer.refs);
  return (
    <div className="grid">
      <CardSection id="transfer-main" title={t('ledger.transfer')}>
        <p className="balance">{format.money(transfer.amount, transfer.currency)}</p>
        <dl className="definition">
          <dt>{t('ledger.debit_account')}</dt>
          <dd>
            <AccountLink id={transfer.debit_account_id} />
          </dd>
          <dt>{t('ledger.credit_account')}</dt>
          <dd>
            <AccountLink id={transfer.credit_account_id} />
          </dd>
          <dt>{t('ledger.code')}</dt>
          <dd>
            <code>{transfer.code}</code>
          </dd>
          <dt>{t('ledger.state')}</dt>
          <dd>{t(`ledger.state.${kind}`)}</dd>
          <dt>{t('ledger.flags')}</dt>
          <dd>{transfer.flags.length ? <Flags names={transfer.flags} /> : t('ledger.none')}</dd>
          <dt>{t('ledger.when')}</dt>
          <dd>{format.dateTime(transfer.created_at)}</dd>
          <dt>{t('ledger.sequence')}</dt>
          <dd>{transfer.seq}</dd>
          {transfer.pending_id ? (
            <>
              <dt>{t('ledger.pending_id')}</dt>
              <dd>
                <Link to={buildPath('/ledger/transfers/:id', { id: transfer.pending_id })} className="mono">
                  {transfer.pending_id}
                </Link>
              </dd>
            </>
          ) : null}
          {transfer.timeout_s > 0 ? (
            <>
              <dt>{t('ledger.timeout')}</dt>
              <dd>{t('ledger.timeout_seconds', { n: transfer.timeout_s })}</dd>
            </>
          ) : null}
        </dl>
      </CardSection>
      <CardSection id="transfer-refs" title={t('ledger.refs')}>
        {refs.length ? (
          <dl className="definition">
            {refs.map(([name, value]) => (
              <div key={name} className="definition__pair">
                <dt>{name}</dt>
                <dd>
                  <code>{String(value)}</code>
                </dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="muted">{t('ledger.none')}</p>
        )}
        {transfer.hold ? (
          <>
            <h3>{t('ledger.hold')}</h3>
            <dl className="definition">
              <dt>{t('ledger.hold_state')}</dt>
              <dd>{transfer.hold.state}</dd>
              <dt>{t('ledger.hold_expires')}</dt>
              <dd>{transfer.hold.expires_at ? format.dateTime(transfer.hold.expires_at) : '—'}</dd>
              <dt>{t('ledger.hold_resolved_by')}</dt>
              <dd>{transfer.hold.resolved_by ?? '—'}</dd>
              <dt>{t('ledger.hold_resolved_at')}</dt>
              <dd>{transfer.hold.resolved_at ? format.dateTime(transfer.hold.resolved_at) : '—'}</dd>
            </dl>
          </>
        ) : null}
      </CardSection>
    </div>
  );
}
