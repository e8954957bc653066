import type { Refs } from '../ledger/types.js';

/**
 * A ledger transfer as reports read it. A post or void of a two-phase transfer is read with the
 * code and references of its pending transfer (posting an approval hold or a card
 * authorisation may carry a generic code of its own).
 */
export interface Movement {
  seq: number;
  id: string;
  /** The transfer's code, or its pending transfer's for a post or void. */
  code: string;
  phase: 'single' | 'pending' | 'post' | 'void';
  pending_id: string | null;
  debit_account_id: string;
  credit_account_id: string;
  debit_code: string;
  credit_code: string;
  amount: number;
  currency: string;
  refs: Refs;
  created_at: string;
}

export function isPosted(m: Movement): boolean {
  return m.phase === 'single' || m.phase === 'post';
}

const MERCHANT = /^merchant:(.+):(in_transit|payable):[A-Z]{3}$/;
const BUDGET = /^budget:(.+):available$/;
const TEMPLATE = /^template:(.+):frozen$/;
const ACTIVITY = /^activity:(.+):frozen$/;

export function merchantOf(accountId: string): string | undefined {
  return MERCHANT.exec(accountId)?.[1];
}

export function budgetOf(accountId: string): string | undefined {
  return BUDGET.exec(accountId)?.[1];
}

export function templateOf(accountId: string): string | undefined {
  return TEMPLATE.exec(accountId)?.[1];
}

export function activityOf(accountId: string): string | undefined {
  return ACTIVITY.exec(accountId)?.[1];
}

export function ref(m: Movement, name: string): string | undefined {
  const value = m.refs[name];
  return value === undefined ? undefined : String(value);
}
