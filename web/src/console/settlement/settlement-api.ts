import type { Page } from '../../shared/components/use-paged-list.js';
import type { ApiAnswer } from '../../shared/api-types.js';
import { api } from '../session.js';

/** Reconciliation as the console reads it. */

const enc = encodeURIComponent;
type Signal = AbortSignal | undefined;

export type Run = ApiAnswer<'/v1/settlement/reconciliations/{id}', 'get'>;
export type Difference = ApiAnswer<'/v1/settlement/reconciliations/{id}/differences', 'get'>['items'][number];
export type Result = Difference['result'];
export const RESULTS = ['matched', 'missing_ours', 'missing_theirs', 'amount_differs', 'duplicate'] as const satisfies readonly Result[];
export const DIFFERENCE_RESULTS = ['missing_ours', 'missing_theirs', 'amount_differs', 'duplicate'] as const satisfies readonly Result[];
export type Totals = NonNullable<Run['summary']>['results'][Result];

export const settlementApi = {
  mappings: (signal: Signal) => api.get<ApiAnswer<'/v1/settlement/reconcile-mappings', 'get'>>('/v1/settlement/reconcile-mappings', { signal }),
  upload: (file: Blob, query: { source?: string; mapping?: string; from?: string; to?: string }) =>
    api.post<ApiAnswer<'/v1/settlement/reconciliations', 'post', 202>>('/v1/settlement/reconciliations', undefined, { upload: { contentType: 'text/csv', data: file }, query, idempotencyKey: false }),
  runs: (cursor: string | undefined, signal: Signal) => api.get<Page<Run>>('/v1/settlement/reconciliations', { query: { cursor, limit: 20 }, signal }),
  run: (id: string, signal: Signal) => api.get<Run>(`/v1/settlement/reconciliations/${enc(id)}`, { signal }),
  differences: (id: string, result: string, cursor: string | undefined, signal: Signal) =>
    api.get<Page<Difference>>(`/v1/settlement/reconciliations/${enc(id)}/differences`, { query: { result: result || undefined, cursor, limit: 50 }, signal }),
  differencesCsv: (id: string) => api.get<Blob>(`/v1/settlement/reconciliations/${enc(id)}/differences.csv`, { asBlob: true }),
};

// The download helper moved to shared/; screens here keep importing it from this file.
export { saveBlob } from '../../shared/save-blob.js';
