import { useState } from 'react';
import { CheckboxField, SelectField, TextField } from '../../shared/components/fields.js';
import { usePagedList } from '../../shared/components/use-paged-list.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { Link } from '../../shared/router.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { APPROVAL_STATES, type ApprovalFilters, approvalsApi } from './approvals-api.js';
import { ApprovalStateBadge } from './state.js';
import { DataTable } from '../components/data-table.js';

/** The approvals inbox: what waits for my review, or every request by state and kind. */
export function ApprovalsInbox() {
  const t = useT();
  const format = useFormat();
  const [filters, setFilters] = useState<ApprovalFilters>({ decidable: true, state: '', kind: '' });
  const list = usePagedList((cursor, signal) => approvalsApi.list(filters, cursor, signal), [filters.decidable, filters.state, filters.kind]);
  const set = (change: Partial<ApprovalFilters>) => setFilters((old) => ({ ...old, ...change }));
  return (
    <>
      <PageHeader title={t('nav.approvals')} intro={t('approvals.intro')} />
      <section className="card" aria-labelledby="approvals-list">
        <h2 id="approvals-list" className="visually-hidden">
          {t('approvals.list')}
        </h2>
        <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('common.filters')}>
          <CheckboxField label={t('approvals.decidable')} checked={filters.decidable} onChange={(e) => set({ decidable: e.target.checked })} />
          <SelectField
            label={t('approvals.state')}
            value={filters.state}
            onChange={(e) => set({ state: e.target.value as ApprovalFilters['state'] })}
            options={[{ value: '', label: t('common.all') }, ...APPROVAL_STATES.map((s) => ({ value: s, label: t(`approval.state.${s}`) }))]}
          />
          <TextField label={t('approvals.kind')} value={filters.kind} onChange={(e) => set({ kind: e.target.value })} placeholder="budget.fund" />
        </form>
        <DataTable
          labelledBy="approvals-list"
          columns={[t('approvals.created'), t('approvals.kind'), t('approvals.subject'), { label: t('approvals.amount'), num: true }, t('approvals.maker'), t('approvals.state')]}
          list={list}
          empty={filters.decidable ? t('approvals.none_waiting') : t('approvals.none')}
        >
          {(a) => (
            <tr key={a.id}>
              <td className="nowrap">{format.dateTime(a.created_at)}</td>
              <td>
                <Link to={`/approvals/${encodeURIComponent(a.id)}`}>
                  <code>{a.kind}</code>
                </Link>
              </td>
              <td>{a.subject}</td>
              <td className="num nowrap">{a.amount !== null && a.currency ? format.money(a.amount, a.currency) : '—'}</td>
              <td>
                <code>{a.maker_id}</code>
              </td>
              <td>
                <ApprovalStateBadge state={a.state} />
              </td>
            </tr>
          )}
        </DataTable>
      </section>
    </>
  );
}
