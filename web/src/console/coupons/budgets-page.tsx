import { type FormEvent, useState } from 'react';
import { BarChart } from '../../shared/charts/bar-chart.js';
import { SelectField, TextField } from '../../shared/components/fields.js';
import { useAction } from '../../shared/components/use-action.js';
import { usePagedList } from '../../shared/components/use-paged-list.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat } from '../../shared/i18n/i18n.js';
import { parseMoney } from '../../shared/money.js';
import { Link } from '../../shared/router.js';
import { LoadFailure } from '../components/api-pending.js';
import { check, complaintText, fieldError, ID_PATTERN } from '../components/validation.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { useSession } from '../session.js';
import { type ApprovalRef, type Budget, couponsApi, type Statement } from './coupons-api.js';
import { CardSection } from '../components/card-section.js';
import { DataTable } from '../components/data-table.js';
import { FormFooter } from '../components/form-footer.js';

/** Coupon budgets: open one, see each with its statement, ask to fund or withdraw (approvals). */
export function BudgetsPage() {
  const t = useT();
  const format = useFormat();
  const { session } = useSession();
  const list = usePagedList((cursor, signal) => couponsApi.budgets(cursor, signal), []);
  const mayOpen = ['admin', 'finance', 'merchant'].includes(session?.user.role ?? '');
  if (list.error && list.items.length === 0) {
    return (
      <>
        <PageHeader title={t('nav.budgets')} />
        <LoadFailure error={list.error} api={t('api.coupons')} onRetry={list.reload} />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('nav.budgets')} intro={t('budgets.intro')} />
      {mayOpen ? <NewBudgetForm onCreated={list.reload} merchantRole={session?.user.role === 'merchant'} /> : null}
      <CardSection id="budgets-list" title={t('budgets.list')}>
        <DataTable labelledBy="budgets-list" columns={[t('common.name'), t('budgets.owner'), t('common.created')]} list={list} empty={t('budgets.none')}>
          {(b: Budget) => (
            <tr key={b.id}>
              <td>
                <Link to={`/budgets/${encodeURIComponent(b.id)}`}>{b.name}</Link>
              </td>
              <td>{b.owner === 'merchant' ? t('budgets.owner_merchant', { id: b.merchant_id ?? '' }) : t('budgets.owner_platform')}</td>
              <td className="nowrap">{format.dateTime(b.created_at)}</td>
            </tr>
          )}
        </DataTable>
      </CardSection>
    </>
  );
}

function NewBudgetForm({ onCreated, merchantRole }: { onCreated(): void; merchantRole: boolean }) {
  const t = useT();
  const [name, setName] = useState('');
  const [owner, setOwner] = useState<'platform' | 'merchant'>(merchantRole ? 'merchant' : 'platform');
  const [merchant, setMerchant] = useState('');
  const [complaints, setComplaints] = useState<{ name?: string; merchant?: string }>({});
  const create = useAction(couponsApi.createBudget);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = {
      name: complaintText(t, check(name, { required: true, max: 200 }) ?? undefined),
      merchant: owner === 'merchant' && !merchantRole ? complaintText(t, check(merchant, { required: true, max: 128, pattern: ID_PATTERN }) ?? undefined) : undefined,
    };
    setComplaints(found);
    if (found.name || found.merchant) return;
    const created = await create.run({ owner, name: name.trim(), ...(owner === 'merchant' && !merchantRole ? { merchant_id: merchant.trim() } : {}) });
    if (created) {
      setName('');
      onCreated();
    }
  }
  return (
    <CardSection id="budget-new" title={t('budgets.new')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-grid">
          <TextField label={t('common.name')} name="budget-name" required value={name} onChange={(e) => setName(e.target.value)} error={complaints.name ?? fieldError(create.error, 'name')} />
          {merchantRole ? null : (
            <SelectField
              label={t('budgets.owner')}
              value={owner}
              onChange={(e) => setOwner(e.target.value as 'platform' | 'merchant')}
              options={[
                { value: 'platform', label: t('budgets.owner_platform') },
                { value: 'merchant', label: t('budgets.owner_merchant_plain') },
              ]}
            />
          )}
          {owner === 'merchant' && !merchantRole ? (
            <TextField label={t('common.merchant')} name="merchant_id" required value={merchant} onChange={(e) => setMerchant(e.target.value)} error={complaints.merchant ?? fieldError(create.error, 'merchant_id', { unknown_merchant: 'merchant_id' })} />
          ) : null}
        </div>
        <FormFooter submit={t('budgets.create')} busy={create.busy} error={create.error} />
      </form>
    </CardSection>
  );
}

