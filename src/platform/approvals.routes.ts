import { Type } from 'typebox';
import { transaction } from '../db/database.js';
import { problem } from '../errors.js';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { IdParams, problems, StringEnum } from '../http/schemas.js';
import { decodeCursor, encodeCursor, pageSize } from '../pagination.js';
import { cancelApproval, decideApproval, getApproval, viewOf } from './approvals.js';
import type { Principal } from './principal.js';

const State = StringEnum(['pending_first_review', 'pending_final_review', 'approved', 'rejected', 'cancelled'] as const);

const Approval = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  subject: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  amount: Type.Union([Type.Integer(), Type.Null()]),
  currency: Type.Union([Type.String(), Type.Null()]),
  state: State,
  maker_id: Type.String(),
  hold_transfer_id: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
});

const Decision = Type.Object({
  id: Type.String(),
  stage: Type.String(),
  decision: Type.String(),
  actor_id: Type.String(),
  actor_role: Type.Union([Type.String(), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});

const ApprovalDetail = Type.Object({
  ...Approval.properties,
  merchant_id: Type.Union([Type.String(), Type.Null()]),
  first_reviewer_id: Type.Union([Type.String(), Type.Null()]),
  final_reviewer_id: Type.Union([Type.String(), Type.Null()]),
  updated_at: Type.String(),
  decisions: Type.Array(Decision),
});

const ListQuery = Type.Object(
  {
    state: Type.Optional(State),
    kind: Type.Optional(Type.String({ maxLength: 64 })),
    subject: Type.Optional(Type.String({ maxLength: 200 })),
    decidable: Type.Optional(Type.Boolean({ description: 'only requests the caller may decide now' })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

const CommentBody = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });

function ensureVisible(principal: Principal | undefined, merchantId: string | null): void {
  if (principal?.role === 'merchant' && principal.merchantId !== merchantId) throw problem('approval_not_found');
}

export function approvalRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.get(
      '',
      { schema: { tags: ['approvals'], summary: 'Approval requests (the inbox with decidable=true)', querystring: ListQuery, response: { 200: Type.Object({ items: Type.Array(Approval), next_cursor: Type.Union([Type.String(), Type.Null()]) }), ...problems(400) } } },
      async (request) => {
        const q = request.query;
        const me = request.principal as Principal;
        const limit = pageSize(q.limit);
        const after = decodeCursor<{ id: string }>(q.cursor, { id: 'string' });
        const kinds = Object.entries(ctx.approvalKinds);
        const firstKinds = kinds.filter(([, k]) => (k.firstReviewRoles ?? ['operations']).includes(me.role ?? 'auditor')).map(([n]) => n);
        const finalKinds = kinds.filter(([, k]) => (k.finalReviewRoles ?? ['finance']).includes(me.role ?? 'auditor')).map(([n]) => n);
        const rows = await ctx.db.q
          .selectFrom('approval_requests')
          .selectAll()
          .$if(q.state !== undefined, (qb) => qb.where('state', '=', q.state as never))
          .$if(q.kind !== undefined, (qb) => qb.where('kind', '=', q.kind as string))
          .$if(q.subject !== undefined, (qb) => qb.where('subject', '=', q.subject as string))
          .$if(me.role === 'merchant', (qb) => qb.where('merchant_id', '=', me.merchantId ?? ''))
          .$if(q.decidable === true, (qb) =>
            qb.where('maker_id', '<>', me.id).where((eb) =>
              eb.or([
                eb.and([eb('state', '=', 'pending_first_review'), eb('kind', 'in', firstKinds.length ? firstKinds : [''])]),
                eb.and([
                  eb('state', '=', 'pending_final_review'),
                  eb('kind', 'in', finalKinds.length ? finalKinds : ['']),
                  eb('first_reviewer_id', '<>', me.id),
                ]),
              ]),
            ),
          )
          .$if(after !== undefined, (qb) => qb.where('id', '<', after?.id ?? ''))
          .orderBy('id', 'desc')
          .limit(limit + 1)
          .execute();
        const items = rows.slice(0, limit).map(viewOf);
        const last = items.at(-1);
        return { items, next_cursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null };
      },
    );

    app.get(
      '/:id',
      { schema: { tags: ['approvals'], summary: 'An approval request with every decision', params: IdParams, response: { 200: ApprovalDetail, ...problems(404) } } },
      async (request) => {
        const found = await getApproval(ctx.db, request.params.id);
        if (!found) throw problem('approval_not_found');
        ensureVisible(request.principal, found.merchant_id);
        return found;
      },
    );

    for (const decision of ['approve', 'reject'] as const) {
      app.post(
        `/:id/${decision}`,
        {
          schema: {
            tags: ['approvals'],
            summary: decision === 'approve' ? 'Approve at the current review stage' : 'Reject (a comment is required)',
            params: IdParams,
            body: CommentBody,
            response: { 200: Approval, ...problems(400, 403, 404, 409, 422) },
          },
        },
        async (request) => {
          const actor = actorOf(request);
          const now = ctx.clock.now();
          return transaction(ctx.db, (tx) => decideApproval(tx, ctx.approvalKinds, request.params.id, decision, request.body.comment ?? null, actor, now));
        },
      );
    }

    app.post(
      '/:id/cancel',
      { schema: { tags: ['approvals'], summary: 'Withdraw a waiting request (its maker only)', params: IdParams, body: CommentBody, response: { 200: Approval, ...problems(403, 404, 409) } } },
      async (request) => {
        const actor = actorOf(request);
        const now = ctx.clock.now();
        return transaction(ctx.db, (tx) => cancelApproval(tx, ctx.approvalKinds, request.params.id, request.body.comment ?? null, actor, now));
      },
    );
  };
}
