import { Readable } from 'node:stream';
import { type Static, Type } from 'typebox';
import { transaction } from '../db/database.js';
import { languageFrom, problem } from '../errors.js';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { csvAnswer, IdParams, problems, StringEnum } from '../http/schemas.js';
import { decodeCursor, encodeCursor, pageSize } from '../pagination.js';
import { recordAudit } from '../platform/audit.js';
import { merchantScope } from '../platform/merchant-access.js';
import type { Principal } from '../platform/principal.js';
import { type ActivityInput as DomainInput, createActivity, updateActivity } from './activities.js';
import { itemsOf, listActivities, requireActivity } from './activities.repo.js';
import type { Audience } from './audience.js';
import { importAudienceList } from './audience-list.repo.js';
import { codeKey, exportLines, markExported } from './codes.repo.js';
import { recycleCoupon } from './expiry.js';
import { endActivity, submitActivity } from './lifecycle.js';
import { Activity, ActivityInput, ApprovalRef, Coupon, ListQuery } from './schemas.js';
import { activityView, couponView } from './views.js';
import { couponRow } from './wallet.js';

/** Activities for staff and merchants: create, submit for approval, end, audience lists, code export. */

async function visibleActivity(ctx: AppContext, principal: Principal | undefined, id: string) {
  const activity = await requireActivity(ctx.db, id);
  if (principal?.role === 'merchant' && principal.merchantId !== activity.merchant_id) throw problem('coupon_activity_not_found');
  return activity;
}

function domainInput(body: Static<typeof ActivityInput>): DomainInput {
  return {
    ...body,
    audience: body.audience as Audience,
    coupons: body.coupons.map((c) => ({
      ...c,
      scope: { kind: c.scope.kind, ids: c.scope.ids ?? [], excludeSkus: c.scope.exclude_skus ?? [], excludeCategories: c.scope.exclude_categories ?? [] },
    })),
  };
}

async function jobsOf(ctx: AppContext, activityId: string) {
  return ctx.db.q.selectFrom('jobs').select(['kind', 'state', 'progress']).where('dedupe_key', 'like', `coupon.%:${activityId}`).orderBy('created_at').limit(10).execute();
}

