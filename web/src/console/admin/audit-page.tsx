import { type FormEvent, useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { TextField } from '../../shared/components/fields.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useAction } from '../../shared/components/use-action.js';
import { usePagedList } from '../../shared/components/use-paged-list.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { endOfDayIso, startOfDayIso } from '../../shared/zoned-time.js';
import { JsonBlock } from '../components/json-block.js';
import { StateBadge } from '../components/state-badge.js';
import { fieldError } from '../components/validation.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { type AuditFilters, adminApi } from './admin-api.js';
import { DataTable } from '../components/data-table.js';
import { FormFooter } from '../components/form-footer.js';

type FormValues = { entity_type: string; entity_id: string; actor_id: string; action: string; from_day: string; to_day: string };
const EMPTY: FormValues = { entity_type: '', entity_id: '', actor_id: '', action: '', from_day: '', to_day: '' };

/** Every change, who made it and when: filters by entity, actor, action and days (platform time zone); cursor paging; chain check. */
export function AuditPage() {
  const t = useT();
  const format = useFormat();
  const [form, setForm] = useState<FormValues>(EMPTY);
  const [filters, setFilters] = useState<AuditFilters>({});
  const [rangeError, setRangeError] = useState<string | undefined>();
  const list = usePagedList((cursor, signal) => adminApi.audit(filters, cursor, signal), [filters]);
  const verify = useAction(adminApi.verifyAudit);
  const [verified, setVerified] = useState<Awaited<ReturnType<typeof adminApi.verifyAudit>> | null>(null);

  function apply(event: FormEvent) {
    event.preventDefault();
    if (form.from_day && form.to_day && form.from_day > form.to_day) {
      setRangeError(t('audit.range_invalid'));
      return;
    }
    setRangeError(undefined);
    const next: AuditFilters = {};
    for (const key of ['entity_type', 'entity_id', 'actor_id', 'action'] as const) if (form[key].trim()) next[key] = form[key].trim();
    const from = form.from_day ? startOfDayIso(form.from_day, format.timeZone) : null;
    const to = form.to_day ? endOfDayIso(form.to_day, format.timeZone) : null;
    if (from) next.from = from;
    if (to) next.to = to;
    setFilters(next);
  }
  const set = (key: keyof FormValues) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  return (
    <>
      <PageHeader
        title={t('nav.audit_log')}
        intro={t('audit.intro')}
        actions={
          <Button busy={verify.busy} onClick={() => void verify.run().then((r) => r && setVerified(r))}>
            {t('audit.verify')}
          </Button>
        }
      />
      <ProblemAlert error={verify.error} />
      {verified ? (
        <p className={verified.ok ? 'notice' : 'problem'} role="status" data-testid="audit-verify">
          {verified.ok
            ? t('audit.verify_ok', { sealed: verified.sealed, unsealed: verified.unsealed })
            : t('audit.verify_broken', { entry: verified.first_broken ?? '?', sealed: verified.sealed })}
        </p>
      ) : null}
      <section className="card" aria-labelledby="audit-list">
        <h2 id="audit-list" className="visually-hidden">
          {t('nav.audit_log')}
        </h2>
        <form className="filters" onSubmit={apply} aria-label={t('common.filters')} noValidate>
          <TextField label={t('audit.entity_type')} value={form.entity_type} onChange={set('entity_type')} placeholder="api_key" error={fieldError(list.error, 'entity_type')} />
          <TextField label={t('audit.entity_id')} value={form.entity_id} onChange={set('entity_id')} error={fieldError(list.error, 'entity_id')} />
          <TextField label={t('audit.actor')} value={form.actor_id} onChange={set('actor_id')} placeholder="staff:…" error={fieldError(list.error, 'actor_id')} />
          <TextField label={t('audit.action')} value={form.action} onChange={set('action')} placeholder="api_key.create" error={fieldError(list.error, 'action')} />
          <TextField label={t('audit.from')} type="date" value={form.from_day} onChange={set('from_day')} error={rangeError} />
          <TextField label={t('audit.to')} type="date" value={form.to_day} onChange={set('to_day')} hint={t('audit.days_hint', { zone: format.timeZone })} />
          <FormFooter submit={t('common.apply')}>
            <Button
              onClick={() => {
                setForm(EMPTY);
                setFilters({});
                setRangeError(undefined);
              }}
            >
              {t('common.clear')}
            </Button>
          </FormFooter>
        </form>
        <DataTable
          labelledBy="audit-list"
          columns={[t('audit.when'), t('audit.actor'), t('audit.action'), t('audit.entity'), t('audit.change'), t('audit.chain')]}
          list={list}
          empty={t('audit.none')}
        >
          {(entry) => (
            <tr key={entry.seq}>
              <td className="nowrap">{format.dateTime(entry.at)}</td>
              <td>
                <code>{entry.actor_id}</code>
                <br />
                <span className="muted">
                  {entry.role ?? entry.actor_kind} · {entry.channel}
                </span>
              </td>
              <td>
                <code>{entry.action}</code>
              </td>
              <td>
                <code>{entry.entity_type}</code>
                <br />
                <span className="mono">{entry.entity_id}</span>
              </td>
              <td>
                <details>
                  <summary>{t('audit.show_change')}</summary>
                  <p className="muted">{t('audit.before')}</p>
                  <JsonBlock value={entry.before} label={t('audit.before')} />
                  <p className="muted">{t('audit.after')}</p>
                  <JsonBlock value={entry.after} label={t('audit.after')} />
                  {entry.request_id ? (
                    <p className="muted">
                      {t('error.request_id')}: <code>{entry.request_id}</code>
                    </p>
                  ) : null}
                </details>
              </td>
              <td>
                <StateBadge tone={entry.sealed ? 'ok' : 'warn'}>{entry.sealed ? t('audit.sealed', { n: entry.chain_seq ?? '' }) : t('audit.unsealed')}</StateBadge>
              </td>
            </tr>
          )}
        </DataTable>
      </section>
    </>
  );
}
