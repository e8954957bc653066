import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../support/databases.js';
import { type GiftcardTestApp, giftcardApp } from './support.js';

describeEachDb('gift cards: a shopper buys cards from the storefront', ({ db }) => {
  let t: GiftcardTestApp;
  let productId: string;
  beforeAll(async () => {
    t = await giftcardApp(db(), 'default', { demo: true });
    productId = (await t.product()).id;
  });
  afterAll(async () => t.app.close());

  const line = (overrides: Record<string, unknown> = {}) => ({ product_id: productId, face: 10_000, price: 9_500, quantity: 1, ...overrides });

  it('buys a ¥100 card at ¥95 for a recipient with a message; it lands in the recipient’s wallet', async () => {
    const created = await t.call('POST', '/v1/shopper/giftcard-orders', t.shopper('giver'), {
      currency: 'CNY',
      lines: [line({ recipient_shopper_id: 'friend', message: '生日快乐' })],
    });
    expect(created.statusCode, created.body).toBe(201);
    const order = created.json();
    expect(order).toMatchObject({ buyer: { kind: 'shopper', shopper_id: 'giver' }, state: 'created', face_total: 10_000, price_total: 9_500, payment_method: 'online' });
    expect(order.lines[0]).toMatchObject({ recipient_shopper_id: 'friend', message: '生日快乐' });

    const paid = await t.call('POST', `/v1/demo/giftcard-orders/${order.id}/pay`, t.shopper('giver'));
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ state: 'issued', payment_reference: `demo-pay-${order.id}` });
    const card = paid.json().issued_cards[0];
    expect(card).toMatchObject({ face: 10_000, price: 9_500, owner_shopper_id: 'friend', available: 10_000 });
    expect(card.code, 'the recipient’s code is not shown to the buyer').toBeUndefined();

    const wallet = await t.call('GET', '/v1/wallet/cards', t.shopper('friend'));
    expect(wallet.json().items.map((c: { id: string }) => c.id)).toEqual([card.id]);
    expect(wallet.json().items[0]).toMatchObject({ balance: 10_000 });
    expect((await t.call('GET', '/v1/wallet/cards', t.shopper('giver'))).json().items).toEqual([]);

    const mine = await t.call('GET', '/v1/shopper/giftcard-orders?limit=10', t.shopper('giver'));
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().items.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect(mine.json().items[0]).toMatchObject({ state: 'issued', cards: [{ id: card.id }] });
    expect((await t.call('GET', '/v1/shopper/giftcard-orders', t.shopper('friend'))).json().items, 'the recipient did not buy it').toEqual([]);

    const own = await t.call('GET', `/v1/shopper/giftcard-orders/${order.id}`, t.shopper('giver'));
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ id: order.id, state: 'issued', cards: [{ id: card.id }] });
    await t.verify();
  });

  it('shows and pays an order only for its buyer', async () => {
    const created = await t.call('POST', '/v1/shopper/giftcard-orders', t.shopper('owner'), { currency: 'CNY', lines: [line()] });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const read = await t.call('GET', `/v1/shopper/giftcard-orders/${id}`, t.shopper('mallory'));
    expect([read.statusCode, read.json().code]).toEqual([404, 'giftcard_order_not_found']);
    const pay = await t.call('POST', `/v1/demo/giftcard-orders/${id}/pay`, t.shopper('mallory'));
    expect([pay.statusCode, pay.json().code]).toEqual([404, 'giftcard_order_not_found']);
    const state = await t.call('GET', `/v1/giftcard-orders/${id}`, await t.as('customer_service'));
    expect(state.json().state).toBe('created');
  });

  it('refuses a buyer in the body: the buyer is always the token’s shopper', async () => {
    const res = await t.call('POST', '/v1/shopper/giftcard-orders', t.shopper('real'), { currency: 'CNY', buyer: { kind: 'shopper', shopper_id: 'other' }, lines: [line()] });
    expect(res.statusCode).toBe(400);
  });

  it('refuses a price that is not the product’s sale price, and creates nothing', async () => {
    const res = await t.call('POST', '/v1/shopper/giftcard-orders', t.shopper('cheap'), { currency: 'CNY', lines: [line({ price: 5_000 })] });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('giftcard_price_mismatch');
    const orders = await t.call('GET', '/v1/giftcard-orders?buyer=cheap', await t.as('customer_service'));
    expect(orders.json().items).toEqual([]);
    await t.verify();
  });
});
