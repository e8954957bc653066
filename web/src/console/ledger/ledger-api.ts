import { api } from '../session.js';

/** The ledger API as the console reads it (src/ledger/ledger.schemas.ts is the source). */

export interface Balances {
  debits_pending: number;
  debits_posted: number;
  credits_pending: number;
  credits_posted: number;
}

export interface Account extends Balances {
  id: string;
  code: string;
  currency: string;
  flags: string[];
  metadata: Record<string, unknown>;
  created_at: string;
}

export interface Transfer {
  id: string;
  seq: number;
  debit_account_id: string;
  credit_account_id: string;
  amount: number;
  currency: string;
  code: string;
  flags: string[];
  pending_id: string | null;
  timeout_s: number;
  refs: Record<string, string | number>;
  created_at: string;
  hold?: { state: string; expires_at: string | null; resolved_by: string | null; resolved_at: string | null };
}

export interface HistoryItem {
  transfer: Transfer;
  /** The account's balances right after this transfer. */
  balances: Balances;
}

export interface HistoryPage {
  items: HistoryItem[];
  next_cursor: string | null;
}

const enc = encodeURIComponent;

export const HISTORY_PAGE_SIZE = 50;

export const ledgerApi = {
  account: (id: string, signal?: AbortSignal) => api.get<Account>(`/v1/ledger/accounts/${enc(id)}`, { signal }),
  history: (id: string, cursor: string | undefined, signal?: AbortSignal) =>
    api.get<HistoryPage>(`/v1/ledger/accounts/${enc(id)}/transfers`, { query: { cursor, limit: HISTORY_PAGE_SIZE }, signal }),
  transfer: (id: string, signal?: AbortSignal) => api.get<Transfer>(`/v1/ledger/transfers/${enc(id)}`, { signal }),
};
