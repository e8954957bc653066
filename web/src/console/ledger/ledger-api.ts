import { api } from '../session.js';
import type { ApiAnswer } from '../../shared/api-types.js';

/** The ledger API as the console reads it. */

export type Account = ApiAnswer<'/v1/ledger/accounts/{id}', 'get'>;
export type Transfer = ApiAnswer<'/v1/ledger/transfers/{id}', 'get'>;
export type HistoryPage = ApiAnswer<'/v1/ledger/accounts/{id}/transfers', 'get'>;
export type HistoryItem = HistoryPage['items'][number];
/** An account's four balances (after a transfer, in a history item). */
export type Balances = HistoryItem['balances'];

const enc = encodeURIComponent;

export const HISTORY_PAGE_SIZE = 50;

export const ledgerApi = {
  account: (id: string, signal?: AbortSignal) => api.get<Account>(`/v1/ledger/accounts/${enc(id)}`, { signal }),
  history: (id: string, cursor: string | undefined, signal?: AbortSignal) =>
    api.get<HistoryPage>(`/v1/ledger/accounts/${enc(id)}/transfers`, { query: { cursor, limit: HISTORY_PAGE_SIZE }, signal }),
  transfer: (id: string, signal?: AbortSignal) => api.get<Transfer>(`/v1/ledger/transfers/${enc(id)}`, { signal }),
};
