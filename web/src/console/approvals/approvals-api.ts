import type { Page } from '../../shared/components/use-paged-list.js';
import type { ApiAnswer } from '../../shared/api-types.js';
import { api } from '../session.js';

/** The approvals API as the console reads it. */

export const APPROVAL_STATES = ['pending_first_review', 'pending_final_review', 'approved', 'rejected', 'cancelled'] as const satisfies readonly Approval['state'][];
export type ApprovalState = (typeof APPROVAL_STATES)[number];

export type Approval = ApiAnswer<'/v1/approvals', 'get'>['items'][number];
export type ApprovalDetail = ApiAnswer<'/v1/approvals/{id}', 'get'>;
export type ApprovalDecision = ApprovalDetail['decisions'][number];

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
