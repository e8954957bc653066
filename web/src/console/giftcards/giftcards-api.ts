import type { Page } from '../../shared/components/use-paged-list.js';
import { api } from '../session.js';

/** The gift card API as the console reads it (src/giftcards/giftcards.schemas.ts is the source). */

const enc = encodeURIComponent;

export interface LocalName {
  'zh-CN': string;
  en: string;
}

export interface Denomination {
  /** Face value in minor units: what the card holds. */
  face: number;
  /** Sale price in minor units: what the buyer pays (may be below face). */
  price: number;
}

export type Validity = { kind: 'none' } | { kind: 'months'; months: number } | { kind: 'fixed'; until: string };
export type Acceptance = { kind: 'all' } | { kind: 'listed'; merchant_ids: string[] };

export interface Product {
  id: string;
  name: LocalName;
  category: string;
  form: string;
  currency: string;
  denominations: Denomination[];
  custom_range: { min: number; max: number; price_bp: number } | null;
  validity: Validity;
  reloadable: boolean;
  named: boolean;
  acceptance: Acceptance;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface ProductInput {
  id?: string;
  name: LocalName;
  category: string;
  form: 'digital' | 'physical';
  currency: string;
  denominations: Denomination[];
  validity: Validity;
  reloadable: boolean;
  named: boolean;
  acceptance: Acceptance;
}

export interface Card {
  id: string;
  number: string;
  last4: string;
  code_last4: string;
  product_id: string;
  order_id: string | null;
  batch_id: string | null;
  currency: string;
  face: number;
  price: number;
  named: boolean;
  reloadable: boolean;
  max_balance: number | null;
  accepted_by: 'all' | string[];
  state: string;
  owner_shopper_id: string | null;
  promotional: boolean;
  expires_at: string | null;
  replaced_by: string | null;
  balance: number;
  held: number;
  available: number;
  issued_at: string | null;
  created_at: string;
}

export interface CardHistoryEntry {
  seq: number;
  kind: string;
  at: string;
  actor_id: string;
  actor_kind: string;
  channel: string;
  order_ref: string | null;
  merchant_id: string | null;
  amount: number | null;
  balance_after: number;
  detail: Record<string, unknown>;
}

export type CardQuery = { number?: string; last4?: string; owner?: string; order?: string };

export interface OrderLineInput {
  product_id: string;
  face: number;
  price: number;
  quantity: number;
  recipient_shopper_id?: string;
  message?: string;
}

export interface OrderInput {
  buyer: { kind: 'shopper'; shopper_id: string } | { kind: 'company'; name: string };
  currency: string;
  payment_method: 'online' | 'bank_transfer' | 'cash' | 'other';
  lines: OrderLineInput[];
}

export interface Order {
  id: string;
  buyer: { kind: 'shopper'; shopper_id: string } | { kind: 'company'; name: string };
  currency: string;
  state: string;
  face_total: number;
  price_total: number;
  payment_method: string;
  payment_reference: string | null;
  lines: { line_no: number; product_id: string; face: number; price: number; quantity: number; recipient_shopper_id: string | null; message: string | null }[];
  cards: { id: string; number: string; state: string }[];
  created_at: string;
  paid_at: string | null;
  issued_at: string | null;
}

export type PaidOrder = Order & { issued_cards: (Card & { code?: string })[] };

export type BatchState = 'pending_approval' | 'generating' | 'ready' | 'rejected';

/** A batch of physical cards as the API shows it: progress and who did what, never a code. */
export interface Batch {
  id: string;
  product_id: string;
  face: number;
  quantity: number;
  generated: number;
  state: BatchState;
  exported_at: string | null;
  exported_by: string | null;
  exported_by_name: string | null;
  approval_id: string | null;
  approval_state: string | null;
  created_by: string;
  created_by_name: string | null;
  created_at: string;
}

export interface BatchInput {
  product_id: string;
  face: number;
  quantity: number;
}

export type BatchFilter = { product_id?: string; state?: BatchState; exported?: boolean };

type Signal = AbortSignal | undefined;

export const giftcardsApi = {
  products: (status: '' | 'active' | 'retired', signal: Signal) => api.get<{ items: Product[] }>('/v1/giftcard-products', { query: { status: status || undefined }, signal }),
  createProduct: (input: ProductInput) => api.post<Product>('/v1/giftcard-products', input),
  changeProduct: (id: string, change: Partial<Pick<Product, 'status' | 'denominations' | 'name'>>) => api.request<Product>('PATCH', `/v1/giftcard-products/${enc(id)}`, { body: change }),

  searchCards: (query: CardQuery, signal: Signal) => api.get<{ items: Card[] }>('/v1/giftcards', { query: { ...query, limit: 50 }, signal }),
  card: (id: string, signal: Signal) => api.get<Card>(`/v1/giftcards/${enc(id)}`, { signal }),
  history: (id: string, cursor: string | undefined, signal: Signal) => api.get<Page<CardHistoryEntry>>(`/v1/giftcards/${enc(id)}/history`, { query: { cursor, limit: 50 }, signal }),
  cardAction: (id: string, action: 'freeze' | 'unfreeze', reason: string) => api.post<Card>(`/v1/giftcards/${enc(id)}/${action}`, { reason }),

  order: (id: string, signal: Signal) => api.get<Order>(`/v1/giftcard-orders/${enc(id)}`, { signal }),
  createOrder: (input: OrderInput) => api.post<Order>('/v1/giftcard-orders', input),
  /** Physical cards sold on the order are activated by their printed numbers (card_numbers). */
  payOrder: (id: string, paymentReference: string, cardNumbers: string[] = []) =>
    api.post<PaidOrder>(`/v1/giftcard-orders/${enc(id)}/pay`, { payment_reference: paymentReference, ...(cardNumbers.length ? { card_numbers: cardNumbers } : {}) }, { idempotencyKey: false }),
  cancelOrder: (id: string) => api.post<Order>(`/v1/giftcard-orders/${enc(id)}/cancel`),

  batches: (filter: BatchFilter, cursor: string | undefined, signal: Signal) =>
    api.get<Page<Batch>>('/v1/giftcard-batches', { query: { ...filter, exported: filter.exported === undefined ? undefined : String(filter.exported), cursor, limit: 50 }, signal }),
  batch: (id: string, signal: Signal) => api.get<Batch>(`/v1/giftcard-batches/${enc(id)}`, { signal }),
  requestBatch: (input: BatchInput) => api.post<Batch>('/v1/giftcard-batches', input),
  /** The one-time CSV of card numbers and codes; a second call answers 409. Never replayed from an idempotency record. */
  exportBatch: (id: string) => api.post<Blob>(`/v1/giftcard-batches/${enc(id)}/export`, undefined, { asBlob: true, idempotencyKey: false }),
};

/** What a person typed into the card search → the one query the API takes (it wants exactly one kind). */
export function cardQueryFrom(text: string, kind: 'auto' | 'number' | 'last4' | 'owner' | 'order'): CardQuery | null {
  const value = text.replace(/\s+/g, '');
  if (!value) return null;
  if (kind === 'number' || (kind === 'auto' && /^[0-9]{16}$/.test(value))) return { number: value };
  if (kind === 'last4' || (kind === 'auto' && /^[0-9A-Za-z]{4}$/.test(value))) return { last4: value.toUpperCase() };
  if (kind === 'order') return { order: value };
  return { owner: value };
}

/** How much a buyer saves on a denomination, in minor units (never negative). */
export function discountOf(d: Denomination): number {
  return Math.max(0, d.face - d.price);
}
