import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CardAuthorization } from '../../src/checkout/ports.js';
import { transaction } from '../../src/db/database.js';
import { cardBalance } from '../../src/giftcards/accounts.js';
import { cardPayments, redeemTransferId } from '../../src/giftcards/payments.js';
import { expirePendings, getAccount, getHold } from '../../src/ledger/ledger.js';
import { describeEachDb } from '../support/databases.js';
import { type GiftcardTestApp, giftcardApp } from './support.js';

describeEachDb('gift cards: paying with cards (checkout ports)', ({ db, dialect }) => {
  let t: GiftcardTestApp;
  let general: string;
  let onlyM1: string;
  let n = 0;
  beforeAll(async () => {
    t = await giftcardApp(db(), 'default');
    general = (await t.product()).id;
    onlyM1 = (await t.product({ acceptance: { kind: 'listed', merchant_ids: ['m-1'] } })).id;
  });
  afterAll(async () => t.app.close());

  async function walletCard(shopper: string, productId = general, face = 10_000) {
    const { cards } = await t.sell(productId, { buyer: { kind: 'company', name: 'ACME' }, face, price: face === 10_000 ? 9_500 : face });
    const res = await t.call('POST', '/v1/wallet/cards', t.shopper(shopper), { code: cards[0]?.code });
    expect(res.statusCode, res.body).toBe(200);
    return cards[0]?.id as string;
  }
  const run = <T>(fn: (tx: Parameters<Parameters<typeof transaction>[1]>[0]) => Promise<T>) => transaction(db(), fn);
  const authorize = (input: CardAuthorization) => run((tx) => cardPayments.authorize(t.app.ctx, tx, input, t.clock.now()));
  const order = (shopperId: string, cards: CardAuthorization['cards'], timeoutS = 900): CardAuthorization => ({ orderId: `o-${dialect}-${++n}`, shopperId, currency: 'CNY', timeoutS, cards });

  it('lists usable cards, earliest expiry first, then smallest balance', async () => {
    const a = await walletCard('u1');
    const b = await walletCard('u1', general, 50_000);
    const frozen = await walletCard('u1');
    await t.call('POST', `/v1/giftcards/${frozen}/freeze`, await t.as('customer_service'), { reason: 'check' });
    const usable = await cardPayments.usableCards(db(), 'u1', 'CNY', t.clock.now());
    expect(usable.map((c) => [c.cardId, c.available])).toEqual([
      [a, 10_000],
      [b, 50_000],
    ]);
    expect(usable[0]).toMatchObject({ currency: 'CNY', acceptedBy: 'all' });
    expect(await cardPayments.usableCards(db(), 'u1', 'USD', t.clock.now())).toEqual([]);
  });

  it('holds per merchant, captures into merchant in transit, and a retry changes nothing', async () => {
    const card = await walletCard('u2');
    const input = order('u2', [{ cardId: card, merchants: [{ merchantId: 'm-1', amount: 3_000 }, { merchantId: 'm-2', amount: 2_000 }] }]);
    await authorize(input);
    await authorize(input);
    expect(await cardBalance(db(), card)).toEqual({ posted: 10_000, held: 5_000, available: 5_000 });
    await run((tx) => cardPayments.capture(t.app.ctx, tx, input.orderId, t.clock.now()));
    await run((tx) => cardPayments.capture(t.app.ctx, tx, input.orderId, t.clock.now()));
    await run((tx) => cardPayments.release(t.app.ctx, tx, input.orderId, t.clock.now()));
    expect(await cardBalance(db(), card)).toEqual({ posted: 5_000, held: 0, available: 5_000 });
    expect((await getAccount(db(), 'merchant:m-1:in_transit:CNY'))?.credits_posted).toBeGreaterThanOrEqual(3_000);
    const history = await t.call('GET', `/v1/giftcards/${card}/history`, await t.as('auditor'));
    const kinds = history.json().items.map((e: { kind: string; merchant_id: string | null; balance_after: number }) => `${e.kind}:${e.merchant_id ?? ''}:${e.balance_after}`);
    expect(kinds).toEqual(['captured:m-2:5000', 'captured:m-1:5000', 'held:m-2:5000', 'held:m-1:7000', 'bound::10000', 'issued::10000']);
    await t.verify();
  });

  it.each([
    ['an amount over the balance', (card: string) => [{ cardId: card, merchants: [{ merchantId: 'm-1', amount: 10_001 }] }], 'card_balance_changed'],
    ['a merchant that does not accept the card', (card: string) => [{ cardId: card, merchants: [{ merchantId: 'm-1', amount: 1 }, { merchantId: 'm-3', amount: 1 }] }], 'card_not_accepted'],
    ['a zero amount', (card: string) => [{ cardId: card, merchants: [{ merchantId: 'm-1', amount: 0 }] }], 'amount_must_be_positive'],
    ['a fractional amount', (card: string) => [{ cardId: card, merchants: [{ merchantId: 'm-1', amount: 1.5 }] }], 'amount_must_be_positive'],
    ['an unknown card', () => [{ cardId: 'no-such-card', merchants: [{ merchantId: 'm-1', amount: 1 }] }], 'card_not_usable'],
  ])('refuses %s and holds nothing', async (_label, cards, code) => {
    const card = await walletCard('u3', onlyM1);
    await expect(authorize(order('u3', cards(card)))).rejects.toMatchObject({ code });
    expect(await cardBalance(db(), card)).toEqual({ posted: 10_000, held: 0, available: 10_000 });
  });

  it('refuses another shopper’s card, a frozen card, too many cards, and a replay with another amount', async () => {
    const card = await walletCard('u4');
    await expect(authorize(order('intruder', [{ cardId: card, merchants: [{ merchantId: 'm-1', amount: 1 }] }]))).rejects.toMatchObject({ code: 'card_not_usable' });
    const many = [];
    for (let i = 0; i < 6; i++) many.push({ cardId: `c-${i}`, merchants: [{ merchantId: 'm-1', amount: 1 }] });
    await expect(authorize(order('u4', many))).rejects.toMatchObject({ code: 'too_many_cards' });
    const first = order('u4', [{ cardId: card, merchants: [{ merchantId: 'm-1', amount: 1_000 }] }]);
    await authorize(first);
    await expect(authorize({ ...first, cards: [{ cardId: card, merchants: [{ merchantId: 'm-1', amount: 2_000 }] }] })).rejects.toMatchObject({ code: 'card_authorization_mismatch' });
    expect((await cardBalance(db(), card)).held).toBe(1_000);
    await run((tx) => cardPayments.release(t.app.ctx, tx, first.orderId, t.clock.now()));
    await t.call('POST', `/v1/giftcards/${card}/freeze`, await t.as('customer_service'), { reason: 'lost' });
    await expect(authorize(order('u4', [{ cardId: card, merchants: [{ merchantId: 'm-1', amount: 1 }] }]))).rejects.toMatchObject({ code: 'card_not_usable' });
    expect(await cardBalance(db(), card)).toEqual({ posted: 10_000, held: 0, available: 10_000 });
  });

  it('lets a hold lapse: the sweep voids it, capture then fails, release is harmless', async () => {
    const card = await walletCard('u5');
    const input = order('u5', [{ cardId: card, merchants: [{ merchantId: 'm-1', amount: 4_000 }] }], 60);
    await authorize(input);
    t.clock.advance(61_000);
    await expirePendings(db(), t.clock.now());
    expect((await getHold(db(), redeemTransferId(input.orderId, card, 'm-1')))?.state).toBe('expired');
    await expect(run((tx) => cardPayments.capture(t.app.ctx, tx, input.orderId, t.clock.now()))).rejects.toMatchObject({ code: 'card_hold_expired' });
    await run((tx) => cardPayments.release(t.app.ctx, tx, input.orderId, t.clock.now()));
    expect(await cardBalance(db(), card)).toEqual({ posted: 10_000, held: 0, available: 10_000 });
    await t.verify();
  });

  it('refunds to the exact cards, never more than they paid; a refund onto an expired card extends it', async () => {
    const card = await walletCard('u6');
    const input = order('u6', [{ cardId: card, merchants: [{ merchantId: 'm-1', amount: 6_000 }] }]);
    await authorize(input);
    await run((tx) => cardPayments.capture(t.app.ctx, tx, input.orderId, t.clock.now()));
    const refund = { orderId: input.orderId, refundId: 'r1', parts: [{ cardId: card, merchantId: 'm-1', amount: 2_500, from: 'in_transit' as const }] };
    await run((tx) => cardPayments.refund(t.app.ctx, tx, refund, t.clock.now()));
    await run((tx) => cardPayments.refund(t.app.ctx, tx, refund, t.clock.now()));
    expect((await cardBalance(db(), card)).available).toBe(6_500);
    const over = { ...refund, refundId: 'r2', parts: [{ ...refund.parts[0], amount: 3_501 }] };
    await expect(run((tx) => cardPayments.refund(t.app.ctx, tx, over as typeof refund, t.clock.now()))).rejects.toMatchObject({ code: 'card_refund_exceeds' });
    await db().q.updateTable('giftcards').set({ expires_at: t.clock.now().toISOString() }).where('id', '=', card).execute();
    const { expireDueCards } = await import('../../src/giftcards/expiry.repo.js');
    expect(await expireDueCards(t.app.ctx, t.clock.now())).toBeGreaterThanOrEqual(1);
    expect((await cardBalance(db(), card)).posted).toBe(0);
    await run((tx) => cardPayments.refund(t.app.ctx, tx, { ...refund, refundId: 'r3', parts: [{ ...refund.parts[0], amount: 1_000 }] } as typeof refund, t.clock.now()));
    const after = await t.call('GET', `/v1/giftcards/${card}`, await t.as('customer_service'));
    expect(after.json()).toMatchObject({ state: 'active', available: 1_000 });
    expect(Date.parse(after.json().expires_at)).toBe(t.clock.now().getTime() + 30 * 86_400_000);
    await t.verify();
  });

  it('a refund onto a card returned since makes it usable again, so verify stays true', async () => {
    const { cards } = await t.sell(general, { shopperId: 'u7' });
    const card = cards[0]?.id as string;
    await t.call('POST', '/v1/wallet/cards', t.shopper('u7'), { code: cards[0]?.code });
    const input = order('u7', [{ cardId: card, merchants: [{ merchantId: 'm-2', amount: 4_000 }] }]);
    await authorize(input);
    await run((tx) => cardPayments.capture(t.app.ctx, tx, input.orderId, t.clock.now()));
    const returned = await t.call('POST', `/v1/giftcards/${card}/return`, await t.as('customer_service'), { reason: 'unused rest' });
    expect(returned.json()).toMatchObject({ refund_amount: 5_700, discount_reversed: 300 });
    await run((tx) => cardPayments.refund(t.app.ctx, tx, { orderId: input.orderId, refundId: 'r1', parts: [{ cardId: card, merchantId: 'm-2', amount: 4_000, from: 'in_transit' }] }, t.clock.now()));
    expect((await t.call('GET', `/v1/giftcards/${card}`, await t.as('auditor'))).json()).toMatchObject({ state: 'active', available: 4_000 });
    await t.verify();
  });

  it.runIf(dialect === 'postgres')('never overspends when 60 orders race for one card', async () => {
    const card = await walletCard('racer');
    const amounts = Array.from({ length: 60 }, (_, i) => 200 + ((i * 37) % 400));
    const results = await Promise.allSettled(amounts.map((amount) => authorize(order('racer', [{ cardId: card, merchants: [{ merchantId: 'm-1', amount }] }]))));
    const won = amounts.filter((_, i) => results[i]?.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code);
    expect(won.length).toBeGreaterThan(0);
    expect(lost.length).toBeGreaterThan(0);
    expect(new Set(lost)).toEqual(new Set(['card_balance_changed']));
    const balance = await cardBalance(db(), card);
    expect(balance.held).toBe(won.reduce((a, b) => a + b, 0));
    expect(balance.held).toBeLessThanOrEqual(10_000);
    expect(balance.available).toBeGreaterThanOrEqual(0);
    const rows = await db().q.selectFrom('giftcard_redemptions').select('amount').where('card_id', '=', card).execute();
    expect(rows.reduce((a, r) => a + r.amount, 0)).toBe(balance.held);
    await t.verify();
  });
});
