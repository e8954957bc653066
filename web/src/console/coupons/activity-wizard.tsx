import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../shared/api.js';
import { Button } from '../../shared/components/button.js';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../shared/components/fields.js';
import { ProblemAlert } from '../../shared/components/problem-alert.js';
import { useAction } from '../../shared/components/use-action.js';
import { useResource } from '../../shared/components/use-resource.js';
import { useFormat, useLanguage } from '../../shared/i18n/i18n.js';
import { parseMoney } from '../../shared/money.js';
import { defaultCurrency } from '../../shared/settings.js';
import { Link, useRouter } from '../../shared/router.js';
import { LoadFailure } from '../components/api-pending.js';
import { fieldError } from '../components/validation.js';
import { useT } from '../i18n.js';
import type { ConsoleKey } from '../messages.js';
import { PageHeader } from '../pages/page-header.js';
import { type ActivityDraft, type CouponDraft, draftProblems, emptyCoupon, emptyDraft, stepOfApiFields, toActivityInput } from './activity-draft.js';
import { couponsApi, METHODS, type Template } from './coupons-api.js';

const STEPS = ['basics', 'window', 'audience', 'coupons', 'preview'] as const;
type Step = (typeof STEPS)[number];
/** Draft fields the API names otherwise. */
const API_FIELD: Record<string, string> = { starts_on: 'starts_at', ends_on: 'ends_at' };

