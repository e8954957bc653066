import { type FormEvent, useState } from 'react';
import { isNotYetAvailable } from '../../shared/api.js';
import { Button } from '../../shared/components/button.js';
import { SelectField, TextField } from '../../shared/components/fields.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { Upcoming } from '../../shared/components/upcoming.js';
import { useAction } from '../../shared/components/use-action.js';
import { platformDay } from '../../shared/dates.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { fieldError } from '../components/validation.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { api, useSession } from '../session.js';
import { isMoneyColumn, parseCsv } from './report-table.js';
import { saveBlob } from './settlement-api.js';
import { DataTable } from '../components/data-table.js';
import { FormFooter } from '../components/form-footer.js';

const REPORTS = [
  { id: 'liability', roles: ['admin', 'finance', 'auditor'] },
  { id: 'breakage', roles: ['admin', 'finance', 'auditor'] },
  { id: 'budgets', roles: ['admin', 'finance', 'operations', 'auditor'] },
  { id: 'activities', roles: ['admin', 'finance', 'operations', 'auditor'] },
  { id: 'merchants', roles: ['admin', 'finance', 'auditor', 'merchant'] },
  { id: 'trial-balance', roles: ['admin', 'finance', 'auditor'] },
] as const;
type ReportId = (typeof REPORTS)[number]['id'];

/** Reports from the ledger (liability roll-forward, breakage, budgets, activities, merchants, trial balance) with CSV export. */
export function ReportsPage() {
  const t = useT();
  const format = useFormat();
  const { session } = useSession();
  const role = session?.user.role ?? 'auditor';
  const mine = REPORTS.filter((r) => (r.roles as readonly string[]).includes(role));
  const today = platformDay(new Date().toISOString(), format.timeZone);
  const [report, setReport] = useState<ReportId>(mine[0]?.id ?? 'merchants');
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [shown, setShown] = useState<{ report: ReportId; rows: string[][]; blob: Blob } | null>(null);
  const [complaint, setComplaint] = useState<string | undefined>();
  const load = useAction(async () => {
    const query = report === 'trial-balance' ? { date: to, format: 'csv' } : { from, to, format: 'csv' };
    const blob = await api.get<Blob>(`/v1/settlement/reports/${report}`, { query, asBlob: true });
    setShown({ report, rows: parseCsv(await blob.text()), blob });
    return true;
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (report !== 'trial-balance' && from > to) {
      setComplaint(t('wizard.ends_before_starts'));
      return;
    }
    setComplaint(undefined);
    void load.run();
  }
  const [header = [], ...body] = shown?.rows ?? [];
  const money = header.map((name, i) => isMoneyColumn(name, body.map((r) => r[i] ?? '')));
  return (
    <>
      <PageHeader title={t('nav.reports')} intro={t('reports.intro')} />
      <section className="card" aria-labelledby="reports-form">
        <h2 id="reports-form" className="visually-hidden">
          {t('nav.reports')}
        </h2>
        <form className="filters" onSubmit={submit} noValidate>
          <SelectField label={t('reports.report')} value={report} onChange={(e) => setReport(e.target.value as ReportId)} options={mine.map((r) => ({ value: r.id, label: t(`reports.${r.id}`) }))} />
          {report !== 'trial-balance' ? <TextField label={t('audit.from')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} error={fieldError(load.error, 'from')} /> : null}
          <TextField label={report === 'trial-balance' ? t('reports.as_of') : t('audit.to')} type="date" value={to} onChange={(e) => setTo(e.target.value)} error={complaint ?? fieldError(load.error, 'to')} hint={t('audit.days_hint', { zone: format.timeZone })} />
          <FormFooter submit={t('reports.show')} busy={load.busy}>
            {shown ? <Button onClick={() => saveBlob(shown.blob, `${shown.report}-${from}-${to}.csv`)}>{t('reports.export')}</Button> : null}
          </FormFooter>
        </form>
        {isNotYetAvailable(load.error) ? <Upcoming api={t('api.reports')} compact /> : <ProblemAlert error={load.error} />}
        {shown ? (
          <DataTable
            label={t(`reports.${shown.report}`)}
            testId="report-table"
            columns={header.map((h, i) => ({ label: h.replace(/_/g, ' '), num: money[i] }))}
            items={body}
            empty={t('reports.empty')}
          >
            {(row, r) => (
              <tr key={`row-${r.toString()}`}>
                {row.map((cell, i) => (
                  <td key={`${header[i] ?? i}`} className={money[i] ? 'num' : undefined}>
                    {money[i] && cell !== '' ? format.money(BigInt(cell)) : cell}
                  </td>
                ))}
              </tr>
            )}
          </DataTable>
        ) : null}
      </section>
    </>
  );
}
