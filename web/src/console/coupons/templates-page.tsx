import { type FormEvent, useState } from 'react';
import { SelectField, TextField } from '../../shared/components/fields.js';
import { useAction } from '../../shared/components/use-action.js';
import { usePagedList } from '../../shared/components/use-paged-list.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat, useLanguage } from '../../shared/i18n/i18n.js';
import { parseMoney } from '../../shared/money.js';
import { defaultCurrency } from '../../shared/settings.js';
import { Link } from '../../shared/router.js';
import { LoadFailure } from '../components/api-pending.js';
import { StateBadge } from '../components/state-badge.js';
import { check, complaintText, fieldError } from '../components/validation.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { useSession } from '../session.js';
import { type ApprovalRef, couponsApi, TEMPLATE_TYPES, type Template, type TemplateType, templateFreeze, templateValue } from './coupons-api.js';
import { CardSection } from '../components/card-section.js';
import { DataTable } from '../components/data-table.js';
import { FormFooter } from '../components/form-footer.js';

/** Coupon templates: face value, quantity and the value they freeze; new ones go through approval. */
export function TemplatesPage() {
  const t = useT();
  const format = useFormat();
  const { language } = useLanguage();
  const { session } = useSession();
  const [budgetId, setBudgetId] = useState('');
  const budgets = useResource((signal) => couponsApi.budgets(undefined, signal), []);
  const list = usePagedList((cursor, signal) => couponsApi.templates(budgetId, cursor, signal), [budgetId]);
  const mayCreate = ['operations', 'merchant'].includes(session?.user.role ?? '');
  if (list.error && list.items.length === 0) {
    return (
      <>
        <PageHeader title={t('nav.templates')} />
        <LoadFailure error={list.error} api={t('api.coupons')} onRetry={list.reload} />
      </>
    );
  }
  const budgetOptions = (budgets.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }));
  return (
    <>
      <PageHeader title={t('nav.templates')} intro={t('templates.intro')} />
      {mayCreate && budgetOptions.length ? <NewTemplateForm budgets={budgetOptions} onCreated={list.reload} /> : null}
      <CardSection id="templates-list" title={t('templates.list')}>
        <div className="filters">
          <SelectField label={t('templates.budget')} value={budgetId} onChange={(e) => setBudgetId(e.target.value)} options={[{ value: '', label: t('common.all') }, ...budgetOptions]} />
        </div>
        <DataTable
          labelledBy="templates-list"
          columns={[t('common.name'), t('templates.type'), { label: t('templates.value'), num: true }, { label: t('templates.stock'), num: true }, t('common.state')]}
          list={list}
          empty={t('templates.none')}
        >
          {(tp: Template) => (
            <tr key={tp.id}>
              <td>{language === 'zh-CN' ? tp.name_zh : tp.name_en}</td>
              <td>{TEMPLATE_TYPES.includes(tp.type as TemplateType) ? t(`templates.type.${tp.type as TemplateType}`) : tp.type}</td>
              <td className="num">{format.money(tp.value, tp.currency)}</td>
              <td className="num">
                {format.number(tp.stock)} / {format.number(tp.quantity)}
              </td>
              <td>
                {tp.approval_id ? (
                  <Link to={`/approvals/${encodeURIComponent(tp.approval_id)}`}>
                    <StateBadge tone={tp.state === 'active' ? 'ok' : 'warn'}>{tp.state}</StateBadge>
                  </Link>
                ) : (
                  <StateBadge tone={tp.state === 'active' ? 'ok' : 'warn'}>{tp.state}</StateBadge>
                )}
              </td>
            </tr>
          )}
        </DataTable>
      </CardSection>
    </>
  );
}

