import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../support/databases.js';
import { type GiftcardTestApp, giftcardApp } from './support.js';
import { cardProductInput } from '../support/giftcard-products.js';

const ID_NUMBER = '110105199001011234';

describeEachDb('gift cards: the cn-prepaid profile on every path', ({ db }) => {
  let t: GiftcardTestApp;
  beforeAll(async () => {
    t = await giftcardApp(db(), 'cn-prepaid');
  });
  afterAll(async () => t.app.close());

  const named = { named: true, validity: { kind: 'none' }, denominations: [{ face: 100_000, price: 100_000 }] };

  it.each([
    ['a named card with an expiry', { named: true }, 'giftcard_validity_not_allowed'],
    ['an anonymous card valid 12 months', { validity: { kind: 'months', months: 12 } }, 'giftcard_validity_not_allowed'],
    ['a named denomination over ¥5,000', { ...named, denominations: [{ face: 600_000, price: 600_000 }] }, 'giftcard_over_max_balance'],
    ['an anonymous denomination over ¥1,000', { denominations: [{ face: 200_000, price: 200_000 }] }, 'giftcard_over_max_balance'],
    ['an anonymous custom range over ¥1,000', { custom_range: { min: 1_000, max: 150_000, price_bp: 10_000 } }, 'giftcard_over_max_balance'],
    ['a price above face', { denominations: [{ face: 1_000, price: 1_001 }] }, 'giftcard_product_invalid'],
  ])('refuses a product with %s', async (_label, overrides, code) => {
    const res = await t.call(
      'POST',
      '/v1/giftcard-products',
      await t.as('operations'),
      cardProductInput({ name: { 'zh-CN': '卡', en: 'Card' }, denominations: [{ face: 10_000, price: 9_500 }], ...overrides }),
    );
    expect([res.statusCode, res.json().code]).toEqual([422, code]);
  });

  it('a product change cannot break the profile either', async () => {
    const product = await t.product();
    const res = await t.call('PATCH', `/v1/giftcard-products/${product.id}`, await t.as('operations'), { denominations: [{ face: 150_000, price: 150_000 }] });
    expect([res.statusCode, res.json().code]).toEqual([422, 'giftcard_over_max_balance']);
  });

  it('records identity for named cards, hashed and masked, never shown or audited in clear', async () => {
    const product = await t.product(named);
    const order = { buyer: { kind: 'shopper', shopper_id: 'buyer-1' }, currency: 'CNY', payment_method: 'online', lines: [{ product_id: product.id, face: 100_000, price: 100_000, quantity: 1 }] };
    const missing = await t.call('POST', '/v1/giftcard-orders', await t.as('integration'), order);
    expect([missing.statusCode, missing.json().code]).toEqual([422, 'giftcard_identity_required']);
    const created = await t.call('POST', '/v1/giftcard-orders', await t.as('integration'), { ...order, identity: { name: '张三', id_type: 'resident_id', id_number: ID_NUMBER } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().identity).toEqual({ name: '张*', id_type: 'resident_id', id_number: '110***********1234' });
    const row = await db().q.selectFrom('giftcard_orders').selectAll().where('id', '=', created.json().id).executeTakeFirstOrThrow();
    expect(row.identity_id_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(ID_NUMBER);
    const audit = await t.call('GET', `/v1/audit?entity_type=giftcard_order&entity_id=${created.json().id}`, await t.as('auditor'));
    expect(audit.statusCode).toBe(200);
    expect(audit.body).not.toContain(ID_NUMBER);
    expect(audit.body).not.toContain('张三');
    const paid = await t.call('POST', `/v1/giftcard-orders/${created.json().id}/pay`, await t.as('integration'), { payment_reference: 'p' });
    expect(paid.json().issued_cards[0]).toMatchObject({ named: true, owner_shopper_id: 'buyer-1', expires_at: null });
    await t.verify();
  });

  it('asks identity for ¥10,000 of anonymous cards and a bank transfer from a company at ¥5,000', async () => {
    const product = await t.product({ denominations: [{ face: 100_000, price: 100_000 }] });
    const base = { currency: 'CNY', lines: [{ product_id: product.id, face: 100_000, price: 100_000, quantity: 5 }] };
    const company = await t.call('POST', '/v1/giftcard-orders', await t.as('integration'), { ...base, buyer: { kind: 'company', name: 'ACME' }, payment_method: 'online' });
    expect([company.statusCode, company.json().code]).toEqual([422, 'giftcard_bank_transfer_required']);
    const ok = await t.call('POST', '/v1/giftcard-orders', await t.as('integration'), { ...base, buyer: { kind: 'company', name: 'ACME' }, payment_method: 'bank_transfer' });
    expect(ok.statusCode).toBe(201);
    const ten = { ...base, lines: [{ ...base.lines[0], quantity: 10 }] };
    const anonymous = await t.call('POST', '/v1/giftcard-orders', await t.as('integration'), { ...ten, buyer: { kind: 'company', name: 'ACME' }, payment_method: 'bank_transfer' });
    expect([anonymous.statusCode, anonymous.json().code]).toEqual([422, 'giftcard_identity_required']);
  });

  it('anonymous cards cannot be reported lost; reloads stop at the named maximum', async () => {
    const anonymous = await t.product();
    const { cards } = await t.sell(anonymous.id);
    const lost = await t.call('POST', `/v1/giftcards/${cards[0]?.id}/replace`, await t.as('customer_service'), { reason: 'lost' });
    expect([lost.statusCode, lost.json().code]).toEqual([422, 'giftcard_not_replaceable']);
    const reloadable = await t.product({ ...named, reloadable: true });
    const sold = await t.sell(reloadable.id, { face: 100_000, price: 100_000, identity: { name: '李四', id_type: 'resident_id', id_number: ID_NUMBER } });
    const id = sold.cards[0]?.id;
    const over = await t.call('POST', `/v1/giftcards/${id}/reload`, await t.as('finance'), { amount: 400_001, payment_reference: 'r-over' });
    expect([over.statusCode, over.json().code]).toEqual([422, 'giftcard_over_max_balance']);
    const ok = await t.call('POST', `/v1/giftcards/${id}/reload`, await t.as('finance'), { amount: 400_000, payment_reference: 'r-1' });
    expect([ok.statusCode, ok.json().available]).toEqual([200, 500_000]);
    const retry = await t.call('POST', `/v1/giftcards/${id}/reload`, await t.as('finance'), { amount: 400_000, payment_reference: 'r-1' });
    expect([retry.statusCode, retry.json().available]).toEqual([200, 500_000]);
    const different = await t.call('POST', `/v1/giftcards/${id}/reload`, await t.as('finance'), { amount: 1, payment_reference: 'r-1' });
    expect([different.statusCode, different.json().code]).toEqual([409, 'exists_with_different_fields']);
    await t.verify();
  });

  it('returns an unused discounted card within 7 days in proportion to the price, not after', async () => {
    const product = await t.product();
    const { cards } = await t.sell(product.id, { quantity: 2 });
    const returned = await t.call('POST', `/v1/giftcards/${cards[0]?.id}/return`, await t.as('customer_service'), { reason: 'changed mind' });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ refund_amount: 9_500, discount_reversed: 500, card: { state: 'voided', balance: 0 } });
    t.clock.advance(8 * 86_400_000);
    const late = await t.call('POST', `/v1/giftcards/${cards[1]?.id}/return`, await t.as('customer_service'), { reason: 'late' });
    expect([late.statusCode, late.json().code]).toEqual([422, 'giftcard_return_not_allowed']);
    await t.verify();
  });
});
