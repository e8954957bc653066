import { type FormEvent, useState } from 'react';
import { Button } from '../../shared/components/button.js';
import { CheckboxField, SelectField, TextField } from '../../shared/components/fields.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useAction } from '../../shared/components/use-action.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat, useLanguage } from '../../shared/i18n/i18n.js';
import { parseMoney } from '../../shared/money.js';
import { defaultCurrency } from '../../shared/settings.js';
import { endOfDayIso } from '../../shared/zoned-time.js';
import { adminApi } from '../admin/admin-api.js';
import { LoadFailure } from '../components/api-pending.js';
import { StateBadge } from '../components/state-badge.js';
import { check, type Complaint, complaintText, fieldError, ID_PATTERN } from '../components/validation.js';
import { useT } from '../i18n.js';
import { PageHeader } from '../pages/page-header.js';
import { useSession } from '../session.js';
import { discountOf, giftcardsApi, type Product, type ProductInput, type Validity } from './giftcards-api.js';
import { CardSection } from '../components/card-section.js';
import { DataTable } from '../components/data-table.js';
import { FormFooter } from '../components/form-footer.js';

const EDITORS = ['admin', 'operations'];

/** Card products: names in both languages, denominations with sale price next to face value, retiring. */
export function ProductsPage() {
  const t = useT();
  const format = useFormat();
  const { language } = useLanguage();
  const { session } = useSession();
  const mayEdit = EDITORS.includes(session?.user.role ?? '');
  const [status, setStatus] = useState<'' | 'active' | 'retired'>('');
  const products = useResource((signal) => giftcardsApi.products(status, signal), [status]);
  const change = useAction(async (product: Product, next: 'active' | 'retired') => {
    await giftcardsApi.changeProduct(product.id, { status: next });
    products.reload();
    return true;
  });
  return (
    <>
      <PageHeader title={t('nav.card_products')} intro={t('products.intro')} />
      {products.state === 'failed' ? <LoadFailure error={products.error} api={t('api.giftcards')} onRetry={products.reload} /> : null}
      {mayEdit && products.state === 'ready' ? <ProductForm onCreated={products.reload} /> : null}
      {products.state !== 'failed' ? (
        <CardSection id="products-list" title={t('products.list')}>
          <div className="filters">
            <SelectField
              label={t('common.state')}
              value={status}
              onChange={(e) => setStatus(e.target.value as typeof status)}
              options={[
                { value: '', label: t('common.all') },
                { value: 'active', label: t('products.status.active') },
                { value: 'retired', label: t('products.status.retired') },
              ]}
            />
          </div>
          <ProblemAlert error={change.error} />
          {products.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
          <DataTable
            labelledBy="products-list"
            columns={[t('common.name'), t('products.category'), t('products.denominations'), t('products.terms'), t('common.state'), mayEdit && t('common.actions')]}
            items={products.data?.items ?? []}
            empty={products.state === 'ready' ? t('products.none') : undefined}
          >
            {(p) => (
              <tr key={p.id}>
                <td>
                  {p.name[language]}
                  <br />
                  <code className="muted">{p.id}</code>
                </td>
                <td>{p.category}</td>
                <td>
                  <ul className="plain-list">
                    {p.denominations.map((d) => (
                      <li key={`${d.face}-${d.price}`}>
                        {t('products.face_price', { face: format.money(d.face, p.currency), price: format.money(d.price, p.currency) })}
                        {discountOf(d) > 0 ? <span className="badge badge--ok">{t('products.save', { amount: format.money(discountOf(d), p.currency) })}</span> : null}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {t(`products.form.${p.form === 'physical' ? 'physical' : 'digital'}`)} · {validityText(t, p.validity, format.date)}
                  {p.named ? ` · ${t('products.named')}` : ''}
                  {p.reloadable ? ` · ${t('products.reloadable')}` : ''}
                  <br />
                  <span className="muted">{p.acceptance.kind === 'all' ? t('products.accepted_all') : t('products.accepted_listed', { list: p.acceptance.merchant_ids.join(', ') })}</span>
                </td>
                <td>
                  <StateBadge tone={p.status === 'active' ? 'ok' : 'plain'}>{p.status === 'retired' ? t('products.status.retired') : t('products.status.active')}</StateBadge>
                </td>
                {mayEdit ? (
                  <td>
                    <Button busy={change.busy} onClick={() => void change.run(p, p.status === 'active' ? 'retired' : 'active')} aria-label={t(p.status === 'active' ? 'products.retire_named' : 'products.activate_named', { name: p.name[language] })}>
                      {t(p.status === 'active' ? 'products.retire' : 'products.activate')}
                    </Button>
                  </td>
                ) : null}
              </tr>
            )}
          </DataTable>
        </CardSection>
      ) : null}
    </>
  );
}

function validityText(t: ReturnType<typeof useT>, validity: Validity, date: (iso: string) => string): string {
  if (validity.kind === 'months') return t('products.validity_months', { n: validity.months });
  if (validity.kind === 'fixed') return t('products.validity_until', { date: date(validity.until) });
  return t('products.validity_none');
}

interface DenominationRow {
  face: string;
  price: string;
}

function ProductForm({ onCreated }: { onCreated(): void }) {
  const t = useT();
  const format = useFormat();
  const currency = defaultCurrency();
  const categories = useResource((signal) => adminApi.categories(signal), []);
  const merchants = useResource((signal) => adminApi.merchants(signal), []);
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState({ id: '', name_zh: '', name_en: '', category: 'gift-cards', form: 'digital', validity: 'months', months: '36', until: '' });
  const [flags, setFlags] = useState({ named: false, reloadable: false });
  const [listed, setListed] = useState<string[] | null>(null);
  const [rows, setRows] = useState<DenominationRow[]>([{ face: '100', price: '95' }]);
  const [complaints, setComplaints] = useState<Record<string, Complaint | undefined>>({});
  const [done, setDone] = useState('');
  const create = useAction(giftcardsApi.createProduct);
  const set = (field: keyof typeof values, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setComplaints((c) => ({ ...c, [field]: undefined }));
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, Complaint | undefined> = {
      id: check(values.id, { max: 128, pattern: ID_PATTERN }) ?? undefined,
      name_zh: check(values.name_zh, { required: true, max: 100 }) ?? undefined,
      name_en: check(values.name_en, { required: true, max: 100 }) ?? undefined,
      months: values.validity === 'months' ? (check(values.months, { required: true, pattern: { re: /^[1-9][0-9]{0,2}$/, rule: '1–600' } }) ?? undefined) : undefined,
      until: values.validity === 'fixed' ? (check(values.until, { required: true }) ?? undefined) : undefined,
    };
    const denominations = rows.map((row, i) => {
      const face = parseMoney(row.face, currency);
      const price = parseMoney(row.price, currency);
      if (!face.ok || face.minor <= 0) found[`face-${i}`] = { key: 'form.pattern', vars: { rule: t('products.amount_rule') } };
      if (!price.ok) found[`price-${i}`] = { key: 'form.pattern', vars: { rule: t('products.amount_rule') } };
      return { face: face.ok ? face.minor : 0, price: price.ok ? price.minor : 0 };
    });
    setComplaints(found);
    if (Object.values(found).some(Boolean)) return;
    const validity: Validity =
      values.validity === 'months'
        ? { kind: 'months', months: Number.parseInt(values.months, 10) }
        : values.validity === 'fixed'
          ? { kind: 'fixed', until: endOfDayIso(values.until, format.timeZone) ?? values.until }
          : { kind: 'none' };
    const input: ProductInput = {
      ...(values.id.trim() ? { id: values.id.trim() } : {}),
      name: { 'zh-CN': values.name_zh.trim(), en: values.name_en.trim() },
      category: values.category,
      form: values.form === 'physical' ? 'physical' : 'digital',
      currency,
      denominations,
      validity,
      reloadable: flags.reloadable,
      named: flags.named,
      acceptance: listed?.length ? { kind: 'listed', merchant_ids: listed } : { kind: 'all' },
    };
    const created = await create.run(input);
    if (created) {
      setDone(t('products.created', { name: created.name.en }));
      setOpen(false);
      onCreated();
    }
  }
  if (!open) {
    return (
      <div className="row">
        <Button variant="primary" onClick={() => setOpen(true)} aria-expanded={false}>
          {t('products.create')}
        </Button>
        <span role="status" className="muted">
          {done}
        </span>
      </div>
    );
  }
  const err = (field: string) => complaintText(t, complaints[field]) ?? fieldError(create.error, field);
  return (
    <CardSection id="product-form" title={t('products.create')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-grid">
          <TextField label={t('products.name_zh')} name="name_zh" lang="zh-CN" required value={values.name_zh} onChange={(e) => set('name_zh', e.target.value)} error={err('name_zh')} />
          <TextField label={t('products.name_en')} name="name_en" lang="en" required value={values.name_en} onChange={(e) => set('name_en', e.target.value)} error={err('name_en')} />
          <TextField label={t('products.id')} name="product_id" value={values.id} onChange={(e) => set('id', e.target.value)} hint={t('products.id_hint')} error={err('id')} />
          <SelectField
            label={t('products.category')}
            name="category"
            value={values.category}
            onChange={(e) => set('category', e.target.value)}
            options={(categories.data?.items ?? [{ id: values.category, name_en: values.category, name_zh: values.category }]).map((c) => ({ value: c.id, label: `${c.name_en} / ${c.name_zh}` }))}
            error={fieldError(create.error, 'category')}
          />
          <SelectField
            label={t('products.form')}
            name="form"
            value={values.form}
            onChange={(e) => set('form', e.target.value)}
            options={[
              { value: 'digital', label: t('products.form.digital') },
              { value: 'physical', label: t('products.form.physical') },
            ]}
          />
          <SelectField
            label={t('products.validity')}
            name="validity"
            value={values.validity}
            onChange={(e) => set('validity', e.target.value)}
            options={[
              { value: 'months', label: t('products.validity.months') },
              { value: 'fixed', label: t('products.validity.fixed') },
              { value: 'none', label: t('products.validity.none') },
            ]}
          />
          {values.validity === 'months' ? (
            <TextField label={t('products.months')} name="months" inputMode="numeric" value={values.months} onChange={(e) => set('months', e.target.value)} error={err('months')} />
          ) : null}
          {values.validity === 'fixed' ? <TextField label={t('products.until')} name="until" type="date" value={values.until} onChange={(e) => set('until', e.target.value)} error={err('until')} /> : null}
        </div>
        <fieldset className="fieldset">
          <legend>{t('products.denominations')}</legend>
          {rows.map((row, i) => (
            <div className="row denomination-row" key={`row-${i.toString()}`}>
              <TextField
                label={t('products.face_n', { n: i + 1 })}
                inputMode="decimal"
                value={row.face}
                onChange={(e) => setRows((r) => r.map((x, j) => (j === i ? { ...x, face: e.target.value } : x)))}
                error={complaintText(t, complaints[`face-${i}`])}
              />
              <TextField
                label={t('products.price_n', { n: i + 1 })}
                inputMode="decimal"
                value={row.price}
                onChange={(e) => setRows((r) => r.map((x, j) => (j === i ? { ...x, price: e.target.value } : x)))}
                error={complaintText(t, complaints[`price-${i}`])}
              />
              <Button variant="ghost" onClick={() => setRows((r) => r.filter((_, j) => j !== i))} aria-label={t('products.remove_denomination', { n: i + 1 })}>
                {t('cart.remove_short')}
              </Button>
            </div>
          ))}
          <Button onClick={() => setRows((r) => [...r, { face: '', price: '' }])} disabled={rows.length >= 50}>
            {t('products.add_denomination')}
          </Button>
          <p className="field__error">{fieldError(create.error, 'denominations') ?? ''}</p>
        </fieldset>
        <div className="form-grid">
          <CheckboxField label={t('products.named')} hint={t('products.named_hint')} checked={flags.named} onChange={(e) => setFlags((f) => ({ ...f, named: e.target.checked }))} />
          <CheckboxField label={t('products.reloadable')} checked={flags.reloadable} onChange={(e) => setFlags((f) => ({ ...f, reloadable: e.target.checked }))} />
        </div>
        <fieldset className="fieldset">
          <legend>{t('products.acceptance')}</legend>
          <CheckboxField label={t('products.accepted_all')} checked={listed === null} onChange={(e) => setListed(e.target.checked ? null : [])} />
          {listed !== null
            ? (merchants.data?.items ?? []).map((m) => (
                <CheckboxField
                  key={m.id}
                  label={m.name}
                  checked={listed.includes(m.id)}
                  onChange={(e) => setListed((l) => (e.target.checked ? [...(l ?? []), m.id] : (l ?? []).filter((x) => x !== m.id)))}
                />
              ))
            : null}
        </fieldset>
        <FormFooter submit={t('products.create_submit')} busy={create.busy} error={create.error}>
          <Button onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
        </FormFooter>
      </form>
    </CardSection>
  );
}
