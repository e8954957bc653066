import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import type { ApprovalRequestsTable } from '../db/schema.js';
import { problem } from '../errors.js';
import { uuidv7 } from '../ids.js';
import { canonicalJson } from '../json.js';
import { requireTransfers } from '../ledger/ledger.js';
import type { ApprovalKind, ApprovalRequestView, ApprovalState } from './approvals.types.js';
import { recordAudit } from './audit.js';
import { emitEvent } from './events.js';
import type { Actor, Role } from './principal.js';

/**
 * Maker-checker approvals (初审/复审). A request waits for a first review (operations by
 * default) and a final review (finance), each by a different person, never the maker. Money it
 * would commit is held by a pending ledger transfer from submission: approval posts it,
 * rejection or cancellation voids it, so waiting requests can never over-commit an account.
 */

export type ApprovalKinds = Readonly<Record<string, ApprovalKind>>;

const DEFAULT_FIRST: readonly Role[] = ['operations'];
const DEFAULT_FINAL: readonly Role[] = ['finance'];

export interface SubmitInput {
  kind: string;
  subject: string;
  payload: Record<string, unknown>;
  merchantId?: string | null;
}

export function viewOf(row: Selectable<ApprovalRequestsTable>): ApprovalRequestView {
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    amount: row.amount,
    currency: row.currency,
    state: row.state,
    maker_id: row.maker_id,
    hold_transfer_id: row.hold_transfer_id,
    created_at: row.created_at,
  };
}

function kindOf(kinds: ApprovalKinds, name: string): ApprovalKind {
  const kind = kinds[name];
  if (!kind) throw problem('approval_kind_unknown', `no approval kind ${name}`);
  return kind;
}

/** Files a request in the caller's transaction, holding the money it would commit. */
export async function submitApproval(tx: Tx, kinds: ApprovalKinds, input: SubmitInput, actor: Actor, now: Date): Promise<ApprovalRequestView> {
  const kind = kindOf(kinds, input.kind);
  const id = uuidv7();
  const hold = kind.hold?.(input.payload) ?? null;
  const holdId = hold ? `approval:${id}:hold` : null;
  if (hold && holdId) {
    await requireTransfers(
      tx,
      [
        {
          id: holdId,
          debit_account_id: hold.debitAccountId,
          credit_account_id: hold.creditAccountId,
          amount: hold.amount,
          currency: hold.currency,
          code: hold.code,
          flags: ['pending'],
          refs: { approval: id, actor: actor.principal.id },
        },
      ],
      now,
    );
  }
  const at = now.toISOString();
  const row = {
    id,
    kind: input.kind,
    subject: input.subject,
    payload: canonicalJson(input.payload),
    amount: hold?.amount ?? null,
    currency: hold?.currency ?? null,
    state: 'pending_first_review' as const,
    maker_id: actor.principal.id,
    maker_role: actor.principal.role,
    merchant_id: input.merchantId ?? null,
    hold_transfer_id: holdId,
    first_reviewer_id: null,
    final_reviewer_id: null,
    created_at: at,
    updated_at: at,
  };
  await tx.q.insertInto('approval_requests').values(row).execute();
  const view = viewOf(row);
  await recordAudit(tx, actor, { action: 'approval.submit', entityType: 'approval', entityId: id, after: { kind: input.kind, subject: input.subject, amount: row.amount } }, now);
  await emitEvent(tx, 'approval.requested', { approval_id: id, kind: input.kind, subject: input.subject, amount: row.amount, currency: row.currency }, now);
  return view;
}

async function lockRequest(tx: Tx, id: string): Promise<Selectable<ApprovalRequestsTable>> {
  const row = await tx.q
    .selectFrom('approval_requests')
    .selectAll()
    .where('id', '=', id)
    .$if(tx.dialect === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!row) throw problem('approval_not_found');
  return row;
}

export type Decision = 'approve' | 'reject';

