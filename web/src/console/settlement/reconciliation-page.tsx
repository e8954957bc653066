import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { SelectField, TextField } from '../../shared/components/fields.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useAction } from '../../shared/components/use-action.js';
import { usePagedList } from '../../shared/components/use-paged-list.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { Link, useRouter } from '../../shared/router.js';
import { LoadFailure } from '../components/api-pending.js';
import { StateBadge } from '../components/state-badge.js';
import { fieldError } from '../components/validation.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { useSession } from '../session.js';
import { DIFFERENCE_RESULTS, RESULTS, type Run, saveBlob, settlementApi } from './settlement-api.js';
import { CardSection } from '../components/card-section.js';
import { DataTable } from '../components/data-table.js';
import { FormFooter } from '../components/form-footer.js';

/** Reconciliation: upload a provider's file, follow the run, work through its differences, export them. */
export function ReconciliationPage() {
  const t = useT();
  const format = useFormat();
  const { session } = useSession();
  const { navigate } = useRouter();
  const runs = usePagedList((cursor, signal) => settlementApi.runs(cursor, signal), []);
  const mayUpload = ['admin', 'finance'].includes(session?.user.role ?? '');
  if (runs.error && runs.items.length === 0) {
    return (
      <>
        <PageHeader title={t('nav.reconciliation')} />
        <LoadFailure error={runs.error} api={t('api.settlement')} onRetry={runs.reload} />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('nav.reconciliation')} intro={t('recon.intro')} />
      {mayUpload ? <UploadForm onUploaded={(run) => navigate(`/reconciliation/${encodeURIComponent(run.id)}`)} /> : null}
      <CardSection id="recon-runs" title={t('recon.runs')}>
        <DataTable
          labelledBy="recon-runs"
          columns={[t('common.created'), t('recon.source'), { label: t('recon.rows'), num: true }, { label: t('recon.differences'), num: true }, t('common.state')]}
          list={runs}
          empty={t('recon.none')}
        >
          {(run) => (
            <tr key={run.id}>
              <td className="nowrap">
                <Link to={`/reconciliation/${encodeURIComponent(run.id)}`}>{format.dateTime(run.created_at)}</Link>
              </td>
              <td>{run.source}</td>
              <td className="num">{format.number(run.file_rows)}</td>
              <td className="num">{run.summary ? format.number(differenceCount(run)) : '—'}</td>
              <td>
                <RunState run={run} />
              </td>
            </tr>
          )}
        </DataTable>
      </CardSection>
    </>
  );
}

function differenceCount(run: Run): number {
  const summary = run.summary;
  if (!summary) return 0;
  return DIFFERENCE_RESULTS.reduce((n, r) => n + summary.results[r].count, 0);
}

function RunState({ run }: { run: Run }) {
  const t = useT();
  return <StateBadge tone={run.state === 'done' ? (differenceCount(run) ? 'warn' : 'ok') : 'plain'}>{t(`recon.state.${run.state}`)}</StateBadge>;
}

function UploadForm({ onUploaded }: { onUploaded(run: Run): void }) {
  const t = useT();
  const mappings = useResource((signal) => settlementApi.mappings(signal), []);
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState('');
  const [source, setSource] = useState('');
  const [complaint, setComplaint] = useState<string | undefined>();
  const [sourceComplaint, setSourceComplaint] = useState<string | undefined>();
  const upload = useAction((f: File) => settlementApi.upload(f, { ...(mapping ? { mapping } : {}), ...(source.trim() ? { source: source.trim() } : {}) }));
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setComplaint(t('recon.file_required'));
      return;
    }
    if (source.trim() && !/^[A-Za-z0-9._-]+$/.test(source.trim())) {
      setSourceComplaint(t('form.pattern', { rule: 'A–Z a–z 0–9 . _ -' }));
      return;
    }
    setComplaint(undefined);
    setSourceComplaint(undefined);
    const run = await upload.run(file);
    if (run) onUploaded(run);
  }
  return (
    <CardSection id="recon-upload" title={t('recon.upload')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-grid">
          <TextField label={t('recon.file')} name="file" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} error={complaint} hint={t('recon.file_hint')} />
          <SelectField
            label={t('recon.mapping')}
            value={mapping}
            onChange={(e) => setMapping(e.target.value)}
            options={[{ value: '', label: t('recon.default_mapping') }, ...(mappings.data?.items ?? []).filter((m) => m.name !== 'default').map((m) => ({ value: m.name, label: m.name }))]}
          />
          <TextField label={t('recon.source')} name="source" value={source} onChange={(e) => setSource(e.target.value)} placeholder="alipay" error={sourceComplaint ?? fieldError(upload.error, 'source')} />
        </div>
        <FormFooter submit={t('recon.start')} busy={upload.busy} error={upload.error} />
      </form>
    </CardSection>
  );
}

