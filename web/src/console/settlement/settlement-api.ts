import type { Page } from '../../shared/components/use-paged-list.js';
import { api } from '../session.js';

/** Reconciliation as the console reads it (src/settlement/reconcile.schemas.ts is the source). */

const enc = encodeURIComponent;
type Signal = AbortSignal | undefined;

export const RESULTS = ['matched', 'missing_ours', 'missing_theirs', 'amount_differs', 'duplicate'] as const;
export type Result = (typeof RESULTS)[number];
export const DIFFERENCE_RESULTS = ['missing_ours', 'missing_theirs', 'amount_differs', 'duplicate'] as const;

export interface Totals {
  count: number;
  their_amount: number;
  our_amount: number;
}

export interface Run {
  id: string;
  source: string;
  state: 'loading' | 'matching' | 'done';
  period_from: string | null;
  period_to: string | null;
  file_rows: number;
  summary: { rows: number; results: Record<Result, Totals> } | null;
  created_by: string;
  created_at: string;
  finished_at: string | null;
}

export interface Difference {
  id: string;
  result: Result;
  reference: string;
  kind: 'payment' | 'refund';
  line: number | null;
  currency: string;
  their_amount: number | null;
  our_amount: number | null;
  transfer_id: string | null;
  adjustment_id: string | null;
}

export const settlementApi = {
  mappings: (signal: Signal) => api.get<{ items: { name: string; mapping: unknown; updated_at: string | null }[] }>('/v1/settlement/reconcile-mappings', { signal }),
  upload: (file: Blob, query: { source?: string; mapping?: string; from?: string; to?: string }) =>
    api.post<Run>('/v1/settlement/reconciliations', undefined, { upload: { contentType: 'text/csv', data: file }, query, idempotencyKey: false }),
  runs: (cursor: string | undefined, signal: Signal) => api.get<Page<Run>>('/v1/settlement/reconciliations', { query: { cursor, limit: 20 }, signal }),
  run: (id: string, signal: Signal) => api.get<Run>(`/v1/settlement/reconciliations/${enc(id)}`, { signal }),
  differences: (id: string, result: string, cursor: string | undefined, signal: Signal) =>
    api.get<Page<Difference>>(`/v1/settlement/reconciliations/${enc(id)}/differences`, { query: { result: result || undefined, cursor, limit: 50 }, signal }),
  differencesCsv: (id: string) => api.get<Blob>(`/v1/settlement/reconciliations/${enc(id)}/differences.csv`, { asBlob: true }),
};

// The download helper moved to shared/; screens here keep importing it from this file.
export { saveBlob } from '../../shared/save-blob.js';
