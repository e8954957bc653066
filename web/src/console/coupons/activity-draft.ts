import { parseMoney } from '../../shared/money.js';
import { endOfDayIso, startOfDayIso } from '../../shared/zoned-time.js';
import type { ActivityInput, Audience, Condition, CouponValidity, ItemInput, Method, Scope } from './coupons-api.js';

/**
 * The activity wizard's form state and its conversion to the API's ActivityInput. Pure: what
 * the person typed (days, amounts as text, comma lists) becomes exact instants, integer fen and
 * id lists, with a complaint per field when something cannot be read.
 */

export interface CouponDraft {
  template_id: string;
  quantity: string;
  per_user_limit: string;
  validity: 'days' | 'fixed';
  days: string;
  valid_from: string;
  valid_until: string;
  condition: 'none' | 'min_spend' | 'min_items';
  min_spend: string;
  min_items: string;
  scope: Scope['kind'];
  scope_ids: string;
  exclude_skus: string;
}

export interface ActivityDraft {
  budget_id: string;
  name: string;
  description: string;
  method: Method;
  starts_on: string;
  ends_on: string;
  audience: Audience['kind'];
  regions: string;
  tags_any: string;
  tags_all: string;
  real_name_only: boolean;
  registered_from: string;
  registered_until: string;
  coupons: CouponDraft[];
}

export const emptyCoupon = (templateId = ''): CouponDraft => ({
  template_id: templateId,
  quantity: '100',
  per_user_limit: '1',
  validity: 'days',
  days: '30',
  valid_from: '',
  valid_until: '',
  condition: 'none',
  min_spend: '',
  min_items: '',
  scope: 'all',
  scope_ids: '',
  exclude_skus: '',
});

export const emptyDraft = (budgetId = '', templateId = ''): ActivityDraft => ({
  budget_id: budgetId,
  name: '',
  description: '',
  method: 'claim',
  starts_on: '',
  ends_on: '',
  audience: 'all',
  regions: '',
  tags_any: '',
  tags_all: '',
  real_name_only: false,
  registered_from: '',
  registered_until: '',
  coupons: [emptyCoupon(templateId)],
});

export type DraftProblems = Record<string, string>;

const list = (text: string) =>
  text
    .split(/[\s,，]+/)
    .map((s) => s.trim())
    .filter(Boolean);

const positiveInt = (text: string) => (/^[1-9][0-9]{0,8}$/.test(text.trim()) ? Number.parseInt(text.trim(), 10) : null);

/**
 * Problems by field key ('name', 'coupons.0.quantity', …) as message keys; empty when the draft
 * converts. `stockOf` gives a template's stock left, so a quantity the API would refuse at the
 * end is said beside its field on the coupons step.
 */
export function draftProblems(draft: ActivityDraft, step?: 'basics' | 'window' | 'audience' | 'coupons', stockOf: (templateId: string) => number | undefined = () => undefined): DraftProblems {
  const p: DraftProblems = {};
  if (!step || step === 'basics') {
    if (!draft.budget_id) p.budget_id = 'form.required';
    if (!draft.name.trim()) p.name = 'form.required';
    else if (draft.name.length > 200) p.name = 'form.too_long';
    if (draft.description.length > 4000) p.description = 'form.too_long';
  }
  if (!step || step === 'window') {
    if (draft.starts_on && draft.ends_on && draft.starts_on > draft.ends_on) p.ends_on = 'wizard.ends_before_starts';
  }
  if (!step || step === 'audience') {
    if (draft.audience === 'rule') {
      if (list(draft.regions).some((r) => !/^[0-9]{2,6}$/.test(r))) p.regions = 'wizard.region_rule';
      if (draft.registered_from && draft.registered_until && draft.registered_from > draft.registered_until) p.registered_until = 'wizard.ends_before_starts';
    }
  }
  if (!step || step === 'coupons') {
    if (draft.coupons.length === 0) p.coupons = 'wizard.one_coupon';
    draft.coupons.forEach((c, i) => {
      const at = (f: string) => `coupons.${i}.${f}`;
      if (!c.template_id) p[at('template_id')] = 'form.required';
      const quantity = positiveInt(c.quantity);
      const perUser = positiveInt(c.per_user_limit);
      const stock = c.template_id ? stockOf(c.template_id) : undefined;
      if (quantity === null) p[at('quantity')] = 'wizard.whole_number';
      else if (stock !== undefined && quantity > stock) p[at('quantity')] = 'wizard.over_stock';
      if (perUser === null) p[at('per_user_limit')] = 'wizard.whole_number';
      else if (quantity !== null && perUser > quantity) p[at('per_user_limit')] = 'wizard.limit_over_quantity';
      if (c.validity === 'days' && positiveInt(c.days) === null) p[at('days')] = 'wizard.whole_number';
      if (c.validity === 'fixed') {
        if (!c.valid_from) p[at('valid_from')] = 'form.required';
        if (!c.valid_until) p[at('valid_until')] = 'form.required';
        if (c.valid_from && c.valid_until && c.valid_from > c.valid_until) p[at('valid_until')] = 'wizard.ends_before_starts';
      }
      if (c.condition === 'min_spend') {
        const m = parseMoney(c.min_spend, 'CNY');
        if (!m.ok || m.minor <= 0) p[at('min_spend')] = 'budgets.amount_rule';
      }
      if (c.condition === 'min_items' && positiveInt(c.min_items) === null) p[at('min_items')] = 'wizard.whole_number';
      if (c.scope !== 'all' && list(c.scope_ids).length === 0) p[at('scope_ids')] = 'form.required';
    });
  }
  return p;
}

