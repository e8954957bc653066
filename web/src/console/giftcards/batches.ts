import { parseMoney } from '../../shared/money.js';
import type { Complaint } from '../components/validation.js';
import type { Batch, BatchFilter, BatchInput, Product } from './giftcards-api.js';

/** What the batch screens compute without the API: where a batch stands, filters, the request form's checks. */

/** The API's limit on one batch (MAX_BATCH_CARDS in src/giftcards/batches.repo.ts). */
export const MAX_BATCH_CARDS = 1_000_000;

export type BatchPhase = 'first_review' | 'final_review' | 'generating' | 'ready' | 'exported' | 'rejected';

/** One word for where a batch is: its approval stage while waiting, then generation, then the export. */
export function batchPhase(batch: Pick<Batch, 'state' | 'approval_state' | 'exported_at'>): BatchPhase {
  if (batch.state === 'pending_approval') return batch.approval_state === 'pending_final_review' ? 'final_review' : 'first_review';
  if (batch.state === 'generating') return 'generating';
  if (batch.state === 'rejected') return 'rejected';
  return batch.exported_at ? 'exported' : 'ready';
}

export const PHASE_TONE: Record<BatchPhase, 'ok' | 'warn' | 'danger' | 'plain'> = {
  first_review: 'warn',
  final_review: 'warn',
  generating: 'warn',
  ready: 'ok',
  exported: 'plain',
  rejected: 'danger',
};

/** Whole percent of the cards made so far, never above 100. */
export function progressPercent(batch: Pick<Batch, 'generated' | 'quantity'>): number {
  if (batch.quantity <= 0) return 0;
  return Math.min(100, Math.floor((batch.generated * 100) / batch.quantity));
}

export const PHASE_FILTERS = ['', 'awaiting', 'generating', 'ready', 'exported', 'rejected'] as const;
export type PhaseFilter = (typeof PHASE_FILTERS)[number];

/** The list's "where is it" choice → the API's filters (ready means not exported yet). */
export function filterFor(phase: PhaseFilter, productId: string): BatchFilter {
  const product = productId ? { product_id: productId } : {};
  switch (phase) {
    case 'awaiting':
      return { ...product, state: 'pending_approval' };
    case 'generating':
      return { ...product, state: 'generating' };
    case 'ready':
      return { ...product, state: 'ready', exported: false };
    case 'exported':
      return { ...product, exported: true };
    case 'rejected':
      return { ...product, state: 'rejected' };
    default:
      return product;
  }
}

export const OTHER_FACE = 'other';

export interface BatchDraft {
  product_id: string;
  /** A denomination's face in minor units as text, or OTHER_FACE for an amount in the custom range. */
  face: string;
  other_face: string;
  quantity: string;
}

export type BatchComplaints = Partial<Record<'product_id' | 'face' | 'other_face' | 'quantity', Complaint>>;

/**
 * The request form checked as the API checks it: an active physical product, a face it offers
 * (a denomination or within its custom range), a whole quantity from 1 to MAX_BATCH_CARDS.
 */
export function checkBatchDraft(draft: BatchDraft, products: readonly Product[], rules: { amount: string; range: (min: number, max: number, currency: string) => string; quantity: string }): { complaints: BatchComplaints; input: BatchInput | null } {
  const complaints: BatchComplaints = {};
  const product = products.find((p) => p.id === draft.product_id);
  if (!product) complaints.product_id = { key: 'form.required' };
  let face: number | null = null;
  if (product && draft.face === OTHER_FACE) {
    const range = product.custom_range;
    const parsed = parseMoney(draft.other_face, product.currency);
    if (!parsed.ok) complaints.other_face = parsed.reason === 'empty' ? { key: 'form.required' } : { key: 'form.pattern', vars: { rule: rules.amount } };
    else if (!range || parsed.minor < range.min || parsed.minor > range.max) complaints.other_face = { key: 'form.pattern', vars: { rule: range ? rules.range(range.min, range.max, product.currency) : rules.amount } };
    else face = parsed.minor;
  } else if (product) {
    const offered = product.denominations.find((d) => String(d.face) === draft.face);
    if (offered) face = offered.face;
    else complaints.face = { key: 'form.required' };
  }
  const text = draft.quantity.trim();
  const quantity = /^[0-9]{1,7}$/.test(text) ? Number(text) : Number.NaN;
  if (text === '') complaints.quantity = { key: 'form.required' };
  else if (!(quantity >= 1 && quantity <= MAX_BATCH_CARDS)) complaints.quantity = { key: 'form.pattern', vars: { rule: rules.quantity } };
  const ok = Object.keys(complaints).length === 0;
  return { complaints, input: ok && product && face !== null ? { product_id: product.id, face, quantity } : null };
}

/** The name the one-time export is saved under. */
export function exportFileName(batch: Pick<Batch, 'id' | 'product_id'>): string {
  return `batch-${batch.product_id}-${batch.id}.csv`.replace(/[^A-Za-z0-9._-]/g, '_');
}
