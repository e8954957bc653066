import type { Page } from '../../shared/components/use-paged-list.js';
import { api } from '../session.js';

/** The approvals API as the console reads it (src/platform/approvals.routes.ts is the source). */

export const APPROVAL_STATES = ['pending_first_review', 'pending_final_review', 'approved', 'rejected', 'cancelled'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

export interface Approval {
  id: string;
  kind: string;
  subject: string;
  payload: Record<string, unknown>;
  amount: number | null;
  currency: string | null;
  state: ApprovalState;
  maker_id: string;
  hold_transfer_id: string | null;
  created_at: string;
}

export interface ApprovalDecision {
  id: string;
  stage: string;
  decision: string;
  actor_id: string;
  actor_role: string | null;
  comment: string | null;
  at: string;
}

export interface ApprovalDetail extends Approval {
  merchant_id: string | null;
  first_reviewer_id: string | null;
  final_reviewer_id: string | null;
  updated_at: string;
  decisions: ApprovalDecision[];
}

export interface ApprovalFilters {
  decidable: boolean;
  state: ApprovalState | '';
  kind: string;
}

export type Decision = 'approve' | 'reject' | 'cancel';

/** The longest comment the API takes. */
export const COMMENT_MAX = 2000;

const enc = encodeURIComponent;

export const approvalsApi = {
  list: (filters: ApprovalFilters, cursor: string | undefined, signal: AbortSignal) =>
    api.get<Page<Approval>>('/v1/approvals', {
      query: { decidable: filters.decidable ? 'true' : undefined, state: filters.state || undefined, kind: filters.kind.trim() || undefined, cursor, limit: 50 },
      signal,
    }),
  get: (id: string, signal?: AbortSignal) => api.get<ApprovalDetail>(`/v1/approvals/${enc(id)}`, { signal }),
  decide: (id: string, decision: Decision, comment: string) =>
    api.post<Approval>(`/v1/approvals/${enc(id)}/${decision}`, comment.trim() ? { comment: comment.trim() } : {}),
};

/** Mirrors the API: a rejection needs a comment; no comment is longer than COMMENT_MAX. */
export function commentProblem(decision: Decision, comment: string): 'comment_required' | 'comment_too_long' | null {
  if (comment.length > COMMENT_MAX) return 'comment_too_long';
  if (decision === 'reject' && comment.trim() === '') return 'comment_required';
  return null;
}

/** Which review a waiting request is at, or null once decided. */
export function stageOf(state: ApprovalState): 'first' | 'final' | null {
  return state === 'pending_first_review' ? 'first' : state === 'pending_final_review' ? 'final' : null;
}