function NewTemplateForm({ budgets, onCreated }: { budgets: { value: string; label: string }[]; onCreated(): void }) {
  const t = useT();
  const format = useFormat();
  const currency = defaultCurrency();
  const [v, setV] = useState({ budget_id: budgets[0]?.value ?? '', name_zh: '', name_en: '', type: 'amount_off' as TemplateType, amount: '', percent: '', cap: '', quantity: '100' });
  const [complaints, setComplaints] = useState<Record<string, string | undefined>>({});
  const [requested, setRequested] = useState<ApprovalRef | null>(null);
  const create = useAction(couponsApi.createTemplate);
  const set = (field: keyof typeof v, value: string) => setV((old) => ({ ...old, [field]: value }));
  const amount = parseMoney(v.amount, currency);
  const cap = parseMoney(v.cap, currency);
  const quantity = /^[1-9][0-9]*$/.test(v.quantity) ? Number.parseInt(v.quantity, 10) : 0;
  const percentMatch = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(v.percent.trim());
  const percentBp = percentMatch ? Number(percentMatch[1]) * 100 + Number((percentMatch[2] ?? '').padEnd(2, '0') || '0') : null;
  const value = templateValue({ type: v.type, amount: amount.ok ? amount.minor : null, cap: cap.ok ? cap.minor : null });
  const freeze = templateFreeze(value, quantity);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string | undefined> = {
      name_zh: complaintText(t, check(v.name_zh, { required: true, max: 100 }) ?? undefined),
      name_en: complaintText(t, check(v.name_en, { required: true, max: 100 }) ?? undefined),
      amount: v.type !== 'percent_off' && (!amount.ok || amount.minor <= 0) ? t('budgets.amount_rule') : undefined,
      percent: v.type === 'percent_off' && (percentBp === null || percentBp <= 0 || percentBp >= 10_000) ? t('templates.percent_rule') : undefined,
      cap: v.type === 'percent_off' && (!cap.ok || cap.minor <= 0) ? t('budgets.amount_rule') : undefined,
      quantity: quantity > 0 ? undefined : t('orders.quantity_rule'),
    };
    setComplaints(found);
    if (Object.values(found).some(Boolean)) return;
    const answer = await create.run({
      budget_id: v.budget_id,
      name_zh: v.name_zh.trim(),
      name_en: v.name_en.trim(),
      type: v.type,
      quantity,
      ...(v.type === 'percent_off' ? { percent_bp: percentBp, cap: cap.ok ? cap.minor : null } : { amount: amount.ok ? amount.minor : null }),
    });
    if (answer) {
      setRequested(answer.approval);
      onCreated();
    }
  }
  return (
    <CardSection id="template-new" title={t('templates.new')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-grid">
          <SelectField label={t('templates.budget')} value={v.budget_id} onChange={(e) => set('budget_id', e.target.value)} options={budgets} error={fieldError(create.error, 'budget_id')} />
          <TextField label={t('products.name_zh')} lang="zh-CN" required value={v.name_zh} onChange={(e) => set('name_zh', e.target.value)} error={complaints.name_zh ?? fieldError(create.error, 'name_zh')} />
          <TextField label={t('products.name_en')} lang="en" required value={v.name_en} onChange={(e) => set('name_en', e.target.value)} error={complaints.name_en ?? fieldError(create.error, 'name_en')} />
          <SelectField label={t('templates.type')} value={v.type} onChange={(e) => set('type', e.target.value)} options={TEMPLATE_TYPES.map((type) => ({ value: type, label: t(`templates.type.${type}`) }))} />
          {v.type === 'percent_off' ? (
            <>
              <TextField label={t('templates.percent')} inputMode="decimal" value={v.percent} onChange={(e) => set('percent', e.target.value)} error={complaints.percent ?? fieldError(create.error, 'percent_bp')} hint={t('templates.percent_hint')} />
              <TextField label={t('templates.cap')} inputMode="decimal" value={v.cap} onChange={(e) => set('cap', e.target.value)} error={complaints.cap ?? fieldError(create.error, 'cap')} />
            </>
          ) : (
            <TextField label={t('templates.amount')} inputMode="decimal" value={v.amount} onChange={(e) => set('amount', e.target.value)} error={complaints.amount ?? fieldError(create.error, 'amount')} />
          )}
          <TextField label={t('orders.quantity')} inputMode="numeric" value={v.quantity} onChange={(e) => set('quantity', e.target.value)} error={complaints.quantity ?? fieldError(create.error, 'quantity')} />
        </div>
        <p className="notice" data-testid="template-freeze">
          {freeze !== null ? t('templates.freezes', { amount: format.money(freeze, currency) }) : t('templates.freezes_unknown')}
        </p>
        <FormFooter submit={t('templates.create')} busy={create.busy} error={create.error} />
      </form>
      {requested ? (
        <p role="status" className="notice">
          {t('budgets.requested')} <Link to={`/approvals/${encodeURIComponent(requested.id)}`}>{t('budgets.open_request')}</Link>
        </p>
      ) : null}
    </CardSection>
  );
}
