import type { Generated } from 'kysely';

/**
 * Column types of every table. Money columns are bigint in the database and number in
 * JavaScript (always a safe integer of minor units). Times are ISO-8601 UTC strings.
 */

export interface LedgerAccountsTable {
  id: string;
  code: string;
  currency: string;
  flags: number;
  debits_pending: number;
  debits_posted: number;
  credits_pending: number;
  credits_posted: number;
  metadata: string;
  created_at: string;
}

export interface LedgerTransfersTable {
  seq: Generated<number>;
  id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount: number;
  currency: string;
  code: string;
  flags: number;
  pending_id: string | null;
  timeout_s: number;
  refs: string;
  created_at: string;
}

/** The state of each pending transfer (the transfer row itself never changes). */
export interface LedgerHoldsTable {
  transfer_id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount: number;
  state: 'pending' | 'posted' | 'voided' | 'expired';
  expires_at: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
}

/** Each account's balances after each transfer that touched it. */
export interface LedgerBalancesTable {
  account_id: string;
  transfer_seq: number;
  debits_pending: number;
  debits_posted: number;
  credits_pending: number;
  credits_posted: number;
}

export interface IdempotencyKeysTable {
  caller: string;
  key: string;
  request_hash: string;
  state: 'running' | 'done';
  locked_until: string;
  response_status: number | null;
  response_type: string | null;
  response_body: string | null;
  created_at: string;
}

export interface Database {
  ledger_accounts: LedgerAccountsTable;
  ledger_transfers: LedgerTransfersTable;
  ledger_holds: LedgerHoldsTable;
  ledger_balances: LedgerBalancesTable;
  idempotency_keys: IdempotencyKeysTable;
}