/** One budget: the statement (available, frozen by template and activity, in transit, spent) and money requests. */
export function BudgetPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const t = useT();
  const budget = useResource((signal) => couponsApi.budget(id, signal), [id]);
  return (
    <>
      <PageHeader title={budget.state === 'ready' ? budget.data.name : t('nav.budgets')} back={<Link to="/budgets">← {t('nav.budgets')}</Link>} />
      {budget.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {budget.state === 'failed' ? <LoadFailure error={budget.error} api={t('api.coupons')} onRetry={budget.reload} /> : null}
      {budget.state === 'ready' ? (
        <div className="stack">
          <StatementView statement={budget.data.statement} />
          <MoneyRequestForm budgetId={id} currency={budget.data.currency} onDone={budget.reload} />
        </div>
      ) : null}
    </>
  );
}

export function StatementView({ statement }: { statement: Statement }) {
  const t = useT();
  const format = useFormat();
  const money = (minor: number) => format.money(minor, statement.currency);
  return (
    <div className="grid">
      <CardSection id="statement-title" title={t('budgets.statement')}>
        <dl className="definition" data-testid="budget-statement">
          <dt>{t('budgets.funded')}</dt>
          <dd>{money(statement.funded)}</dd>
          <dt>{t('budgets.available')}</dt>
          <dd data-testid="budget-available">{money(statement.available)}</dd>
          <dt>{t('budgets.frozen')}</dt>
          <dd>{money(statement.frozen)}</dd>
          <dt>{t('budgets.in_transit')}</dt>
          <dd>{money(statement.in_transit)}</dd>
          <dt>{t('budgets.spent')}</dt>
          <dd>{money(statement.spent)}</dd>
          <dt>{t('budgets.pending_in')}</dt>
          <dd>{money(statement.pending_in)}</dd>
          <dt>{t('budgets.pending_out')}</dt>
          <dd>{money(statement.pending_out)}</dd>
        </dl>
      </CardSection>
      <section className="card">
        <BarChart
          title={t('dashboard.budget')}
          points={[
            { label: t('budgets.available'), value: statement.available },
            { label: t('budgets.frozen'), value: statement.frozen },
            { label: t('budgets.in_transit'), value: statement.in_transit },
            { label: t('budgets.spent'), value: statement.spent },
          ]}
          format={(v) => money(Math.round(v))}
        />
      </section>
      {[...statement.frozen_templates.map((l) => ({ ...l, by: 'template' as const })), ...statement.frozen_activities.map((l) => ({ ...l, by: 'activity' as const }))].length ? (
        <CardSection id="statement-frozen" title={t('budgets.frozen_by')}>
          <table className="table table--compact" aria-labelledby="statement-frozen">
            <tbody>
              {statement.frozen_templates.map((l) => (
                <tr key={`t-${l.id}`}>
                  <td>{t('budgets.by_template', { name: l.name })}</td>
                  <td className="num">{money(l.amount)}</td>
                </tr>
              ))}
              {statement.frozen_activities.map((l) => (
                <tr key={`a-${l.id}`}>
                  <td>
                    <Link to={`/activities/${encodeURIComponent(l.id)}`}>{t('budgets.by_activity', { name: l.name })}</Link>
                  </td>
                  <td className="num">{money(l.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardSection>
      ) : null}
    </div>
  );
}

function MoneyRequestForm({ budgetId, currency, onDone }: { budgetId: string; currency: string; onDone(): void }) {
  const t = useT();
  const { session } = useSession();
  const [direction, setDirection] = useState<'fund' | 'withdraw'>('fund');
  const [amount, setAmount] = useState('');
  const [comment, setComment] = useState('');
  const [complaint, setComplaint] = useState<string | undefined>();
  const [requested, setRequested] = useState<ApprovalRef | null>(null);
  const send = useAction((minor: number) => couponsApi.moveMoney(budgetId, direction, minor, comment));
  if (!['finance', 'merchant'].includes(session?.user.role ?? '')) return null;
  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseMoney(amount, currency);
    if (!parsed.ok || parsed.minor <= 0) {
      setComplaint(t('budgets.amount_rule'));
      return;
    }
    setComplaint(undefined);
    const ref = await send.run(parsed.minor);
    if (ref) {
      setRequested(ref);
      setAmount('');
      onDone();
    }
  }
  return (
    <CardSection id="budget-money" title={t('budgets.move_money')}>
      <p className="muted">{t('budgets.move_money_hint')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-grid">
          <SelectField
            label={t('budgets.direction')}
            value={direction}
            onChange={(e) => setDirection(e.target.value as 'fund' | 'withdraw')}
            options={[
              { value: 'fund', label: t('budgets.fund') },
              { value: 'withdraw', label: t('budgets.withdraw') },
            ]}
          />
          <TextField label={t('ledger.amount')} name="amount" inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)} error={complaint ?? fieldError(send.error, 'amount')} />
          <TextField label={t('approval.comment')} name="comment" value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} />
        </div>
        <FormFooter submit={t('budgets.request')} busy={send.busy} error={send.error} />
      </form>
      {requested ? (
        <p role="status" className="notice">
          {t('budgets.requested')} <Link to={`/approvals/${encodeURIComponent(requested.id)}`}>{t('budgets.open_request')}</Link>
        </p>
      ) : null}
    </CardSection>
  );
}