function validityOf(c: CouponDraft, zone: string): CouponValidity {
  if (c.validity === 'fixed') return { kind: 'fixed', from: startOfDayIso(c.valid_from, zone) ?? '', until: endOfDayIso(c.valid_until, zone) ?? '' };
  return { kind: 'days', days: positiveInt(c.days) ?? 0 };
}

function conditionOf(c: CouponDraft, currency: string): Condition {
  if (c.condition === 'min_spend') {
    const m = parseMoney(c.min_spend, currency);
    return { kind: 'min_spend', amount: m.ok ? m.minor : 0 };
  }
  if (c.condition === 'min_items') return { kind: 'min_items', count: positiveInt(c.min_items) ?? 0 };
  return { kind: 'none' };
}

function scopeOf(c: CouponDraft): Scope {
  const exclude = list(c.exclude_skus);
  return { kind: c.scope, ...(c.scope !== 'all' ? { ids: list(c.scope_ids) } : {}), ...(exclude.length ? { exclude_skus: exclude } : {}) };
}

function audienceOf(d: ActivityDraft, zone: string): Audience {
  if (d.audience !== 'rule') return { kind: d.audience };
  const regions = list(d.regions);
  const any = list(d.tags_any);
  const all = list(d.tags_all);
  return {
    kind: 'rule',
    ...(regions.length ? { regions } : {}),
    ...(any.length ? { tags_any: any } : {}),
    ...(all.length ? { tags_all: all } : {}),
    ...(d.real_name_only ? { real_name_verified: true } : {}),
    ...(d.registered_from ? { registered_from: startOfDayIso(d.registered_from, zone) ?? '' } : {}),
    ...(d.registered_until ? { registered_until: endOfDayIso(d.registered_until, zone) ?? '' } : {}),
  };
}

/** The request the API takes; call after draftProblems(draft) came back empty. */
export function toActivityInput(d: ActivityDraft, zone: string, currency: string): ActivityInput {
  const coupons: ItemInput[] = d.coupons.map((c) => ({
    template_id: c.template_id,
    quantity: positiveInt(c.quantity) ?? 0,
    per_user_limit: positiveInt(c.per_user_limit) ?? 0,
    validity: validityOf(c, zone),
    condition: conditionOf(c, currency),
    scope: scopeOf(c),
  }));
  return {
    budget_id: d.budget_id,
    name: d.name.trim(),
    ...(d.description.trim() ? { description: d.description.trim() } : {}),
    method: d.method,
    starts_at: d.starts_on ? startOfDayIso(d.starts_on, zone) : null,
    ends_at: d.ends_on ? endOfDayIso(d.ends_on, zone) : null,
    audience: audienceOf(d, zone),
    coupons,
  };
}

/** The wizard step where a field of the API's activity request is edited. */
const STEP_OF_FIELD: Record<string, 'basics' | 'window' | 'audience' | 'coupons'> = {
  budget_id: 'basics',
  name: 'basics',
  description: 'basics',
  method: 'basics',
  starts_at: 'window',
  ends_at: 'window',
  audience: 'audience',
  coupons: 'coupons',
};

const STEP_ORDER = ['basics', 'window', 'audience', 'coupons'] as const;

/**
 * The earliest wizard step holding one of the fields the API refused (field paths as the API
 * names them: `body/coupons/0/quantity`, `name`), or undefined when none is a wizard field.
 */
export function stepOfApiFields(fields: readonly string[]): (typeof STEP_ORDER)[number] | undefined {
  const steps = new Set(fields.map((field) => STEP_OF_FIELD[field.replace(/^body\/?/, '').split('/')[0] ?? '']));
  return STEP_ORDER.find((step) => steps.has(step));
}
