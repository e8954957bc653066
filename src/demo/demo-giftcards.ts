import type { DemoApi } from './demo-api.js';

/**
 * Demo gift cards: a platform-wide digital card sold at a discount, a tea-house card, and a few
 * orders paid and issued to demo shoppers. Codes in the pay answers are dropped at once.
 */

export const DEMO_CARD_PRODUCT = 'demo-scrip-card';
export const DEMO_TEA_CARD_PRODUCT = 'demo-tea-card';

const CURRENCY = 'CNY';

async function createProducts(api: DemoApi): Promise<void> {
  await api.call('ops', 'POST', '/v1/giftcard-products', {
    id: DEMO_CARD_PRODUCT,
    name: { 'zh-CN': 'Scrip 礼品卡', en: 'Scrip Gift Card' },
    category: 'gift-cards',
    form: 'digital',
    currency: CURRENCY,
    denominations: [
      { face: 10_000, price: 9_500 },
      { face: 20_000, price: 19_000 },
      { face: 50_000, price: 50_000 },
    ],
    custom_range: { min: 5_000, max: 100_000, price_bp: 10_000 },
    validity: { kind: 'months', months: 36 },
    reloadable: false,
    named: false,
    acceptance: { kind: 'all' },
  });
  await api.call('ops', 'POST', '/v1/giftcard-products', {
    id: DEMO_TEA_CARD_PRODUCT,
    name: { 'zh-CN': '西湖茶舍储值卡', en: 'West Lake Tea House Card' },
    category: 'gift-cards',
    form: 'digital',
    currency: CURRENCY,
    denominations: [
      { face: 30_000, price: 28_800 },
      { face: 100_000, price: 100_000 },
    ],
    validity: { kind: 'none' },
    reloadable: true,
    named: true,
    acceptance: { kind: 'listed', merchant_ids: ['m-tea'] },
  });
}

interface OrderLine {
  product_id: string;
  face: number;
  price: number;
  quantity: number;
  recipient_shopper_id?: string;
  message?: string;
}

/** Created and paid by the platform's order system (the integration key), as a real sale is. */
async function sellCards(api: DemoApi, id: string, buyer: string, lines: OrderLine[], identity?: { name: string; id_type: string; id_number: string }): Promise<void> {
  await api.call('integration', 'POST', '/v1/giftcard-orders', {
    id,
    buyer: { kind: 'shopper', shopper_id: buyer },
    currency: CURRENCY,
    payment_method: 'online',
    lines,
    ...(identity ? { identity } : {}),
  });
  await api.call('integration', 'POST', `/v1/giftcard-orders/${id}/pay`, { payment_reference: `demo-pay-${id}` });
}

export async function demoGiftcards(api: DemoApi): Promise<void> {
  await createProducts(api);
  await sellCards(api, 'demo-gc-order-li', 'shopper-li', [{ product_id: DEMO_CARD_PRODUCT, face: 20_000, price: 19_000, quantity: 1, recipient_shopper_id: 'shopper-li' }]);
  await sellCards(api, 'demo-gc-order-han', 'shopper-han', [
    { product_id: DEMO_CARD_PRODUCT, face: 10_000, price: 9_500, quantity: 1, recipient_shopper_id: 'shopper-wang', message: '生日快乐！Happy birthday!' },
    { product_id: DEMO_CARD_PRODUCT, face: 10_000, price: 9_500, quantity: 1, recipient_shopper_id: 'shopper-han' },
  ]);
  await sellCards(api, 'demo-gc-order-zhao', 'shopper-zhao', [{ product_id: DEMO_TEA_CARD_PRODUCT, face: 30_000, price: 28_800, quantity: 1 }], {
    name: '赵敏',
    id_type: 'resident_id',
    id_number: '440305198801150026',
  });
}
