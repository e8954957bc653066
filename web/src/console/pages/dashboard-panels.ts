import type { ApiAnswer } from '../../shared/api-types.js';
import type { Point } from '../../shared/charts/chart-frame.js';
import type { useFormat } from '../../shared/i18n/i18n.js';
import type { Translate } from '../../shared/i18n/i18n.js';
import type { ConsoleKey } from '../messages.js';
import type { ConsoleRole } from '../roles.js';
import { api } from '../session.js';

/**
 * The dashboard's charts, fed by the settlement API's dashboard summaries
 * (/v1/settlement/reports/dashboard/…). A panel loads once and turns its answer into one or more
 * views (one chart each, picked with a selector); money values are in fen.
 */

export interface Words {
  t: Translate<ConsoleKey>;
  format: ReturnType<typeof useFormat>;
}

export interface PanelView {
  id: string;
  /** What the selector and the chart's caption call this view. */
  label: string;
  chart: 'line' | 'bar';
  unit: 'money' | 'count';
  points: Point[];
}

export interface Panel {
  id: string;
  title: ConsoleKey;
  roles: readonly ConsoleRole[];
  /** What the selector between views is called, when there is more than one. */
  selector?: ConsoleKey;
  /** Fetches the panel's data; the answer turns it into views in the current language. */
  load(signal: AbortSignal): Promise<(words: Words) => PanelView[]>;
}

const BASE = '/v1/settlement/reports/dashboard';

type LiabilityAnswer = ApiAnswer<'/v1/settlement/reports/dashboard/liability', 'get'>;
type BudgetsAnswer = ApiAnswer<'/v1/settlement/reports/dashboard/budgets', 'get'>;
type ActivityAnswer = ApiAnswer<'/v1/settlement/reports/dashboard/activity', 'get'>;
type ExpiringAnswer = ApiAnswer<'/v1/settlement/reports/dashboard/expiring', 'get'>;
/** A budget's money by state (or the totals of all budgets). */
type Position = BudgetsAnswer['totals'];

/** One view per field of a day series: a bar per day. */
function dayViews<D extends { date: string }>(days: readonly D[], fields: readonly [keyof D & string, ConsoleKey, 'money' | 'count'][], { t, format }: Words): PanelView[] {
  return fields.map(([field, label, unit]) => ({ id: field, label: t(label), chart: 'bar', unit, points: days.map((d) => ({ label: format.dayKey(d.date), value: Number(d[field]) })) }));
}

const POSITION: readonly [keyof Position, ConsoleKey][] = [
  ['available', 'dashboard.available'],
  ['frozen', 'dashboard.frozen'],
  ['in_transit', 'dashboard.in_transit'],
  ['spent', 'dashboard.spent'],
];

function positionView(id: string, label: string, position: Position, t: Words['t']): PanelView {
  return { id, label, chart: 'bar', unit: 'money', points: POSITION.map(([field, key]) => ({ label: t(key), value: position[field] })) };
}

export const DASHBOARD_PANELS: readonly Panel[] = [
  {
    id: 'liability',
    title: 'dashboard.liability',
    roles: ['admin', 'finance', 'auditor'],
    async load(signal) {
      const answer = await api.get<LiabilityAnswer>(`${BASE}/liability`, { signal });
      return ({ t, format }) => [{ id: 'liability', label: t('dashboard.liability'), chart: 'line', unit: 'money', points: answer.days.map((d) => ({ label: format.dayKey(d.date), value: d.liability })) }];
    },
  },
  {
    id: 'budget',
    title: 'dashboard.budget',
    roles: ['admin', 'finance', 'operations', 'auditor', 'merchant'],
    selector: 'dashboard.which_budget',
    async load(signal) {
      const answer = await api.get<BudgetsAnswer>(`${BASE}/budgets`, { signal });
      return ({ t }) => [
        positionView('all', t('dashboard.all_budgets'), answer.totals, t),
        ...answer.budgets.map((b) => positionView(b.budget_id, t('dashboard.budget_named', { name: b.name, id: b.budget_id }), b, t)),
      ];
    },
  },
  {
    id: 'activity-per-day',
    title: 'dashboard.activity_per_day',
    roles: ['admin', 'operations', 'finance', 'customer_service', 'auditor', 'merchant'],
    selector: 'dashboard.show',
    async load(signal) {
      const answer = await api.get<ActivityAnswer>(`${BASE}/activity`, { signal });
      return (words) =>
        dayViews(
          answer.days,
          [
            ['card_amount', 'dashboard.card_amount', 'money'],
            ['card_payments', 'dashboard.card_payments', 'count'],
            ['coupon_claims', 'dashboard.coupon_claims', 'count'],
          ],
          words,
        );
    },
  },
  {
    id: 'expiring',
    title: 'dashboard.expiring',
    roles: ['admin', 'operations', 'finance', 'customer_service', 'auditor'],
    selector: 'dashboard.show',
    async load(signal) {
      const answer = await api.get<ExpiringAnswer>(`${BASE}/expiring`, { signal });
      return (words) =>
        dayViews(
          answer.days,
          [
            ['card_balance', 'dashboard.card_balance', 'money'],
            ['cards', 'dashboard.cards', 'count'],
            ['coupon_value', 'dashboard.coupon_value', 'money'],
            ['coupons', 'dashboard.coupons', 'count'],
          ],
          words,
        );
    },
  },
];
