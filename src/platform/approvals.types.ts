import type { Tx } from '../db/database.js';
import type { Actor, Role } from './principal.js';

/**
 * What a domain registers for each kind of approval request (budget funding, template creation,
 * activity publication, promotional cards, adjustments…).
 */
export interface ApprovalKind {
  /** Who may decide each stage (defaults: operations, then finance). */
  firstReviewRoles?: readonly Role[];
  finalReviewRoles?: readonly Role[];
  /**
   * The money the request would commit, held as a pending ledger transfer while it waits, so
   * concurrent requests can never over-commit an account. Null when no money is involved.
   */
  hold?(payload: Record<string, unknown>): ApprovalHold | null;
  /**
   * Runs in the approving transaction, after the hold was posted. Throwing rolls the approval
   * back (the request stays pending).
   */
  onApproved(tx: Tx, request: ApprovalRequestView, actor: Actor, now: Date): Promise<void>;
  /** Runs in the rejecting or cancelling transaction, after the hold was voided. */
  onClosed?(tx: Tx, request: ApprovalRequestView, outcome: 'rejected' | 'cancelled', actor: Actor, now: Date): Promise<void>;
}

export interface ApprovalHold {
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  currency: string;
  /** Ledger transfer code for the hold and its posting, e.g. `coupon.template.freeze`. */
  code: string;
}

export type ApprovalState = 'pending_first_review' | 'pending_final_review' | 'approved' | 'rejected' | 'cancelled';

export interface ApprovalRequestView {
  id: string;
  kind: string;
  /** What the request is about, e.g. `coupon_template:…`. */
  subject: string;
  payload: Record<string, unknown>;
  amount: number | null;
  currency: string | null;
  state: ApprovalState;
  maker_id: string;
  hold_transfer_id: string | null;
  created_at: string;
}
