import type { ApiAnswer, ApiBody, ApiQuery } from '../shared/api-types.js';
import { api } from './shopper.js';

/**
 * What the storefront asks of the API, always as the chosen shopper (X-Shopper-Token). Calls
 * whose API has not landed yet answer `route_not_found`, which the screens show as "arrives with
 * the … API". Types come from the generated api-schema.ts.
 */

type Signal = AbortSignal | undefined;
const enc = encodeURIComponent;

type WalletCards = ApiAnswer<'/v1/wallet/cards', 'get'>;
export type WalletCard = WalletCards['items'][number];
/** What redeeming answers: the card now in the wallet. */
export type RedeemedCard = ApiAnswer<'/v1/wallet/cards', 'post'>;

type ProductList = ApiAnswer<'/v1/giftcard-products', 'get'>;
export type GiftCardProduct = ProductList['items'][number];

type CouponList = ApiAnswer<'/v1/shopper/coupons', 'get'>;
export type Coupon = CouponList['items'][number];
export type CouponState = NonNullable<ApiQuery<'/v1/shopper/coupons', 'get'>['state']>;
export const COUPON_STATES = ['available', 'locked', 'used', 'expired'] as const satisfies readonly CouponState[];

type Centre = ApiAnswer<'/v1/shopper/coupon-centre', 'get'>;
export type CentreEntry = Centre['items'][number];

export type CartRequest = ApiBody<'/v1/shopper/checkout/quote', 'post'>;
export type QuoteLine = CartRequest['lines'][number];
export type Quote = ApiAnswer<'/v1/shopper/checkout/quote', 'post'>;
/** A text in each language the storefront speaks. */
export type Words = Quote['coupons'][number]['name'];
type LockRequest = ApiBody<'/v1/shopper/orders', 'post'>;

type OrderPage = ApiAnswer<'/v1/shopper/orders', 'get'>;
export type OrderSummary = OrderPage['items'][number];
export type OrderDetail = ApiAnswer<'/v1/shopper/orders/{id}', 'get'>;

type GiftCardOrderRequest = ApiBody<'/v1/shopper/giftcard-orders', 'post'>;
export type GiftCardOrderLine = GiftCardOrderRequest['lines'][number];
type GiftCardOrderPage = ApiAnswer<'/v1/shopper/giftcard-orders', 'get'>;
/** A gift card order as the shopper sees it: its cards without their codes. */
export type GiftCardOrder = GiftCardOrderPage['items'][number];

/** The demo shop's simulated payments (routes that exist in demo mode only). */
type PaidGiftCardOrder = ApiAnswer<'/v1/demo/giftcard-orders/{id}/pay', 'post'>;
type SimulatedPayment = ApiAnswer<'/v1/demo/orders/{id}/pay', 'post'>;

/** Binds a gift card to the current shopper's wallet. */
export function redeemCard(code: string): Promise<RedeemedCard> {
  return api.post<RedeemedCard>('/v1/wallet/cards', { code } satisfies ApiBody<'/v1/wallet/cards', 'post'>, { idempotencyKey: false });
}

export const shopApi = {
  walletCards: (signal: Signal) => api.get<WalletCards>('/v1/wallet/cards', { signal }),
  products: (signal: Signal) => api.get<ProductList>('/v1/giftcard-products', { query: { status: 'active' }, signal }),
  coupons: (state: CouponState | '', signal: Signal) => api.get<CouponList>('/v1/shopper/coupons', { query: { state: state || undefined }, signal }),
  centre: (signal: Signal) => api.get<Centre>('/v1/shopper/coupon-centre', { signal }),
  claim: (itemId: string) =>
    api.post<ApiAnswer<'/v1/shopper/coupon-claims', 'post', 201>>('/v1/shopper/coupon-claims', { coupon_item_id: itemId } satisfies ApiBody<'/v1/shopper/coupon-claims', 'post'>),
  link: (token: string, signal: Signal) => api.get<ApiAnswer<'/v1/coupon-links/{token}', 'get'>>(`/v1/coupon-links/${enc(token)}`, { signal }),
  claimLink: (token: string) => api.post<ApiAnswer<'/v1/shopper/coupon-links/{token}/claim', 'post', 201>>(`/v1/shopper/coupon-links/${enc(token)}/claim`),
  quote: (cart: CartRequest, signal?: Signal) => api.post<Quote>('/v1/shopper/checkout/quote', cart, { signal, idempotencyKey: false }),
  /** Answers 201 for a new lock, 200 when the same order (same id and cart) was locked already. */
  lock: (orderId: string, cart: CartRequest, expected: NonNullable<LockRequest['expected']>) =>
    api.post<ApiAnswer<'/v1/shopper/orders', 'post', 200 | 201>>('/v1/shopper/orders', { order_id: orderId, ...cart, expected } satisfies LockRequest),
  orders: (cursor: string | undefined, signal: Signal) => api.get<OrderPage>('/v1/shopper/orders', { query: { cursor, limit: 20 }, signal }),
  order: (id: string, signal: Signal) => api.get<OrderDetail>(`/v1/shopper/orders/${enc(id)}`, { signal }),
  /** Pays an order that coupons and gift cards cover entirely (nothing left to pay). */
  payCovered: (id: string) =>
    api.post<ApiAnswer<'/v1/shopper/orders/{id}/pay', 'post'>>(`/v1/shopper/orders/${enc(id)}/pay`, { payment_reference: `covered-${id}`, amount: 0 } satisfies ApiBody<'/v1/shopper/orders/{id}/pay', 'post'>),
  /** Demo mode: the simulated payment provider pays what is left (in production the platform collects it). */
  paySimulated: (id: string) => api.post<SimulatedPayment>(`/v1/demo/orders/${enc(id)}/pay`),
  /** Buys gift cards as the current shopper (for themselves or for another shopper). */
  buyGiftCards: (currency: string, lines: GiftCardOrderLine[]) =>
    api.post<ApiAnswer<'/v1/shopper/giftcard-orders', 'post', 201>>('/v1/shopper/giftcard-orders', { currency, lines } satisfies GiftCardOrderRequest),
  /** The shopper's own gift card orders, newest first. */
  giftCardOrders: (cursor: string | undefined, signal: Signal) => api.get<GiftCardOrderPage>('/v1/shopper/giftcard-orders', { query: { cursor, limit: 20 }, signal }),
  /** Demo mode: the simulated payment provider pays a gift card order; the cards are issued. */
  payGiftCardsSimulated: (id: string) => api.post<PaidGiftCardOrder>(`/v1/demo/giftcard-orders/${enc(id)}/pay`),
  cancel: (id: string) => api.post<ApiAnswer<'/v1/shopper/orders/{id}/cancel', 'post'>>(`/v1/shopper/orders/${enc(id)}/cancel`, {}),
  confirmReceipt: (id: string, merchantId: string) =>
    api.post<ApiAnswer<'/v1/shopper/orders/{id}/merchants/{merchantId}/receipt', 'post'>>(`/v1/shopper/orders/${enc(id)}/merchants/${enc(merchantId)}/receipt`, {}),
};
