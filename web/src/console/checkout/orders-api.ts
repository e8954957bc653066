import type { Page } from '../../shared/components/use-paged-list.js';
import type { ApiAnswer, ApiBody } from '../../shared/api-types.js';
import { api } from '../session.js';

/** The checkout's orders as the console reads them. */

const enc = encodeURIComponent;
type Signal = AbortSignal | undefined;

export const ORDER_STATES = ['locked', 'paid', 'cancelled', 'expired', 'refunded'] as const satisfies readonly OrderSummary['state'][];

export type OrderSummary = ApiAnswer<'/v1/orders', 'get'>['items'][number];
export type OrderDetail = ApiAnswer<'/v1/orders/{id}', 'get'>;
export type OrderLine = OrderDetail['lines'][number];

export const ordersApi = {
  list: (filters: { state: string; shopper: string }, cursor: string | undefined, signal: Signal) =>
    api.get<Page<OrderSummary>>('/v1/orders', { query: { state: filters.state || undefined, shopper_id: filters.shopper.trim() || undefined, cursor, limit: 50 }, signal }),
  get: (id: string, signal: Signal) => api.get<OrderDetail>(`/v1/orders/${enc(id)}`, { signal }),
  cancel: (id: string) => api.post<ApiAnswer<'/v1/orders/{id}/cancel', 'post'>>(`/v1/orders/${enc(id)}/cancel`, {}),
  refund: (id: string, lines: ApiBody<'/v1/orders/{id}/refunds', 'post'>['lines']) =>
    api.post<ApiAnswer<'/v1/orders/{id}/refunds', 'post', 201>>(`/v1/orders/${enc(id)}/refunds`, { refund_id: crypto.randomUUID(), lines }),
};

/** Units of a line that can still be refunded. */
export function refundable(line: Pick<OrderLine, 'quantity' | 'refunded_quantity'>): number {
  return Math.max(0, line.quantity - line.refunded_quantity);
}
