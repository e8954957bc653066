import { type FormEvent, useState } from 'react';
import { SelectField, TextField } from '../../shared/components/fields.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useAction } from '../../shared/components/use-action.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat, useLanguage } from '../../shared/i18n/i18n.js';
import { StateBadge } from '../components/state-badge.js';
import { checkAll, type Complaint, complaintText, fieldError, ID_PATTERN, optionOf } from '../components/validation.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { useSession } from '../session.js';
import { adminApi, type Category, MERCHANT_STATUSES, type Merchant } from './admin-api.js';
import { CardSection } from '../components/card-section.js';
import { DataTable } from '../components/data-table.js';
import { FormFooter } from '../components/form-footer.js';

const EDITORS = ['admin', 'operations'];

/** Merchants and categories as synced from the platform; operations may add or correct them. */
export function CatalogPage() {
  const t = useT();
  const { session } = useSession();
  const mayEdit = EDITORS.includes(session?.user.role ?? '');
  const merchants = useResource((signal) => adminApi.merchants(signal), []);
  const categories = useResource((signal) => adminApi.categories(signal), []);
  return (
    <>
      <PageHeader title={t('nav.catalog')} intro={t('catalog.intro')} />
      <div className="stack">
        <CardSection id="catalog-merchants" title={t('catalog.merchants')}>
          {merchants.state === 'failed' ? <ProblemAlert error={merchants.error} onRetry={merchants.reload} /> : null}
          {merchants.state === 'ready' ? <MerchantTable items={merchants.data.items} /> : <p role="status">{merchants.state === 'loading' ? t('common.loading') : ''}</p>}
          {mayEdit ? <MerchantForm onSaved={merchants.reload} /> : null}
        </CardSection>
        <CardSection id="catalog-categories" title={t('catalog.categories')}>
          {categories.state === 'failed' ? <ProblemAlert error={categories.error} onRetry={categories.reload} /> : null}
          {categories.state === 'ready' ? <CategoryTable items={categories.data.items} /> : <p role="status">{categories.state === 'loading' ? t('common.loading') : ''}</p>}
          {mayEdit ? <CategoryForm onSaved={categories.reload} /> : null}
        </CardSection>
      </div>
    </>
  );
}

function MerchantTable({ items }: { items: Merchant[] }) {
  const t = useT();
  const format = useFormat();
  return (
    <DataTable
      labelledBy="catalog-merchants"
      columns={[t('common.id'), t('common.name'), t('common.state'), t('common.updated')]}
      items={items}
      empty={t('catalog.no_merchants')}
    >
      {(m) => (
        <tr key={m.id}>
          <td>
            <code>{m.id}</code>
          </td>
          <td>{m.name}</td>
          <td>
            <StateBadge tone={m.status === 'active' ? 'ok' : 'warn'}>{m.status === 'active' || m.status === 'suspended' ? t(`catalog.status.${m.status}`) : m.status}</StateBadge>
          </td>
          <td className="nowrap">{format.dateTime(m.updated_at)}</td>
        </tr>
      )}
    </DataTable>
  );
}

function CategoryTable({ items }: { items: Category[] }) {
  const t = useT();
  const { language } = useLanguage();
  const names = new Map(items.map((c) => [c.id, language === 'zh-CN' ? c.name_zh : c.name_en]));
  return (
    <DataTable
      labelledBy="catalog-categories"
      columns={[t('common.id'), t('catalog.name_zh'), t('catalog.name_en'), t('catalog.parent')]}
      items={items}
      empty={t('catalog.no_categories')}
    >
      {(c) => (
        <tr key={c.id}>
          <td>
            <code>{c.id}</code>
          </td>
          <td lang="zh-CN">{c.name_zh}</td>
          <td lang="en">{c.name_en}</td>
          <td>{c.parent_id ? (names.get(c.parent_id) ?? c.parent_id) : '—'}</td>
        </tr>
      )}
    </DataTable>
  );
}