/** Records a review decision; the final approval posts the hold and runs the kind's handler. */
export async function decideApproval(
  tx: Tx,
  kinds: ApprovalKinds,
  id: string,
  decision: Decision,
  comment: string | null,
  actor: Actor,
  now: Date,
): Promise<ApprovalRequestView> {
  const row = await lockRequest(tx, id);
  const kind = kindOf(kinds, row.kind);
  if (row.state !== 'pending_first_review' && row.state !== 'pending_final_review') throw problem('approval_not_pending');
  const who = actor.principal;
  if (who.id === row.maker_id) throw problem('approval_self_review');
  const stage = row.state === 'pending_first_review' ? 'first' : 'final';
  const allowed = stage === 'first' ? (kind.firstReviewRoles ?? DEFAULT_FIRST) : (kind.finalReviewRoles ?? DEFAULT_FINAL);
  if (who.role === null || !allowed.includes(who.role)) {
    throw problem('approval_wrong_stage_role', `the ${stage} review of ${row.kind} is for: ${allowed.join(', ')}`);
  }
  if (stage === 'final' && who.id === row.first_reviewer_id) throw problem('approval_same_reviewer');
  if (decision === 'reject' && !comment) throw problem('comment_required', 'a rejection needs a comment');
  const state: ApprovalState = decision === 'reject' ? 'rejected' : stage === 'first' ? 'pending_final_review' : 'approved';
  await tx.q
    .updateTable('approval_requests')
    .set({
      state,
      updated_at: now.toISOString(),
      ...(stage === 'first' ? { first_reviewer_id: who.id } : { final_reviewer_id: who.id }),
    })
    .where('id', '=', id)
    .execute();
  await insertDecision(tx, id, stage, decision, comment, actor, now);
  const view = { ...viewOf(row), state };
  if (state === 'approved') {
    await resolveHold(tx, row, 'post', now);
    await kind.onApproved(tx, view, actor, now);
  } else if (state === 'rejected') {
    await resolveHold(tx, row, 'void', now);
    await kind.onClosed?.(tx, view, 'rejected', actor, now);
  }
  await recordAudit(tx, actor, { action: `approval.${decision}`, entityType: 'approval', entityId: id, before: { state: row.state }, after: { state, comment } }, now);
  await emitEvent(tx, 'approval.decided', { approval_id: id, kind: row.kind, subject: row.subject, stage, decision, state }, now);
  return view;
}

/** The maker withdraws a request that is still waiting; its hold is released. */
export async function cancelApproval(tx: Tx, kinds: ApprovalKinds, id: string, comment: string | null, actor: Actor, now: Date): Promise<ApprovalRequestView> {
  const row = await lockRequest(tx, id);
  const kind = kindOf(kinds, row.kind);
  if (row.state !== 'pending_first_review' && row.state !== 'pending_final_review') throw problem('approval_not_pending');
  if (actor.principal.id !== row.maker_id) throw problem('approval_cancel_not_maker');
  await tx.q.updateTable('approval_requests').set({ state: 'cancelled', updated_at: now.toISOString() }).where('id', '=', id).execute();
  await insertDecision(tx, id, 'maker', 'cancel', comment, actor, now);
  await resolveHold(tx, row, 'void', now);
  const view = { ...viewOf(row), state: 'cancelled' as const };
  await kind.onClosed?.(tx, view, 'cancelled', actor, now);
  await recordAudit(tx, actor, { action: 'approval.cancel', entityType: 'approval', entityId: id, before: { state: row.state }, after: { state: 'cancelled', comment } }, now);
  await emitEvent(tx, 'approval.decided', { approval_id: id, kind: row.kind, subject: row.subject, stage: 'maker', decision: 'cancel', state: 'cancelled' }, now);
  return view;
}

async function insertDecision(tx: Tx, requestId: string, stage: 'first' | 'final' | 'maker', decision: Decision | 'cancel', comment: string | null, actor: Actor, now: Date) {
  await tx.q
    .insertInto('approval_decisions')
    .values({ id: uuidv7(), request_id: requestId, stage, decision, actor_id: actor.principal.id, actor_role: actor.principal.role, comment, at: now.toISOString() })
    .execute();
}

async function resolveHold(tx: Tx, row: Selectable<ApprovalRequestsTable>, how: 'post' | 'void', now: Date): Promise<void> {
  if (!row.hold_transfer_id) return;
  await requireTransfers(
    tx,
    [
      {
        id: `${row.hold_transfer_id}:${how}`,
        pending_id: row.hold_transfer_id,
        code: how === 'post' ? 'approval.approved' : 'approval.released',
        flags: [how === 'post' ? 'post_pending' : 'void_pending'],
        refs: { approval: row.id },
      },
    ],
    now,
  );
}

export async function getApproval(db: Db | Tx, id: string) {
  const row = await db.q.selectFrom('approval_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const decisions = await db.q.selectFrom('approval_decisions').selectAll().where('request_id', '=', id).orderBy('at').orderBy('id').execute();
  return { ...viewOf(row), merchant_id: row.merchant_id, first_reviewer_id: row.first_reviewer_id, final_reviewer_id: row.final_reviewer_id, updated_at: row.updated_at, decisions };
}
