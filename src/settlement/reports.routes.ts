import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { problem } from '../errors.js';
import type { App, AppContext } from '../http/context.js';
import { problems, StringEnum } from '../http/schemas.js';
import { decodeCursor, pageSize } from '../pagination.js';
import { merchantScope } from '../platform/merchant-access.js';
import { toCsv } from './report-csv.js';
import { couponReports, drillDown, liabilityReport, merchantReport, trialBalance } from './reports.js';
import { periodOf } from './time-zone.js';

const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a day in the platform time zone (TIME_ZONE)' });
const Format = StringEnum(['json', 'csv'] as const, { description: 'json (default) or csv' });
const RangeQuery = Type.Object({ from: DateText, to: DateText, format: Type.Optional(Format) }, { additionalProperties: false });
const AsOfQuery = Type.Object({ date: DateText, format: Type.Optional(Format) }, { additionalProperties: false });
const DrillQuery = Type.Object(
  {
    figure: Type.String({ minLength: 3, maxLength: 400 }),
    from: DateText,
    to: DateText,
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
const Report = Type.Object({}, { additionalProperties: true });

type Row = Record<string, string | number | boolean | null>;

function send(reply: FastifyReply, format: 'json' | 'csv' | undefined, name: string, body: unknown, rows: () => Row[]) {
  if (format !== 'csv') return body;
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(toCsv(rows()));
}

export function reportRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    const zone = ctx.config.timeZone;
    const tags = ['settlement'];

    app.get(
      '/reports/liability',
      { schema: { tags, summary: 'Gift card liability roll-forward and breakage per currency', querystring: RangeQuery, response: { 200: Report, ...problems(400) } } },
      async (request, reply) => {
        const period = periodOf(request.query.from, request.query.to, zone);
        const report = await liabilityReport(ctx.db, period, zone);
        return send(reply, request.query.format, 'liability', report, () =>
          report.roll_forward.map(({ lines, ...r }) => ({ from: period.from_date, to: period.to_date, currency: r.currency, opening: r.opening, ...lines, issued: r.issued, closing: r.closing, closing_card_balances: r.closing_card_balances, pending_redemptions: r.pending_redemptions, ties: r.ties })),
        );
      },
    );

    app.get(
      '/reports/breakage',
      { schema: { tags, summary: 'Breakage (expired gift card balances) per currency', querystring: RangeQuery, response: { 200: Report, ...problems(400) } } },
      async (request, reply) => {
        const period = periodOf(request.query.from, request.query.to, zone);
        const { breakage } = await liabilityReport(ctx.db, period, zone);
        return send(reply, request.query.format, 'breakage', { period, breakage }, () => breakage.map((b) => ({ from: period.from_date, to: period.to_date, ...b })));
      },
    );

    app.get(
      '/reports/budgets',
      { schema: { tags, summary: 'Coupon budget statement per budget', querystring: RangeQuery, response: { 200: Report, ...problems(400) } } },
      async (request, reply) => {
        const period = periodOf(request.query.from, request.query.to, zone);
        const { budgets } = await couponReports(ctx.db, period, zone);
        return send(reply, request.query.format, 'budgets', { period, budgets }, () =>
          budgets.map((b) => ({
            budget_id: b.budget_id,
            currency: b.currency,
            available_opening: b.available.opening,
            ...b.available.lines,
            available_closing: b.available.closing,
            frozen_templates_closing: b.frozen_templates.closing,
            frozen_activities_closing: b.frozen_activities.closing,
            spent: b.spent,
            in_transit: b.in_transit,
            awaiting_approval: b.awaiting_approval,
            total_opening: b.total.opening,
            total_closing: b.total.closing,
            ties: b.ties,
          })),
        );
      },
    );

    app.get(
      '/reports/activities',
      { schema: { tags, summary: 'Activity report: coupons issued, claimed, used and expired; discount given and returned, by merchant', querystring: RangeQuery, response: { 200: Report, ...problems(400) } } },
      async (request, reply) => {
        const period = periodOf(request.query.from, request.query.to, zone);
        const { activities } = await couponReports(ctx.db, period, zone);
        return send(reply, request.query.format, 'activities', { period, activities }, () =>
          activities.flatMap(({ by_merchant, ...a }): Row[] =>
            by_merchant.length === 0 ? [{ ...a, merchant_id: null, merchant_discount_given: null, merchant_refunded: null }] : by_merchant.map((m) => ({ ...a, merchant_id: m.merchant_id, merchant_discount_given: m.discount_given, merchant_refunded: m.refunded })),
          ),
        );
      },
    );

    app.get(
      '/reports/merchants',
      { schema: { tags, summary: 'Merchant settlement: owed per merchant per day after receipt (a merchant caller sees its own)', querystring: RangeQuery, response: { 200: Report, ...problems(400) } } },
      async (request, reply) => {
        const period = periodOf(request.query.from, request.query.to, zone);
        const report = await merchantReport(ctx.db, period, zone, merchantScope(request.principal ?? { kind: 'anonymous', id: 'anonymous', role: null }));
        return send(reply, request.query.format, 'merchants', report, () =>
          report.merchants.flatMap((m) => m.days.map((d) => ({ merchant_id: m.merchant_id, currency: m.currency, date: d.date, ...d.lines, owed: d.owed, owed_card_and_coupon: d.owed_card_and_coupon }))),
        );
      },
    );

    app.get(
      '/reports/trial-balance',
      { schema: { tags, summary: 'Trial balance by account code at the end of a day, from transfers', querystring: AsOfQuery, response: { 200: Report, ...problems(400) } } },
      async (request, reply) => {
        const period = periodOf(request.query.date, request.query.date, zone);
        const report = await trialBalance(ctx.db, period, zone);
        return send(reply, request.query.format, 'trial-balance', report, () => report.rows.map((r) => ({ date: report.date, ...r })));
      },
    );

    app.get(
      '/reports/drill-down',
      { schema: { tags, summary: 'The transfers behind one report figure (its key, e.g. liability.CNY.redeemed)', querystring: DrillQuery, response: { 200: Report, ...problems(400, 403) } } },
      async (request) => {
        const scope = merchantScope(request.principal ?? { kind: 'anonymous', id: 'anonymous', role: null });
        if (scope !== undefined && !request.query.figure.startsWith(`merchant.${scope}.`)) throw problem('wrong_merchant', 'a merchant caller may drill into its own figures only');
        const period = periodOf(request.query.from, request.query.to, zone);
        const after = decodeCursor<{ seq: number }>(request.query.cursor, { seq: 'number' });
        const page = await drillDown(ctx.db, period, zone, request.query.figure, after?.seq ?? 0, pageSize(request.query.limit));
        return { ...page, items: page.items.map((m) => ({ ...m })), period };
      },
    );
  };
}