/** The activity wizard: method, window, audience, coupons with every rule, then a preview of what shoppers see. */
export function ActivityWizard() {
  const t = useT();
  const format = useFormat();
  const { language } = useLanguage();
  const { navigate } = useRouter();
  const budgets = useResource((signal) => couponsApi.budgets(undefined, signal), []);
  const templates = useResource((signal) => couponsApi.templates('', undefined, signal), []);
  const [draft, setDraft] = useState<ActivityDraft>(emptyDraft());
  const [step, setStep] = useState<Step>('basics');
  const [problems, setProblems] = useState<Record<string, string>>({});
  // Keyboard and screen reader users land on what changed: the new step's heading, or the first field to fix.
  const [moves, setMoves] = useState(0);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (moves > 0) headingRef.current?.focus();
  }, [moves]);
  useEffect(() => {
    if (attempt > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);
  const go = (to: Step) => {
    setStep(to);
    setMoves((n) => n + 1);
  };
  const create = useAction(async () => {
    const activity = await couponsApi.createActivity(toActivityInput(draft, format.timeZone, defaultCurrency()));
    navigate(`/activities/${encodeURIComponent(activity.id)}`);
    return activity;
  });
  if (budgets.state === 'failed') return <LoadFailure error={budgets.error} api={t('api.coupons')} onRetry={budgets.reload} />;
  const budgetOptions = (budgets.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }));
  const active = (templates.data?.items ?? []).filter((tp) => tp.state === 'active' && (!draft.budget_id || tp.budget_id === draft.budget_id));
  const set = (change: Partial<ActivityDraft>) => setDraft((d) => ({ ...d, ...change }));
  const setCoupon = (i: number, change: Partial<CouponDraft>) => setDraft((d) => ({ ...d, coupons: d.coupons.map((c, j) => (j === i ? { ...c, ...change } : c)) }));
  // The wizard's own checks first; then what the API refused when the draft was created.
  const err = (key: string) => (problems[key] ? t(problems[key] as ConsoleKey, { max: 200, rule: '' }) : fieldError(create.error, API_FIELD[key] ?? key));
  const fixStep = create.error instanceof ApiError ? stepOfApiFields((create.error.problem.errors ?? []).map((e) => e.field)) : undefined;
  const index = STEPS.indexOf(step);
  function next() {
    if (step === 'preview') return;
    const stock = new Map((templates.data?.items ?? []).map((tp) => [tp.id, tp.stock]));
    const found = draftProblems(draft, step, (id) => stock.get(id));
    setProblems(found);
    if (Object.keys(found).length === 0) go(STEPS[index + 1] ?? 'preview');
    else setAttempt((n) => n + 1);
  }
  return (
    <>
      <PageHeader title={t('wizard.title')} back={<Link to="/activities">← {t('nav.activities')}</Link>} />
      <ol className="steps" aria-label={t('wizard.steps')}>
        {STEPS.map((s, i) => (
          <li key={s} className={s === step ? 'steps__item steps__item--on' : 'steps__item'} aria-current={s === step ? 'step' : undefined}>
            {i + 1}. {t(`wizard.step.${s}`)}
          </li>
        ))}
      </ol>
      <section className="card" aria-labelledby="wizard-step">
        <h2 id="wizard-step" className="card__title" tabIndex={-1} ref={headingRef}>
          {t(`wizard.step.${step}`)}
        </h2>
        <form
          ref={formRef}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (step === 'preview') void create.run();
            else next();
          }}
        >
          {step === 'basics' ? (
            <div className="form-grid">
              <SelectField label={t('templates.budget')} value={draft.budget_id} onChange={(e) => set({ budget_id: e.target.value })} options={[{ value: '', label: '—' }, ...budgetOptions]} error={err('budget_id')} required />
              <TextField label={t('common.name')} name="activity-name" required value={draft.name} onChange={(e) => set({ name: e.target.value })} error={err('name')} />
              <SelectField label={t('wizard.method')} value={draft.method} onChange={(e) => set({ method: e.target.value as ActivityDraft['method'] })} options={METHODS.map((m) => ({ value: m, label: t(`wizard.method.${m}`) }))} hint={t(`wizard.method_hint.${draft.method}`)} />
              <TextAreaField label={t('wizard.description')} value={draft.description} onChange={(e) => set({ description: e.target.value })} error={err('description')} />
            </div>
          ) : null}
          {step === 'window' ? (
            <div className="form-grid">
              <TextField label={t('wizard.starts_on')} type="date" value={draft.starts_on} onChange={(e) => set({ starts_on: e.target.value })} hint={t('wizard.starts_hint', { zone: format.timeZone })} />
              <TextField label={t('wizard.ends_on')} type="date" value={draft.ends_on} onChange={(e) => set({ ends_on: e.target.value })} error={err('ends_on')} hint={t('wizard.ends_hint')} />
            </div>
          ) : null}
          {step === 'audience' ? (
            <>
              <SelectField
                label={t('wizard.audience')}
                value={draft.audience}
                onChange={(e) => set({ audience: e.target.value as ActivityDraft['audience'] })}
                options={(['all', 'rule', 'list'] as const).map((a) => ({ value: a, label: t(`wizard.audience.${a}`) }))}
              />
              {draft.audience === 'rule' ? (
                <div className="form-grid">
                  <TextField label={t('wizard.regions')} value={draft.regions} onChange={(e) => set({ regions: e.target.value })} hint={t('wizard.regions_hint')} error={err('regions')} />
                  <TextField label={t('wizard.tags_any')} value={draft.tags_any} onChange={(e) => set({ tags_any: e.target.value })} />
                  <TextField label={t('wizard.tags_all')} value={draft.tags_all} onChange={(e) => set({ tags_all: e.target.value })} />
                  <TextField label={t('wizard.registered_from')} type="date" value={draft.registered_from} onChange={(e) => set({ registered_from: e.target.value })} />
                  <TextField label={t('wizard.registered_until')} type="date" value={draft.registered_until} onChange={(e) => set({ registered_until: e.target.value })} error={err('registered_until')} />
                  <CheckboxField label={t('wizard.real_name')} checked={draft.real_name_only} onChange={(e) => set({ real_name_only: e.target.checked })} />
                </div>
              ) : null}
              {draft.audience === 'list' ? <p className="muted">{t('wizard.list_hint')}</p> : null}
            </>
          ) : null}
          {step === 'coupons' ? (
            <>
              {err('coupons') ? <p className="field__error">{err('coupons')}</p> : null}
              {draft.coupons.map((c, i) => (
                <fieldset className="fieldset" key={`coupon-${i.toString()}`}>
                  <legend>{t('wizard.coupon_n', { n: i + 1 })}</legend>
                  <div className="form-grid">
                    <SelectField
                      label={t('wizard.template')}
                      value={c.template_id}
                      onChange={(e) => setCoupon(i, { template_id: e.target.value })}
                      options={[{ value: '', label: '—' }, ...active.map((tp) => ({ value: tp.id, label: t('wizard.template_option', { name: language === 'zh-CN' ? tp.name_zh : tp.name_en, value: format.money(tp.value, tp.currency), stock: format.number(tp.stock) }) }))]}
                      error={err(`coupons.${i}.template_id`)}
                    />
                    <TextField label={t('orders.quantity')} inputMode="numeric" value={c.quantity} onChange={(e) => setCoupon(i, { quantity: e.target.value })} error={err(`coupons.${i}.quantity`)} />
                    <TextField label={t('wizard.per_user')} inputMode="numeric" value={c.per_user_limit} onChange={(e) => setCoupon(i, { per_user_limit: e.target.value })} error={err(`coupons.${i}.per_user_limit`)} />
                    <SelectField
                      label={t('wizard.validity')}
                      value={c.validity}
                      onChange={(e) => setCoupon(i, { validity: e.target.value as CouponDraft['validity'] })}
                      options={[
                        { value: 'days', label: t('wizard.validity.days') },
                        { value: 'fixed', label: t('wizard.validity.fixed') },
                      ]}
                    />
                    {c.validity === 'days' ? (
                      <TextField label={t('wizard.days')} inputMode="numeric" value={c.days} onChange={(e) => setCoupon(i, { days: e.target.value })} error={err(`coupons.${i}.days`)} />
                    ) : (
                      <>
                        <TextField label={t('wizard.valid_from')} type="date" value={c.valid_from} onChange={(e) => setCoupon(i, { valid_from: e.target.value })} error={err(`coupons.${i}.valid_from`)} />
                        <TextField label={t('wizard.valid_until')} type="date" value={c.valid_until} onChange={(e) => setCoupon(i, { valid_until: e.target.value })} error={err(`coupons.${i}.valid_until`)} />
                      </>
                    )}
                    <SelectField
                      label={t('wizard.condition')}
                      value={c.condition}
                      onChange={(e) => setCoupon(i, { condition: e.target.value as CouponDraft['condition'] })}
                      options={(['none', 'min_spend', 'min_items'] as const).map((k) => ({ value: k, label: t(`wizard.condition.${k}`) }))}
                    />
                    {c.condition === 'min_spend' ? <TextField label={t('wizard.min_spend')} inputMode="decimal" value={c.min_spend} onChange={(e) => setCoupon(i, { min_spend: e.target.value })} error={err(`coupons.${i}.min_spend`)} /> : null}
                    {c.condition === 'min_items' ? <TextField label={t('wizard.min_items')} inputMode="numeric" value={c.min_items} onChange={(e) => setCoupon(i, { min_items: e.target.value })} error={err(`coupons.${i}.min_items`)} /> : null}
                    <SelectField
                      label={t('wizard.scope')}
                      value={c.scope}
                      onChange={(e) => setCoupon(i, { scope: e.target.value as CouponDraft['scope'] })}
                      options={(['all', 'merchants', 'categories', 'skus'] as const).map((k) => ({ value: k, label: t(`wizard.scope.${k}`) }))}
                    />
                    {c.scope !== 'all' ? <TextField label={t('wizard.scope_ids')} value={c.scope_ids} onChange={(e) => setCoupon(i, { scope_ids: e.target.value })} hint={t('wizard.list_separated')} error={err(`coupons.${i}.scope_ids`)} /> : null}
                    <TextField label={t('wizard.exclude_skus')} value={c.exclude_skus} onChange={(e) => setCoupon(i, { exclude_skus: e.target.value })} hint={t('wizard.list_separated')} />
                  </div>
                  {draft.coupons.length > 1 ? (
                    <Button variant="ghost" onClick={() => setDraft((d) => ({ ...d, coupons: d.coupons.filter((_, j) => j !== i) }))}>
                      {t('wizard.remove_coupon', { n: i + 1 })}
                    </Button>
                  ) : null}
                </fieldset>
              ))}
              <Button onClick={() => setDraft((d) => ({ ...d, coupons: [...d.coupons, emptyCoupon()] }))} disabled={draft.coupons.length >= 20}>
                {t('wizard.add_coupon')}
              </Button>
            </>
          ) : null}
          {step === 'preview' ? <ShopperPreview draft={draft} templates={templates.data?.items ?? []} /> : null}
          <div className="form-actions">
            {index > 0 ? <Button onClick={() => go(STEPS[index - 1] ?? 'basics')}>{t('wizard.back')}</Button> : null}
            <Button type="submit" variant="primary" busy={create.busy}>
              {step === 'preview' ? t('wizard.create') : t('wizard.next')}
            </Button>
          </div>
          {step === 'preview' ? <p className="muted">{t('wizard.create_hint')}</p> : null}
        </form>
        <ProblemAlert error={create.error} />
        {fixStep && step === 'preview' ? (
          <Button onClick={() => go(fixStep)}>{t('wizard.fix_on_step', { step: t(`wizard.step.${fixStep}`) })}</Button>
        ) : null}
        {fieldError(create.error, 'coupons') ? <p className="field__error">{fieldError(create.error, 'coupons')}</p> : null}
      </section>
    </>
  );
}

