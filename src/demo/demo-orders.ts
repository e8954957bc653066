import type { DemoApi } from './demo-api.js';

/**
 * A demo purchase so reports and the dashboard have figures: shopper-li claims coupons in the
 * coupon centre, checks out a two-merchant cart with the best coupons and the gift card in her
 * wallet, the platform collects the rest, one book is refunded and the tea house's goods are
 * confirmed received. Shopper-han claims the shared-link coupon.
 */

export const DEMO_ORDER_ID = 'demo-order-li-1';

interface CentreEntry {
  coupon_item_id: string;
  remaining: number;
}
interface Activity {
  method: string;
  coupons: { link_token?: string }[];
}

const CART = [
  { line_id: 'tea-1', sku: 'longjing-250g', merchant_id: 'm-tea', category_id: 'tea', unit_price: 16_800, quantity: 1 },
  { line_id: 'books-1', sku: 'isbn-9787108009821', merchant_id: 'm-books', category_id: 'books', unit_price: 5_900, quantity: 2 },
];

async function claimCentre(api: DemoApi, shopperId: string): Promise<void> {
  const centre = await api.shopper<{ items: CentreEntry[] }>(shopperId, 'GET', '/v1/shopper/coupon-centre');
  for (const entry of centre.items) {
    if (entry.remaining > 0) await api.shopper(shopperId, 'POST', '/v1/shopper/coupon-claims', { coupon_item_id: entry.coupon_item_id });
  }
}

async function claimSharedLink(api: DemoApi, shopperId: string): Promise<void> {
  const running = await api.call<{ items: Activity[] }>('ops', 'GET', '/v1/coupon-activities?state=running');
  for (const activity of running.items.filter((a) => a.method === 'link')) {
    const token = activity.coupons[0]?.link_token;
    if (token) await api.shopper(shopperId, 'POST', `/v1/shopper/coupon-links/${token}/claim`);
  }
}

async function checkout(api: DemoApi): Promise<void> {
  const wallet = await api.shopper<{ items: { id: string }[] }>('shopper-li', 'GET', '/v1/wallet/cards');
  const order = await api.shopper<{ id: string; cash_amount: number }>('shopper-li', 'POST', '/v1/shopper/orders', {
    order_id: DEMO_ORDER_ID,
    currency: 'CNY',
    lines: CART,
    card_ids: wallet.items.slice(0, 1).map((card) => card.id),
  });
  await api.call('integration', 'POST', `/v1/orders/${order.id}/pay`, { payment_reference: `demo-pay-${order.id}`, amount: order.cash_amount });
  await api.call('integration', 'POST', `/v1/orders/${order.id}/refunds`, { refund_id: `${order.id}-refund-1`, lines: [{ line_id: 'books-1', quantity: 1 }] });
  await api.shopper('shopper-li', 'POST', `/v1/shopper/orders/${order.id}/merchants/m-tea/receipt`, {});
}

export async function demoOrders(api: DemoApi): Promise<void> {
  await claimCentre(api, 'shopper-li');
  await claimCentre(api, 'shopper-wang');
  await claimSharedLink(api, 'shopper-han');
  await checkout(api);
}