export function activityRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.addContentTypeParser('text/csv', (_request, payload, done) => done(null, payload));

    app.post(
      '/coupon-activities',
      { schema: { tags: ['coupons'], summary: 'Create an activity (a draft) with its coupons', body: ActivityInput, response: { 201: Activity, ...problems(400, 404, 409, 422) } } },
      async (request, reply) => {
        const now = ctx.clock.now();
        const created = await transaction(ctx.db, (tx) => createActivity(tx, domainInput(request.body), actorOf(request), now));
        return reply.code(201).send(activityView(created.activity, created.items));
      },
    );

    app.put(
      '/coupon-activities/:id',
      { schema: { tags: ['coupons'], summary: 'Replace a draft’s or a rejected activity’s definition (it becomes a draft)', params: IdParams, body: ActivityInput, response: { 200: Activity, ...problems(400, 404, 409, 422) } } },
      async (request) => {
        const now = ctx.clock.now();
        await visibleActivity(ctx, request.principal, request.params.id);
        const updated = await transaction(ctx.db, (tx) => updateActivity(tx, request.params.id, domainInput(request.body), actorOf(request), now));
        return activityView(updated.activity, updated.items);
      },
    );

    app.get(
      '/coupon-activities',
      {
        schema: {
          tags: ['coupons'],
          summary: 'Activities, newest first',
          querystring: Type.Object({ ...ListQuery.properties, state: Type.Optional(StringEnum(['draft', 'submitted', 'scheduled', 'running', 'ended', 'rejected'] as const)) }, { additionalProperties: false }),
          response: { 200: Type.Object({ items: Type.Array(Activity), next_cursor: Type.Union([Type.String(), Type.Null()]) }), ...problems(400) },
        },
      },
      async (request) => {
        const limit = pageSize(request.query.limit);
        const after = decodeCursor<{ id: string }>(request.query.cursor, { id: 'string' });
        const merchantId = merchantScope(request.principal as Principal);
        const rows = await listActivities(ctx.db, { ...(merchantId ? { merchantId } : {}), ...(request.query.state ? { state: request.query.state } : {}) }, limit + 1, after?.id);
        const items = [];
        for (const row of rows.slice(0, limit)) items.push(activityView(row, await itemsOf(ctx.db, row.id)));
        return { items, next_cursor: rows.length > limit ? encodeCursor({ id: rows[limit - 1]?.id ?? '' }) : null };
      },
    );

    app.get(
      '/coupon-activities/:id',
      { schema: { tags: ['coupons'], summary: 'An activity with its coupons, stock and job progress', params: IdParams, response: { 200: Activity, ...problems(404) } } },
      async (request) => {
        const activity = await visibleActivity(ctx, request.principal, request.params.id);
        return activityView(activity, await itemsOf(ctx.db, activity.id), await jobsOf(ctx, activity.id));
      },
    );

    app.post(
      '/coupon-activities/:id/submit',
      { schema: { tags: ['coupons'], summary: 'Submit for first and final review; stock is set aside and its value held', params: IdParams, response: { 202: ApprovalRef, ...problems(404, 409, 422) } } },
      async (request, reply) => {
        const now = ctx.clock.now();
        await visibleActivity(ctx, request.principal, request.params.id);
        const approval = await transaction(ctx.db, (tx) => submitActivity(ctx, tx, request.params.id, actorOf(request), now));
        return reply.code(202).send({ id: approval.id, kind: approval.kind, state: approval.state, amount: approval.amount, currency: approval.currency });
      },
    );

    app.post(
      '/coupon-activities/:id/end',
      { schema: { tags: ['coupons'], summary: 'End the activity now; unissued coupons go back to their templates', params: IdParams, response: { 200: Activity, ...problems(404, 409) } } },
      async (request) => {
        const now = ctx.clock.now();
        await visibleActivity(ctx, request.principal, request.params.id);
        await transaction(ctx.db, (tx) => endActivity(tx, request.params.id, actorOf(request), now));
        const activity = await requireActivity(ctx.db, request.params.id);
        return activityView(activity, await itemsOf(ctx.db, activity.id));
      },
    );

    app.put(
      '/coupon-activities/:id/audience-list',
      {
        // The body is a stream, so it cannot be hashed for Idempotency-Key; a repeated upload is
        // harmless anyway (ids already on the list are skipped).
        config: { carriesSecrets: true },
        schema: {
          tags: ['coupons'],
          summary: 'Add shopper ids to a list audience (text/csv, first column, up to 1,000,000 rows, streamed)',
          params: IdParams,
          response: { 200: Type.Object({ rows: Type.Integer(), added: Type.Integer() }), ...problems(400, 404, 409, 413, 415) },
        },
      },
      async (request) => {
        if (!(request.body instanceof Readable)) throw problem('unsupported_media_type', 'send the list as text/csv');
        const body = request.body;
        const now = ctx.clock.now();
        const activity = await visibleActivity(ctx, request.principal, request.params.id);
        if ((JSON.parse(activity.audience) as Audience).kind !== 'list') throw problem('coupon_audience_invalid', 'the activity’s audience is not a list');
        if (activity.state !== 'draft' && activity.state !== 'rejected') throw problem('coupon_activity_not_editable');
        return transaction(ctx.db, async (tx) => {
          const result = await importAudienceList(tx, activity.id, body);
          await recordAudit(tx, actorOf(request), { action: 'coupon.activity.audience_list', entityType: 'coupon_activity', entityId: activity.id, after: result }, now);
          return result;
        });
      },
    );

    app.post(
      '/coupon-activities/:id/codes-export',
      {
        config: { issuesSecret: true },
        schema: { tags: ['coupons'], summary: 'Export the activity’s redeem codes once, as streamed CSV', params: IdParams, response: { 200: csvAnswer('activity_id,coupon_item_id,serial,code'), ...problems(404, 409) } },
      },
      async (request, reply) => {
        const now = ctx.clock.now();
        await visibleActivity(ctx, request.principal, request.params.id);
        const actor = actorOf(request);
        await transaction(ctx.db, async (tx) => {
          await markExported(tx, request.params.id, actor.principal.id, now);
          await recordAudit(tx, actor, { action: 'coupon.codes.export', entityType: 'coupon_activity', entityId: request.params.id }, now);
        });
        const key = await codeKey(ctx.db, now);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="coupon-codes-${request.params.id}.csv"`)
          .header('cache-control', 'no-store')
          .send(Readable.from(exportLines(ctx.db, key, request.params.id)));
      },
    );

    app.get(
      '/coupons/:id',
      { schema: { tags: ['coupons'], summary: 'An issued coupon', params: IdParams, response: { 200: Coupon, ...problems(404) } } },
      async (request) => {
        const row = await couponRow(ctx.db, request.params.id);
        const principal = request.principal as Principal;
        if (!row || (principal.role === 'merchant' && principal.merchantId !== row.merchant_id)) throw problem('coupon_not_found');
        return couponView(row, ctx.clock.now(), languageFrom(request.headers['accept-language']), ctx.config.couponExpiringNoticeDays);
      },
    );

    app.post(
      '/coupons/:id/recycle',
      { schema: { tags: ['coupons'], summary: 'Take back an issued, unused coupon; its value returns to available', params: IdParams, response: { 200: Coupon, ...problems(404, 409) } } },
      async (request) => {
        const now = ctx.clock.now();
        await transaction(ctx.db, (tx) => recycleCoupon(tx, request.params.id, actorOf(request), now));
        const row = await couponRow(ctx.db, request.params.id);
        if (!row) throw problem('coupon_not_found');
        return couponView(row, now, languageFrom(request.headers['accept-language']), ctx.config.couponExpiringNoticeDays);
      },
    );
  };
}
