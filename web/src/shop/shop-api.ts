import type { Page } from '../shared/components/use-paged-list.js';
import { api } from './shopper.js';

/**
 * What the storefront asks of the API, always as the chosen shopper (X-Shopper-Token). Calls
 * whose API has not landed yet answer `route_not_found`, which the screens show as "arrives with
 * the … API". Shapes follow src/giftcards, src/coupons and src/checkout schemas.
 */

type Signal = AbortSignal | undefined;
const enc = encodeURIComponent;

export interface WalletCard {
  id: string;
  card_number: string;
  last4: string;
  currency: string;
  /** Available now, in minor units. */
  balance: number;
  held: number;
  state: string;
  named: boolean;
  reloadable: boolean;
  accepted_by: 'all' | string[];
  expires_at: string | null;
  expires_soon: boolean;
}

/** What redeeming answers: the card now in the wallet. */
export type RedeemedCard = Partial<WalletCard>;

export interface GiftCardProduct {
  id: string;
  name: { 'zh-CN': string; en: string };
  category: string;
  form: string;
  currency: string;
  denominations: { face: number; price: number }[];
  validity: { kind: 'none' } | { kind: 'months'; months: number } | { kind: 'fixed'; until: string };
  acceptance: { kind: 'all' } | { kind: 'listed'; merchant_ids: string[] };
  status: string;
}

export const COUPON_STATES = ['available', 'locked', 'used', 'expired'] as const;
export type CouponState = (typeof COUPON_STATES)[number];

export interface Coupon {
  id: string;
  state: string;
  name: string;
  description: string;
  type: string;
  amount: number | null;
  percent_bp: number | null;
  cap: number | null;
  value: number;
  currency: string;
  condition: unknown;
  valid_from: string;
  valid_until: string;
  expires_soon: boolean;
  merchant_id: string | null;
  discount: number | null;
}

export interface CentreEntry {
  coupon_item_id: string;
  activity_id: string;
  activity_name: string;
  ends_at: string | null;
  name: string;
  description: string;
  claimed: number;
  per_user_limit: number;
  remaining: number;
}

export interface QuoteLine {
  line_id: string;
  sku: string;
  merchant_id: string;
  category_id: string;
  unit_price: number;
  quantity: number;
}

export interface Words {
  en: string;
  'zh-CN': string;
}

export interface Quote {
  currency: string;
  selection: string;
  original_amount: number;
  discount_amount: number;
  final_amount: number;
  card_amount: number;
  left_to_pay: number;
  coupons: {
    coupon_id: string;
    merchant_id: string | null;
    name: Words;
    usable: boolean;
    reason: (Words & { code: string; missing?: number }) | null;
    discount_alone: number;
    applied: boolean;
    valid_until: string;
  }[];
  merchants: { merchant_id: string; original_amount: number; discount_amount: number; final_amount: number; card_amount: number; left_to_pay: number }[];
  cards: { card_id: string; last4: string; amount: number }[];
  hints: (Words & { coupon_id: string; spend_more: number; save: number })[];
}

export interface CartRequest {
  currency: string;
  lines: QuoteLine[];
  coupon_ids?: string[];
  card_ids?: string[];
}

export interface OrderSummary {
  id: string;
  currency: string;
  state: string;
  original_amount: number;
  discount_amount: number;
  card_amount: number;
  cash_amount: number;
  refunded_amount: number;
  lock_expires_at: string;
  created_at: string;
}

export interface OrderDetail extends OrderSummary {
  lines: (QuoteLine & { original_amount: number; discount_amount: number; final_amount: number; refunded_quantity: number })[];
  merchants: { merchant_id: string; original_amount: number; discount_amount: number; final_amount: number; in_transit_amount: number; receipt_confirmed_at: string | null }[];
  coupons: { coupon_id: string; amount: number; refunded_amount: number }[];
  cards: { card_id: string; amount: number; refunded_amount: number }[];
  refunds: { refund_id: string; amount: number; lines: { line_id: string; quantity: number }[]; created_at: string }[];
}

export interface GiftCardOrderLine {
  product_id: string;
  face: number;
  price: number;
  quantity: number;
  recipient_shopper_id?: string;
  message?: string;
}

