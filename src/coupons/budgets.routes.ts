import { Type } from 'typebox';
import { transaction } from '../db/database.js';
import { problem } from '../errors.js';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { IdParams, problems } from '../http/schemas.js';
import { decodeCursor, encodeCursor, pageSize } from '../pagination.js';
import { merchantScope } from '../platform/merchant-access.js';
import type { Principal } from '../platform/principal.js';
import { budgetStatement, listBudgets, requireBudget } from './budgets.repo.js';
import { createBudget, requestBudgetMove } from './budgets.js';
import { ApprovalRef, Budget, BudgetInput, BudgetWithStatement, ListQuery, MoneyRequest, RecycleInput, Template, TemplateInput } from './schemas.js';
import { listTemplates, requireTemplate } from './templates.repo.js';
import { createTemplate, requestRecycle } from './templates.js';
import { templateView } from './views.js';

/** Budgets and templates: the money side of coupons, every movement through approval. */

const approvalRef = (a: { id: string; kind: string; state: string; amount: number | null; currency: string | null }) => ({ id: a.id, kind: a.kind, state: a.state, amount: a.amount, currency: a.currency });

async function visibleBudget(ctx: AppContext, principal: Principal | undefined, id: string) {
  const budget = await requireBudget(ctx.db, id);
  if (principal?.role === 'merchant' && principal.merchantId !== budget.merchant_id) throw problem('coupon_budget_not_found');
  return budget;
}

export function budgetRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.post(
      '/coupon-budgets',
      { schema: { tags: ['coupons'], summary: 'Open a coupon budget for the platform or a merchant', body: BudgetInput, response: { 201: Budget, ...problems(400, 403, 422) } } },
      async (request, reply) => {
        const now = ctx.clock.now();
        const body = request.body;
        const budget = await transaction(ctx.db, (tx) =>
          createBudget(tx, { owner: body.owner, merchant_id: body.merchant_id ?? null, name: body.name, currency: body.currency ?? ctx.config.defaultCurrency }, actorOf(request), now),
        );
        return reply.code(201).send(budget);
      },
    );

    app.get(
      '/coupon-budgets',
      { schema: { tags: ['coupons'], summary: 'Coupon budgets (a merchant sees its own)', querystring: ListQuery, response: { 200: Type.Object({ items: Type.Array(Budget), next_cursor: Type.Union([Type.String(), Type.Null()]) }), ...problems(400) } } },
      async (request) => {
        const limit = pageSize(request.query.limit);
        const after = decodeCursor<{ id: string }>(request.query.cursor, { id: 'string' });
        const rows = await listBudgets(ctx.db, merchantScope(request.principal as Principal), limit + 1, after?.id);
        const items = rows.slice(0, limit);
        return { items, next_cursor: rows.length > limit ? encodeCursor({ id: items.at(-1)?.id ?? '' }) : null };
      },
    );

    app.get(
      '/coupon-budgets/:id',
      { schema: { tags: ['coupons'], summary: 'A budget with its statement: available, frozen by template and activity, in transit, spent', params: IdParams, response: { 200: BudgetWithStatement, ...problems(404) } } },
      async (request) => {
        const budget = await visibleBudget(ctx, request.principal, request.params.id);
        return { ...budget, statement: await budgetStatement(ctx.db, budget) };
      },
    );

    for (const kind of ['fund', 'withdraw'] as const) {
      app.post(
        `/coupon-budgets/:id/${kind}`,
        {
          schema: {
            tags: ['coupons'],
            summary: kind === 'fund' ? 'Ask to fund the budget (approval; held while waiting)' : 'Ask to withdraw available money (approval; held while waiting)',
            params: IdParams,
            body: MoneyRequest,
            response: { 202: ApprovalRef, ...problems(400, 404, 422) },
          },
        },
        async (request, reply) => {
          const now = ctx.clock.now();
          const approval = await transaction(ctx.db, (tx) => requestBudgetMove(ctx, tx, request.params.id, kind, request.body.amount, request.body.comment ?? null, actorOf(request), now));
          return reply.code(202).send(approvalRef(approval));
        },
      );
    }

    app.post(
      '/coupon-templates',
      {
        schema: {
          tags: ['coupons'],
          summary: 'Create a coupon template (approval; quantity × value held from available while waiting)',
          body: TemplateInput,
          response: { 202: Type.Object({ template: Template, approval: ApprovalRef }), ...problems(400, 404, 422) },
        },
      },
      async (request, reply) => {
        const now = ctx.clock.now();
        const { budget_id, ...input } = request.body;
        const created = await transaction(ctx.db, (tx) => createTemplate(ctx, tx, budget_id, input, actorOf(request), now));
        return reply.code(202).send({ template: templateView(created.template), approval: approvalRef(created.approval) });
      },
    );

    app.get(
      '/coupon-templates',
      {
        schema: {
          tags: ['coupons'],
          summary: 'Coupon templates',
          querystring: Type.Object({ ...ListQuery.properties, budget_id: Type.Optional(Type.String({ maxLength: 128 })) }, { additionalProperties: false }),
          response: { 200: Type.Object({ items: Type.Array(Template), next_cursor: Type.Union([Type.String(), Type.Null()]) }), ...problems(400) },
        },
      },
      async (request) => {
        const limit = pageSize(request.query.limit);
        const after = decodeCursor<{ id: string }>(request.query.cursor, { id: 'string' });
        const merchantId = merchantScope(request.principal as Principal);
        const rows = await listTemplates(ctx.db, { ...(request.query.budget_id ? { budgetId: request.query.budget_id } : {}), ...(merchantId ? { merchantId } : {}) }, limit + 1, after?.id);
        const items = rows.slice(0, limit).map(templateView);
        return { items, next_cursor: rows.length > limit ? encodeCursor({ id: items.at(-1)?.id ?? '' }) : null };
      },
    );

    app.get(
      '/coupon-templates/:id',
      { schema: { tags: ['coupons'], summary: 'A coupon template', params: IdParams, response: { 200: Template, ...problems(404) } } },
      async (request) => {
        const template = await requireTemplate(ctx.db, request.params.id);
        await visibleBudget(ctx, request.principal, template.budget_id).catch(() => {
          throw problem('coupon_template_not_found');
        });
        return templateView(template);
      },
    );

    app.post(
      '/coupon-templates/:id/recycle',
      { schema: { tags: ['coupons'], summary: 'Ask to recycle unused stock back to available (approval)', params: IdParams, body: RecycleInput, response: { 202: ApprovalRef, ...problems(400, 404, 409) } } },
      async (request, reply) => {
        const now = ctx.clock.now();
        const approval = await transaction(ctx.db, (tx) => requestRecycle(ctx, tx, request.params.id, request.body.quantity, actorOf(request), now));
        return reply.code(202).send(approvalRef(approval));
      },
    );
  };
}
