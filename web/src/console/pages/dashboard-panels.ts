import type { Point } from '../../shared/charts/chart-frame.js';
import type { ConsoleKey } from '../messages.js';
import type { ConsoleRole } from '../roles.js';

/**
 * The dashboard's charts. Each panel names the API that feeds it; until that API is part of the
 * server the panel says so instead of drawing anything. When a domain lands, give its panel a
 * `load` that calls the API and returns points (values in fen for money panels).
 */
export interface Panel {
  id: string;
  title: ConsoleKey;
  chart: 'line' | 'bar';
  unit: 'money' | 'count';
  roles: readonly ConsoleRole[];
  /** The API whose arrival fills this panel (its name, for the placeholder). */
  api: ConsoleKey;
  load?: (signal: AbortSignal) => Promise<Point[]>;
}

export const DASHBOARD_PANELS: readonly Panel[] = [
  { id: 'liability', title: 'dashboard.liability', chart: 'line', unit: 'money', roles: ['admin', 'finance', 'auditor'], api: 'api.reports' },
  { id: 'budget', title: 'dashboard.budget', chart: 'bar', unit: 'money', roles: ['admin', 'finance', 'operations', 'auditor', 'merchant'], api: 'api.coupons' },
  {
    id: 'activity-per-day',
    title: 'dashboard.activity_per_day',
    chart: 'bar',
    unit: 'count',
    roles: ['admin', 'operations', 'finance', 'customer_service', 'auditor', 'merchant'],
    api: 'api.reports',
  },
  { id: 'expiring', title: 'dashboard.expiring', chart: 'bar', unit: 'count', roles: ['admin', 'operations', 'finance', 'customer_service', 'auditor'], api: 'api.giftcards' },
];