/** A gift card order as src/giftcards answers it; `issued_cards` only in the payment's answer. */
export interface GiftCardOrder {
  id: string;
  state: string;
  created_at: string;
  currency: string;
  face_total: number;
  price_total: number;
  lines: (GiftCardOrderLine & { recipient_shopper_id: string | null; message: string | null })[];
  issued_cards?: { id: string; last4: string; face: number; owner_shopper_id: string | null; code?: string }[];
}

/** Binds a gift card to the current shopper's wallet. */
export function redeemCard(code: string): Promise<RedeemedCard> {
  return api.post<RedeemedCard>('/v1/wallet/cards', { code }, { idempotencyKey: false });
}

export const shopApi = {
  walletCards: (signal: Signal) => api.get<{ items: WalletCard[] }>('/v1/wallet/cards', { signal }),
  products: (signal: Signal) => api.get<{ items: GiftCardProduct[] }>('/v1/giftcard-products', { query: { status: 'active' }, signal }),
  coupons: (state: CouponState | '', signal: Signal) => api.get<{ items: Coupon[] }>('/v1/shopper/coupons', { query: { state: state || undefined }, signal }),
  centre: (signal: Signal) => api.get<{ items: CentreEntry[] }>('/v1/shopper/coupon-centre', { signal }),
  claim: (itemId: string) => api.post<Coupon>('/v1/shopper/coupon-claims', { coupon_item_id: itemId }),
  link: (token: string, signal: Signal) => api.get<Record<string, unknown>>(`/v1/coupon-links/${enc(token)}`, { signal }),
  claimLink: (token: string) => api.post<Coupon>(`/v1/shopper/coupon-links/${enc(token)}/claim`),
  quote: (cart: CartRequest, signal?: Signal) => api.post<Quote>('/v1/shopper/checkout/quote', cart, { signal, idempotencyKey: false }),
  lock: (orderId: string, cart: CartRequest, expected: Partial<Pick<Quote, 'original_amount' | 'discount_amount' | 'card_amount' | 'left_to_pay'>>) =>
    api.post<OrderDetail>('/v1/shopper/orders', { order_id: orderId, ...cart, expected }),
  orders: (cursor: string | undefined, signal: Signal) => api.get<Page<OrderSummary>>('/v1/shopper/orders', { query: { cursor, limit: 20 }, signal }),
  order: (id: string, signal: Signal) => api.get<OrderDetail>(`/v1/shopper/orders/${enc(id)}`, { signal }),
  /** Pays an order that coupons and gift cards cover entirely (nothing left to pay). */
  payCovered: (id: string) => api.post<OrderDetail>(`/v1/shopper/orders/${enc(id)}/pay`, { payment_reference: `covered-${id}`, amount: 0 }),
  /** Demo mode: the simulated payment provider pays what is left (in production the platform collects it). */
  paySimulated: (id: string) => api.post<{ id: string; state: string }>(`/v1/demo/orders/${enc(id)}/pay`),
  /** Buys gift cards as the current shopper (for themselves or for another shopper). */
  buyGiftCards: (currency: string, lines: GiftCardOrderLine[]) => api.post<GiftCardOrder>('/v1/shopper/giftcard-orders', { currency, lines }),
  /** The shopper's own gift card orders, newest first. */
  giftCardOrders: (cursor: string | undefined, signal: Signal) => api.get<Page<GiftCardOrder>>('/v1/shopper/giftcard-orders', { query: { cursor, limit: 20 }, signal }),
  /** Demo mode: the simulated payment provider pays a gift card order; the cards are issued. */
  payGiftCardsSimulated: (id: string) => api.post<GiftCardOrder>(`/v1/demo/giftcard-orders/${enc(id)}/pay`),
  cancel: (id: string) => api.post<OrderDetail>(`/v1/shopper/orders/${enc(id)}/cancel`, {}),
  confirmReceipt: (id: string, merchantId: string) => api.post<OrderDetail>(`/v1/shopper/orders/${enc(id)}/merchants/${enc(merchantId)}/receipt`, {}),
};