/** One run: the summary per result (polled until matched), then its differences with CSV export. */
export function ReconciliationRunPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const t = useT();
  const format = useFormat();
  const run = useResource((signal) => settlementApi.run(id, signal), [id]);
  const reload = useRef(run.reload);
  reload.current = run.reload;
  const state = run.data?.state;
  useEffect(() => {
    if (!state || state === 'done') return;
    const timer = setTimeout(() => reload.current(), 1000);
    return () => clearTimeout(timer);
  }, [state]);
  const [result, setResult] = useState('');
  const exportCsv = useAction(async () => {
    saveBlob(await settlementApi.differencesCsv(id), `reconciliation-${id}.csv`);
    return true;
  });
  return (
    <>
      <PageHeader title={t('recon.run')} back={<Link to="/reconciliation">← {t('nav.reconciliation')}</Link>} />
      {run.state === 'failed' ? <LoadFailure error={run.error} api={t('api.settlement')} onRetry={run.reload} /> : null}
      {run.data ? (
        <div className="stack">
          <CardSection id="recon-summary" title={t('recon.summary')}>
            <p>
              <RunState run={run.data} /> {t('recon.rows_count', { rows: run.data.file_rows })}
              {run.data.period_from && run.data.period_to ? ` · ${format.dateTime(run.data.period_from)} – ${format.dateTime(run.data.period_to)}` : ''}
            </p>
            {run.data.summary ? (
              <table className="table" aria-labelledby="recon-summary" data-testid="recon-summary">
                <thead>
                  <tr>
                    <th scope="col">{t('recon.result')}</th>
                    <th scope="col" className="num">
                      {t('recon.count')}
                    </th>
                    <th scope="col" className="num">
                      {t('recon.theirs')}
                    </th>
                    <th scope="col" className="num">
                      {t('recon.ours')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {RESULTS.map((r) => (
                    <tr key={r}>
                      <th scope="row">{t(`recon.result.${r}`)}</th>
                      <td className="num">{format.number(run.data?.summary?.results[r].count ?? 0)}</td>
                      <td className="num">{format.money(run.data?.summary?.results[r].their_amount ?? 0)}</td>
                      <td className="num">{format.money(run.data?.summary?.results[r].our_amount ?? 0)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p role="status">{t('recon.matching')}</p>
            )}
          </CardSection>
          {run.data.state === 'done' ? (
            <CardSection id="recon-diffs" title={t('recon.differences')}>
              <div className="filters">
                <SelectField label={t('recon.result')} value={result} onChange={(e) => setResult(e.target.value)} options={[{ value: '', label: t('common.all') }, ...DIFFERENCE_RESULTS.map((r) => ({ value: r, label: t(`recon.result.${r}`) }))]} />
                <Button busy={exportCsv.busy} onClick={() => void exportCsv.run()}>
                  {t('recon.export')}
                </Button>
              </div>
              <ProblemAlert error={exportCsv.error} />
              <Differences runId={id} result={result} />
            </CardSection>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

function Differences({ runId, result }: { runId: string; result: string }) {
  const t = useT();
  const format = useFormat();
  const list = usePagedList((cursor, signal) => settlementApi.differences(runId, result, cursor, signal), [runId, result]);
  return (
    <DataTable
      labelledBy="recon-diffs"
      columns={[t('recon.result'), t('recon.reference'), t('recon.kind'), { label: t('recon.line'), num: true }, { label: t('recon.theirs'), num: true }, { label: t('recon.ours'), num: true }, t('ledger.transfer')]}
      list={list}
      empty={t('recon.no_differences')}
    >
      {(d) => (
        <tr key={d.id}>
          <td>
            <StateBadge tone={d.result === 'amount_differs' ? 'danger' : 'warn'}>{t(`recon.result.${d.result}`)}</StateBadge>
          </td>
          <td className="mono">{d.reference}</td>
          <td>{t(`recon.kind.${d.kind}`)}</td>
          <td className="num">{d.line ?? '—'}</td>
          <td className="num">{d.their_amount !== null ? format.money(d.their_amount, d.currency) : '—'}</td>
          <td className="num">{d.our_amount !== null ? format.money(d.our_amount, d.currency) : '—'}</td>
          <td>{d.transfer_id ? <Link to={`/ledger/transfers/${encodeURIComponent(d.transfer_id)}`}>{d.transfer_id}</Link> : '—'}</td>
        </tr>
      )}
    </DataTable>
  );
}
