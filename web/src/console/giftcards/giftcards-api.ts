import type { ApiAnswer, ApiBody, ApiQuery } from '../../shared/api-types.js';
import { api } from '../session.js';

/** The gift card API as the console reads it (types from the generated api-schema.ts). */

const enc = encodeURIComponent;

export type Product = ApiAnswer<'/v1/giftcard-products/{id}', 'get'>;
type ProductList = ApiAnswer<'/v1/giftcard-products', 'get'>;
type ProductStatus = NonNullable<ApiQuery<'/v1/giftcard-products', 'get'>['status']>;
export type ProductInput = ApiBody<'/v1/giftcard-products', 'post'>;
type ProductChange = ApiBody<'/v1/giftcard-products/{id}', 'patch'>;
export type LocalName = Product['name'];
/** Face value (what the card holds) and sale price (what the buyer pays, may be below face), in minor units. */
export type Denomination = Product['denominations'][number];
export type Validity = Product['validity'];
export type Acceptance = Product['acceptance'];

export type Card = ApiAnswer<'/v1/giftcards/{id}', 'get'>;
type CardList = ApiAnswer<'/v1/giftcards', 'get'>;
type CardHistoryPage = ApiAnswer<'/v1/giftcards/{id}/history', 'get'>;
export type CardHistoryEntry = CardHistoryPage['items'][number];
/** One card search: the API wants exactly one of number, last4, owner or order. */
export type CardQuery = Omit<ApiQuery<'/v1/giftcards', 'get'>, 'limit'>;

export type OrderInput = ApiBody<'/v1/giftcard-orders', 'post'>;
export type OrderLineInput = OrderInput['lines'][number];
export type Order = ApiAnswer<'/v1/giftcard-orders/{id}', 'get'>;
type PayInput = ApiBody<'/v1/giftcard-orders/{id}/pay', 'post'>;
/** A paid order with the cards it issued; digital cards carry their code in this answer only. */
export type PaidOrder = ApiAnswer<'/v1/giftcard-orders/{id}/pay', 'post'>;

/** A batch of physical cards as the API shows it: progress and who did what, never a code. */
export type Batch = ApiAnswer<'/v1/giftcard-batches/{id}', 'get'>;
type BatchPage = ApiAnswer<'/v1/giftcard-batches', 'get'>;
export type BatchState = Batch['state'];
export type BatchInput = ApiBody<'/v1/giftcard-batches', 'post'>;
export type BatchFilter = Pick<ApiQuery<'/v1/giftcard-batches', 'get'>, 'product_id' | 'state' | 'exported'>;

type Signal = AbortSignal | undefined;

export const giftcardsApi = {
  products: (status: '' | ProductStatus, signal: Signal) => api.get<ProductList>('/v1/giftcard-products', { query: { status: status || undefined }, signal }),
  createProduct: (input: ProductInput) => api.post<ApiAnswer<'/v1/giftcard-products', 'post', 201>>('/v1/giftcard-products', input),
  changeProduct: (id: string, change: ProductChange) => api.request<ApiAnswer<'/v1/giftcard-products/{id}', 'patch'>>('PATCH', `/v1/giftcard-products/${enc(id)}`, { body: change }),

  searchCards: (query: CardQuery, signal: Signal) => api.get<CardList>('/v1/giftcards', { query: { ...query, limit: 50 }, signal }),
  card: (id: string, signal: Signal) => api.get<Card>(`/v1/giftcards/${enc(id)}`, { signal }),
  history: (id: string, cursor: string | undefined, signal: Signal) => api.get<CardHistoryPage>(`/v1/giftcards/${enc(id)}/history`, { query: { cursor, limit: 50 }, signal }),
  cardAction: (id: string, action: 'freeze' | 'unfreeze', reason: string) => api.post<Card>(`/v1/giftcards/${enc(id)}/${action}`, { reason } satisfies ApiBody<'/v1/giftcards/{id}/freeze' | '/v1/giftcards/{id}/unfreeze', 'post'>),

  order: (id: string, signal: Signal) => api.get<Order>(`/v1/giftcard-orders/${enc(id)}`, { signal }),
  createOrder: (input: OrderInput) => api.post<ApiAnswer<'/v1/giftcard-orders', 'post', 201>>('/v1/giftcard-orders', input),
  /** Physical cards sold on the order are activated by their printed numbers (card_numbers). */
  payOrder: (id: string, paymentReference: string, cardNumbers: string[] = []) =>
    api.post<PaidOrder>(`/v1/giftcard-orders/${enc(id)}/pay`, { payment_reference: paymentReference, ...(cardNumbers.length ? { card_numbers: cardNumbers } : {}) } satisfies PayInput, { idempotencyKey: false }),
  cancelOrder: (id: string) => api.post<ApiAnswer<'/v1/giftcard-orders/{id}/cancel', 'post'>>(`/v1/giftcard-orders/${enc(id)}/cancel`),

  batches: (filter: BatchFilter, cursor: string | undefined, signal: Signal) =>
    api.get<BatchPage>('/v1/giftcard-batches', { query: { ...filter, exported: filter.exported === undefined ? undefined : String(filter.exported), cursor, limit: 50 }, signal }),
  batch: (id: string, signal: Signal) => api.get<Batch>(`/v1/giftcard-batches/${enc(id)}`, { signal }),
  requestBatch: (input: BatchInput) => api.post<ApiAnswer<'/v1/giftcard-batches', 'post', 201>>('/v1/giftcard-batches', input),
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
