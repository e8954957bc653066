import { useState } from 'react';
import { SelectField, TextField } from '../../shared/components/fields.js';
import { usePagedList } from '../../shared/components/use-paged-list.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { JsonBlock } from '../components/json-block.js';
import { StateBadge } from '../components/state-badge.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { JOB_STATES, type JobState, adminApi } from './admin-api.js';
import { DataTable } from '../components/data-table.js';

const TONE = { queued: 'plain', running: 'warn', done: 'ok', failed: 'danger' } as const;

/** Background jobs: state, attempts, progress and the last error, newest first. */
export function JobsPage() {
  const t = useT();
  const format = useFormat();
  const [state, setState] = useState<JobState | ''>('');
  const [kind, setKind] = useState('');
  const list = usePagedList((cursor, signal) => adminApi.jobs(state, kind, cursor, signal), [state, kind]);
  return (
    <>
      <PageHeader title={t('nav.jobs')} intro={t('jobs.intro')} />
      <section className="card" aria-labelledby="jobs-list">
        <h2 id="jobs-list" className="visually-hidden">
          {t('nav.jobs')}
        </h2>
        <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('common.filters')}>
          <SelectField
            label={t('common.state')}
            value={state}
            onChange={(e) => setState(e.target.value as JobState | '')}
            options={[{ value: '', label: t('common.all') }, ...JOB_STATES.map((s) => ({ value: s, label: t(`jobs.state.${s}`) }))]}
          />
          <TextField label={t('jobs.kind')} value={kind} onChange={(e) => setKind(e.target.value)} />
        </form>
        <DataTable
          labelledBy="jobs-list"
          columns={[t('jobs.kind'), t('common.state'), { label: t('jobs.attempts'), num: true }, t('jobs.run_at'), t('jobs.progress'), t('jobs.last_error'), t('common.created')]}
          list={list}
          empty={t('jobs.none')}
        >
          {(job) => (
            <tr key={job.id}>
              <td>
                <code>{job.kind}</code>
                <br />
                <span className="mono muted">{job.id}</span>
              </td>
              <td>
                <StateBadge tone={TONE[job.state]}>{t(`jobs.state.${job.state}`)}</StateBadge>
              </td>
              <td className="num">{format.number(job.attempts)}</td>
              <td className="nowrap">{format.dateTime(job.run_at)}</td>
              <td>{Object.keys(job.progress).length ? <JsonBlock value={job.progress} label={t('jobs.progress')} /> : '—'}</td>
              <td>{job.last_error ?? '—'}</td>
              <td className="nowrap">{format.dateTime(job.created_at)}</td>
            </tr>
          )}
        </DataTable>
      </section>
    </>
  );
}
