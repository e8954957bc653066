import type { Page } from '../../shared/components/use-paged-list.js';
import type { Transfer } from '../ledger/ledger-api.js';
import { api } from '../session.js';

/** The checkout's orders as the console reads them (src/checkout/checkout.schemas.ts is the source). */

const enc = encodeURIComponent;
type Signal = AbortSignal | undefined;

export const ORDER_STATES = ['locked', 'paid', 'cancelled', 'expired', 'refunded'] as const;

export interface OrderSummary {
  id: string;
  shopper_id: string;
  currency: string;
  state: string;
  original_amount: number;
  discount_amount: number;
  card_amount: number;
  cash_amount: number;
  refunded_amount: number;
  payment_reference: string | null;
  lock_expires_at: string;
  created_at: string;
  updated_at: string;
}

export interface OrderLine {
  line_id: string;
  sku: string;
  merchant_id: string;
  category_id: string;
  unit_price: number;
  quantity: number;
  original_amount: number;
  discount_amount: number;
  final_amount: number;
  refunded_quantity: number;
  funds: { source: string; source_id: string; amount: number; refunded_amount: number }[];
}

export interface OrderDetail extends OrderSummary {
  lines: OrderLine[];
  merchants: { merchant_id: string; original_amount: number; discount_amount: number; final_amount: number; in_transit_amount: number; receipt_confirmed_at: string | null }[];
  coupons: { coupon_id: string; amount: number; refunded_amount: number }[];
  cards: { card_id: string; amount: number; refunded_amount: number }[];
  refunds: { refund_id: string; amount: number; coupon_amount: number; lines: { line_id: string; quantity: number }[]; created_at: string }[];
  transfers: Transfer[];
  timeline: { kind: string; at: string; actor_id: string; detail: Record<string, unknown> }[];
}

export const ordersApi = {
  list: (filters: { state: string; shopper: string }, cursor: string | undefined, signal: Signal) =>
    api.get<Page<OrderSummary>>('/v1/orders', { query: { state: filters.state || undefined, shopper_id: filters.shopper.trim() || undefined, cursor, limit: 50 }, signal }),
  get: (id: string, signal: Signal) => api.get<OrderDetail>(`/v1/orders/${enc(id)}`, { signal }),
  cancel: (id: string) => api.post<OrderDetail>(`/v1/orders/${enc(id)}/cancel`, {}),
  refund: (id: string, lines: { line_id: string; quantity: number }[]) => api.post<OrderDetail>(`/v1/orders/${enc(id)}/refunds`, { refund_id: crypto.randomUUID(), lines }),
};

/** Units of a line that can still be refunded. */
export function refundable(line: Pick<OrderLine, 'quantity' | 'refunded_quantity'>): number {
  return Math.max(0, line.quantity - line.refunded_quantity);
}