/** What a shopper will see in the coupon centre and wallet, from the draft and its templates. */
function ShopperPreview({ draft, templates }: { draft: ActivityDraft; templates: Template[] }) {
  const t = useT();
  const format = useFormat();
  const { language } = useLanguage();
  const byId = new Map(templates.map((tp) => [tp.id, tp]));
  return (
    <div className="preview" data-testid="shopper-preview">
      <p className="muted">{t('wizard.preview_intro')}</p>
      <div className="preview__phone">
        <p className="preview__activity">{draft.name}</p>
        {draft.description ? <p className="muted">{draft.description}</p> : null}
        {draft.coupons.map((c, i) => {
          const tp = byId.get(c.template_id);
          const currency = tp?.currency ?? defaultCurrency();
          const minSpend = parseMoney(c.min_spend, currency);
          return (
            <div key={`preview-${i.toString()}`} className="preview__coupon">
              <span className="preview__value">
                {tp ? (tp.type === 'percent_off' && tp.percent_bp !== null ? t('wizard.preview_percent', { percent: `${Math.trunc(tp.percent_bp / 100)}${tp.percent_bp % 100 ? `.${String(tp.percent_bp % 100).padStart(2, '0')}` : ''}` }) : format.money(tp.amount ?? tp.value, currency)) : '—'}
              </span>
              <span>{tp ? (language === 'zh-CN' ? tp.name_zh : tp.name_en) : ''}</span>
              <span className="muted">
                {c.condition === 'min_spend' && minSpend.ok
                  ? t('wizard.preview_min_spend', { amount: format.money(minSpend.minor, currency) })
                  : c.condition === 'min_items'
                    ? t('wizard.preview_min_items', { count: c.min_items })
                    : t('wizard.preview_no_threshold')}
              </span>
              <span className="muted">{c.validity === 'days' ? t('wizard.preview_days', { days: c.days }) : t('wizard.preview_until', { date: c.valid_until ? format.calendarDate(c.valid_until) : '—' })}</span>
              <span className="muted">
                {t('wizard.preview_scope', {
                  scope: c.scope === 'all' ? t('wizard.scope.all') : `${t(`wizard.scope.${c.scope}`)} (${c.scope_ids.split(/[\s,]+/).filter(Boolean).join(', ')})`,
                })}
              </span>
              <span className="muted">{t('wizard.preview_limit', { n: c.per_user_limit })}</span>
              <span className="preview__button">{t(`wizard.preview_action.${draft.method}`)}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
