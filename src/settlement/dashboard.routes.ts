import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { Currency, problems } from '../http/schemas.js';
import { merchantScope } from '../platform/merchant-access.js';
import { ANONYMOUS } from '../platform/principal.js';
import { activityByDay, budgetPositions, dashboardPeriod, expiringSoon, liabilityByDay } from './dashboard.js';

/** Read-only summaries for the console's dashboard charts, in integer minor units. */

const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a day in the platform time zone (TIME_ZONE)' });
const CurrencyQuery = Type.Optional({ ...Currency, description: 'ISO 4217 code; the platform currency when left out' });
const SeriesQuery = Type.Object(
  { from: Type.Optional(DateText), to: Type.Optional(DateText), currency: CurrencyQuery },
  { additionalProperties: false, description: 'from..to inclusive; the last 30 days (today last) when both are left out' },
);
const NowQuery = Type.Object({ currency: CurrencyQuery }, { additionalProperties: false });

const Int = Type.Integer();
const Count = Type.Integer({ minimum: 0 });
const PeriodSchema = Type.Object({ from_date: DateText, to_date: DateText, from: Type.String(), to: Type.String() });

const LiabilitySeries = Type.Object({
  period: PeriodSchema,
  currency: Type.String(),
  opening: Int,
  closing: Int,
  days: Type.Array(Type.Object({ date: DateText, liability: Int })),
});
const Position = {
  funded: Int,
  available: Int,
  frozen: Int,
  in_transit: Int,
  spent: Int,
  awaiting_approval: Int,
};
const BudgetPositions = Type.Object({
  currency: Type.String(),
  budgets: Type.Array(Type.Object({ budget_id: Type.String(), name: Type.String(), owner: Type.String(), merchant_id: Type.Union([Type.String(), Type.Null()]), ...Position })),
  totals: Type.Object(Position),
  truncated: Type.Boolean(),
});
const ActivitySeries = Type.Object({
  period: PeriodSchema,
  currency: Type.String(),
  days: Type.Array(Type.Object({ date: DateText, card_payments: Count, card_amount: Int, coupon_claims: Count })),
});
const ExpiringSeries = Type.Object({
  period: PeriodSchema,
  currency: Type.String(),
  days: Type.Array(Type.Object({ date: DateText, cards: Count, card_balance: Int, coupons: Count, coupon_value: Int })),
});

export function dashboardRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    const zone = ctx.config.timeZone;
    const tags = ['settlement'];
    const currencyOf = (query: { currency?: string }) => query.currency ?? ctx.config.defaultCurrency;

    app.get(
      '/reports/dashboard/liability',
      { schema: { tags, summary: 'Outstanding gift card liability at the end of each day (ties to the liability report’s closing)', querystring: SeriesQuery, response: { 200: LiabilitySeries, ...problems(400) } } },
      async (request) => {
        const period = dashboardPeriod(request.query.from, request.query.to, ctx.clock.now(), zone);
        return liabilityByDay(ctx.db, period, zone, currencyOf(request.query));
      },
    );

    app.get(
      '/reports/dashboard/budgets',
      { schema: { tags, summary: 'Each coupon budget now: available, frozen, in transit, spent (a merchant sees its own)', querystring: NowQuery, response: { 200: BudgetPositions, ...problems(400, 403) } } },
      async (request) => budgetPositions(ctx.db, currencyOf(request.query), merchantScope(request.principal ?? ANONYMOUS)),
    );

    app.get(
      '/reports/dashboard/activity',
      { schema: { tags, summary: 'Gift card payments (count, amount) and coupon claims per day (a merchant sees its own)', querystring: SeriesQuery, response: { 200: ActivitySeries, ...problems(400, 403) } } },
      async (request) => {
        const period = dashboardPeriod(request.query.from, request.query.to, ctx.clock.now(), zone);
        return activityByDay(ctx.db, period, zone, currencyOf(request.query), merchantScope(request.principal ?? ANONYMOUS));
      },
    );

    app.get(
      '/reports/dashboard/expiring',
      { schema: { tags, summary: 'Gift cards and coupons whose validity ends in the next 30 days, per day, with the money at stake', querystring: NowQuery, response: { 200: ExpiringSeries, ...problems(400) } } },
      async (request) => expiringSoon(ctx.db, ctx.clock.now(), zone, currencyOf(request.query)),
    );
  };
}