function MerchantForm({ onSaved }: { onSaved(): void }) {
  const t = useT();
  const [values, setValues] = useState({ id: '', name: '', status: 'active' });
  const [complaints, setComplaints] = useState<Partial<Record<'id' | 'name', Complaint>>>({});
  const [done, setDone] = useState('');
  const save = useAction(adminApi.saveMerchant);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = checkAll(values, { id: { required: true, max: 128, pattern: ID_PATTERN }, name: { required: true, max: 200 } });
    setComplaints(found);
    setDone('');
    const status = optionOf(MERCHANT_STATUSES, values.status);
    if (Object.keys(found).length || !status) return;
    if (await save.run({ id: values.id.trim(), name: values.name.trim(), status })) {
      setDone(t('catalog.saved', { id: values.id.trim() }));
      setValues({ id: '', name: '', status: 'active' });
      onSaved();
    }
  }
  const set = (field: 'id' | 'name' | 'status', value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setComplaints((c) => ({ ...c, [field]: undefined }));
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="merchant-form-title">
      <h3 id="merchant-form-title" className="card__title">
        {t('catalog.merchant_form')}
      </h3>
      <div className="form-grid">
        <TextField label={t('common.id')} name="merchant-id" required value={values.id} onChange={(e) => set('id', e.target.value)} error={complaintText(t, complaints.id) ?? fieldError(save.error, 'merchants')} hint={t('catalog.upsert_hint')} />
        <TextField label={t('common.name')} name="merchant-name" required value={values.name} onChange={(e) => set('name', e.target.value)} error={complaintText(t, complaints.name)} />
        <SelectField
          label={t('common.state')}
          name="merchant-status"
          value={values.status}
          onChange={(e) => set('status', e.target.value)}
          options={[
            { value: 'active', label: t('catalog.status.active') },
            { value: 'suspended', label: t('catalog.status.suspended') },
          ]}
        />
      </div>
      <FormFooter submit={t('common.save')} busy={save.busy} error={save.error}>
        <span role="status" className="muted">
          {done}
        </span>
      </FormFooter>
    </form>
  );
}

type CategoryFields = 'id' | 'name_zh' | 'name_en' | 'parent_id';

function CategoryForm({ onSaved }: { onSaved(): void }) {
  const t = useT();
  const empty = { id: '', name_zh: '', name_en: '', parent_id: '' };
  const [values, setValues] = useState<Record<CategoryFields, string>>(empty);
  const [complaints, setComplaints] = useState<Partial<Record<CategoryFields, Complaint>>>({});
  const [done, setDone] = useState('');
  const save = useAction(adminApi.saveCategory);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = checkAll(values, {
      id: { required: true, max: 128, pattern: ID_PATTERN },
      name_zh: { required: true, max: 200 },
      name_en: { required: true, max: 200 },
      parent_id: { max: 128, pattern: ID_PATTERN },
    });
    setComplaints(found);
    setDone('');
    if (Object.keys(found).length) return;
    const saved = await save.run({ id: values.id.trim(), name_zh: values.name_zh.trim(), name_en: values.name_en.trim(), parent_id: values.parent_id.trim() || null });
    if (saved) {
      setDone(t('catalog.saved', { id: values.id.trim() }));
      setValues(empty);
      onSaved();
    }
  }
  const set = (field: CategoryFields, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setComplaints((c) => ({ ...c, [field]: undefined }));
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="category-form-title">
      <h3 id="category-form-title" className="card__title">
        {t('catalog.category_form')}
      </h3>
      <div className="form-grid">
        <TextField label={t('common.id')} name="category-id" required value={values.id} onChange={(e) => set('id', e.target.value)} error={complaintText(t, complaints.id)} hint={t('catalog.upsert_hint')} />
        <TextField label={t('catalog.name_zh')} name="category-name-zh" lang="zh-CN" required value={values.name_zh} onChange={(e) => set('name_zh', e.target.value)} error={complaintText(t, complaints.name_zh)} />
        <TextField label={t('catalog.name_en')} name="category-name-en" lang="en" required value={values.name_en} onChange={(e) => set('name_en', e.target.value)} error={complaintText(t, complaints.name_en)} />
        <TextField
          label={t('catalog.parent')}
          name="category-parent"
          value={values.parent_id}
          onChange={(e) => set('parent_id', e.target.value)}
          error={complaintText(t, complaints.parent_id) ?? fieldError(save.error, 'parent_id', { unknown_category: 'parent_id' })}
        />
      </div>
      <FormFooter submit={t('common.save')} busy={save.busy} error={save.error}>
        <span role="status" className="muted">
          {done}
        </span>
      </FormFooter>
    </form>
  );
}
