import { afterAll, beforeAll, expect, it } from 'vitest';
import { getAccount } from '../../src/ledger/ledger.js';
import { describeEachDb } from '../support/databases.js';
import { type GiftcardTestApp, giftcardApp } from './support.js';

describeEachDb('gift cards: products, sale and issue', ({ db }) => {
  let t: GiftcardTestApp;
  beforeAll(async () => {
    t = await giftcardApp(db(), 'default');
  });
  afterAll(async () => t.app.close());

  it('sells a discounted card: clearing pays the price, the discount is an expense, the card holds face', async () => {
    const product = await t.product();
    const { orderId, cards } = await t.sell(product.id);
    expect(cards).toHaveLength(1);
    const card = cards[0];
    expect(card?.code).toMatch(/^([0-9A-Z*~$=]{4} ){6}[0-9A-Z*~$=]{3}$/);
    expect(card?.available).toBe(10_000);
    const account = await getAccount(db(), `card:${card?.id}`);
    expect(account).toMatchObject({ code: 'giftcard.card', credits_posted: 10_000, debits_posted: 0 });
    const sale = await t.call('GET', `/v1/ledger/transfers/giftcard:sale:${orderId}:${card?.id}`, await t.as('finance'));
    expect(sale.json()).toMatchObject({ debit_account_id: 'payments:clearing:CNY', amount: 9_500, code: 'giftcard.sale' });
    const discount = await t.call('GET', `/v1/ledger/transfers/giftcard:sale_discount:${orderId}:${card?.id}`, await t.as('finance'));
    expect(discount.json()).toMatchObject({ debit_account_id: 'giftcards:sale_discount:CNY', amount: 500, code: 'giftcard.sale_discount' });
    const order = await t.call('GET', `/v1/giftcard-orders/${orderId}`, await t.as('auditor'));
    expect(order.json()).toMatchObject({ state: 'issued', face_total: 10_000, price_total: 9_500 });
    expect(order.body).not.toContain(card?.code.slice(0, 9));
    await t.verify();
  });

  it('shows the code once: a replayed pay answers that it succeeded, never the code', async () => {
    const product = await t.product();
    const created = await t.call('POST', '/v1/giftcard-orders', await t.as('integration'), {
      buyer: { kind: 'company', name: 'ACME' },
      currency: 'CNY',
      payment_method: 'online',
      lines: [{ product_id: product.id, face: 50_000, price: 50_000, quantity: 2 }],
    });
    const id = created.json().id;
    const headers = { ...(await t.as('integration')), 'idempotency-key': `pay-${id}` };
    const first = await t.call('POST', `/v1/giftcard-orders/${id}/pay`, headers, { payment_reference: 'r1' });
    expect(first.statusCode).toBe(200);
    const codes = first.json().issued_cards.map((c: { code: string }) => c.code);
    expect(codes).toHaveLength(2);
    const replay = await t.call('POST', `/v1/giftcard-orders/${id}/pay`, headers, { payment_reference: 'r1' });
    expect([replay.statusCode, replay.json().code]).toEqual([409, 'idempotency_secret_not_replayable']);
    const again = await t.call('POST', `/v1/giftcard-orders/${id}/pay`, await t.as('integration'), { payment_reference: 'r1' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'giftcard_order_state']);
    for (const code of codes) expect(replay.body + again.body).not.toContain(code);
  });

  it('keeps the terms a card was sold with when the product changes', async () => {
    const product = await t.product({ acceptance: { kind: 'listed', merchant_ids: ['m-1'] } });
    const { cards } = await t.sell(product.id);
    const changed = await t.call('PATCH', `/v1/giftcard-products/${product.id}`, await t.as('operations'), {
      denominations: [{ face: 10_000, price: 9_000 }],
      acceptance: { kind: 'all' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const card = await t.call('GET', `/v1/giftcards/${cards[0]?.id}`, await t.as('customer_service'));
    expect(card.json()).toMatchObject({ price: 9_500, face: 10_000, accepted_by: ['m-1'] });
    const stale = await t.call('POST', '/v1/giftcard-orders', await t.as('integration'), {
      buyer: { kind: 'shopper', shopper_id: 's' },
      currency: 'CNY',
      payment_method: 'online',
      lines: [{ product_id: product.id, face: 10_000, price: 9_500, quantity: 1 }],
    });
    expect([stale.statusCode, stale.json().code]).toEqual([422, 'giftcard_price_mismatch']);
  });

  it.each([
    ['unknown product', { product_id: 'nope' }, 404, 'giftcard_product_not_found'],
    ['face not offered', { face: 12_345, price: 12_345 }, 422, 'giftcard_denomination_invalid'],
    ['price ≠ configured', { price: 9_000 }, 422, 'giftcard_price_mismatch'],
    ['negative amount', { price: -1 }, 400, 'validation_failed'],
    ['fractional amount', { face: 100.5 }, 400, 'validation_failed'],
    ['zero quantity', { quantity: 0 }, 400, 'validation_failed'],
  ])('refuses an order line with %s and changes nothing', async (_label, line, status, code) => {
    const product = await t.product();
    const before = await db().q.selectFrom('giftcard_orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await t.call('POST', '/v1/giftcard-orders', await t.as('integration'), {
      buyer: { kind: 'shopper', shopper_id: 's' },
      currency: 'CNY',
      payment_method: 'online',
      lines: [{ product_id: product.id, face: 10_000, price: 9_500, quantity: 1, ...line }],
    });
    expect([res.statusCode, res.json().code]).toEqual([status, code]);
    const after = await db().q.selectFrom('giftcard_orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses a retired product and a wrong currency', async () => {
    const product = await t.product();
    const usd = await t.call('POST', '/v1/giftcard-orders', await t.as('integration'), {
      buyer: { kind: 'shopper', shopper_id: 's' },
      currency: 'USD',
      payment_method: 'online',
      lines: [{ product_id: product.id, face: 10_000, price: 9_500, quantity: 1 }],
    });
    expect([usd.statusCode, usd.json().code]).toEqual([422, 'giftcard_currency_mismatch']);
    await t.call('PATCH', `/v1/giftcard-products/${product.id}`, await t.as('operations'), { status: 'retired' });
    const retired = await t.call('POST', '/v1/giftcard-orders', await t.as('integration'), {
      buyer: { kind: 'shopper', shopper_id: 's' },
      currency: 'CNY',
      payment_method: 'online',
      lines: [{ product_id: product.id, face: 10_000, price: 9_500, quantity: 1 }],
    });
    expect([retired.statusCode, retired.json().code]).toEqual([422, 'giftcard_product_retired']);
  });

  it('cancels an unpaid order; a cancelled order cannot be paid', async () => {
    const product = await t.product();
    const created = await t.call('POST', '/v1/giftcard-orders', await t.as('integration'), {
      buyer: { kind: 'shopper', shopper_id: 's' },
      currency: 'CNY',
      payment_method: 'online',
      lines: [{ product_id: product.id, face: 10_000, price: 9_500, quantity: 1 }],
    });
    const id = created.json().id;
    expect((await t.call('POST', `/v1/giftcard-orders/${id}/cancel`, await t.as('integration'))).json().state).toBe('cancelled');
    const pay = await t.call('POST', `/v1/giftcard-orders/${id}/pay`, await t.as('integration'), { payment_reference: 'x' });
    expect([pay.statusCode, pay.json().code]).toEqual([409, 'giftcard_order_state']);
    await t.verify();
  });
});
