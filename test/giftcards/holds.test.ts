import { afterAll, beforeAll, expect, it } from 'vitest';
import { cardBalance } from '../../src/giftcards/accounts.js';
import { getAccount } from '../../src/ledger/ledger.js';
import { describeEachDb } from '../support/databases.js';
import { type GiftcardTestApp, giftcardApp } from './support.js';

describeEachDb('gift cards: holds for an external order system', ({ db, dialect }) => {
  let t: GiftcardTestApp;
  let general: string;
  let n = 0;
  beforeAll(async () => {
    t = await giftcardApp(db(), 'default');
    general = (await t.product()).id;
  });
  afterAll(async () => t.app.close());

  async function walletCard(shopper: string) {
    const { cards } = await t.sell(general, { buyer: { kind: 'company', name: 'ACME' } });
    const res = await t.call('POST', '/v1/wallet/cards', t.shopper(shopper), { code: cards[0]?.code });
    expect(res.statusCode, res.body).toBe(200);
    return cards[0]?.id as string;
  }
  const holdBody = (card: string, shopper: string, amounts: [string, number][]) => ({
    id: `h-${dialect}-${++n}`,
    shopper_id: shopper,
    currency: 'CNY',
    timeout_s: 600,
    cards: [{ card_id: card, merchants: amounts.map(([merchant_id, amount]) => ({ merchant_id, amount })) }],
  });

  it('authorises, captures and refunds exactly, and a retried hold changes nothing', async () => {
    const card = await walletCard('h1');
    const integration = await t.as('integration');
    const body = holdBody(card, 'h1', [
      ['m-1', 3_000],
      ['m-2', 1_500],
    ]);
    const held = await t.call('POST', '/v1/giftcard-holds', integration, body);
    expect(held.statusCode, held.body).toBe(201);
    expect(held.json().lines.map((l: { state: string; amount: number }) => [l.state, l.amount])).toEqual([
      ['pending', 3_000],
      ['pending', 1_500],
    ]);
    expect((await t.call('POST', '/v1/giftcard-holds', integration, body)).statusCode).toBe(201);
    expect(await cardBalance(db(), card)).toEqual({ posted: 10_000, held: 4_500, available: 5_500 });

    const captured = await t.call('POST', `/v1/giftcard-holds/${body.id}/capture`, integration);
    expect(captured.statusCode, captured.body).toBe(200);
    expect(captured.json().lines.every((l: { state: string }) => l.state === 'posted')).toBe(true);
    const inTransit = (await getAccount(db(), 'merchant:m-1:in_transit:CNY'))?.credits_posted ?? 0;

    const refund = { refund_id: 'r1', parts: [{ card_id: card, merchant_id: 'm-1', amount: 1_000, from: 'in_transit' }] };
    expect((await t.call('POST', `/v1/giftcard-holds/${body.id}/refunds`, integration, refund)).statusCode).toBe(200);
    expect((await t.call('POST', `/v1/giftcard-holds/${body.id}/refunds`, integration, refund)).statusCode).toBe(200);
    expect(await cardBalance(db(), card)).toEqual({ posted: 6_500, held: 0, available: 6_500 });
    expect((await getAccount(db(), 'merchant:m-1:in_transit:CNY'))?.debits_posted).toBeGreaterThanOrEqual(1_000);
    expect(inTransit).toBeGreaterThanOrEqual(3_000);

    const tooMuch = await t.call('POST', `/v1/giftcard-holds/${body.id}/refunds`, integration, {
      refund_id: 'r2',
      parts: [{ card_id: card, merchant_id: 'm-1', amount: 2_001, from: 'in_transit' }],
    });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().code).toBe('card_refund_exceeds');
    await t.verify();
  });

  it('captures less than was held, returns the rest to the card, and refuses capturing more', async () => {
    const card = await walletCard('h3');
    const integration = await t.as('integration');
    const body = holdBody(card, 'h3', [
      ['m-1', 4_000],
      ['m-2', 2_000],
    ]);
    expect((await t.call('POST', '/v1/giftcard-holds', integration, body)).statusCode).toBe(201);
    const over = await t.call('POST', `/v1/giftcard-holds/${body.id}/partial-capture`, integration, { lines: [{ card_id: card, merchant_id: 'm-1', amount: 4_001 }] });
    expect([over.statusCode, over.json().code]).toEqual([422, 'card_capture_exceeds_hold']);
    expect(await cardBalance(db(), card)).toEqual({ posted: 10_000, held: 6_000, available: 4_000 });

    const part = await t.call('POST', `/v1/giftcard-holds/${body.id}/partial-capture`, integration, { lines: [{ card_id: card, merchant_id: 'm-1', amount: 2_500 }] });
    expect(part.statusCode, part.body).toBe(200);
    // m-1's line posts 2 500 of 4 000; m-2's line, not named, is captured in full.
    expect(part.json().lines.map((l: { merchant_id: string; amount: number; state: string }) => [l.merchant_id, l.amount, l.state])).toEqual([
      ['m-1', 2_500, 'posted'],
      ['m-2', 2_000, 'posted'],
    ]);
    expect(await cardBalance(db(), card)).toEqual({ posted: 5_500, held: 0, available: 5_500 });
    const tooMuch = await t.call('POST', `/v1/giftcard-holds/${body.id}/refunds`, integration, {
      refund_id: 'r-over',
      parts: [{ card_id: card, merchant_id: 'm-1', amount: 2_501, from: 'in_transit' }],
    });
    expect(tooMuch.json().code).toBe('card_refund_exceeds');
    await t.verify();
  });

  it('releases a hold back to the card and refuses what a card cannot pay', async () => {
    const card = await walletCard('h2');
    const integration = await t.as('integration');
    const body = holdBody(card, 'h2', [['m-3', 10_000]]);
    expect((await t.call('POST', '/v1/giftcard-holds', integration, body)).statusCode).toBe(201);
    const second = await t.call('POST', '/v1/giftcard-holds', integration, holdBody(card, 'h2', [['m-1', 1]]));
    expect(second.statusCode).toBe(422);
    expect(second.json().code).toBe('card_balance_changed');
    const released = await t.call('POST', `/v1/giftcard-holds/${body.id}/release`, integration);
    expect(released.json().lines[0].state).toBe('voided');
    expect(await cardBalance(db(), card)).toEqual({ posted: 10_000, held: 0, available: 10_000 });

    const notTheirs = await t.call('POST', '/v1/giftcard-holds', integration, holdBody(card, 'someone-else', [['m-1', 100]]));
    expect(notTheirs.json().code).toBe('card_not_usable');
    const missing = await t.call('POST', '/v1/giftcard-holds/nope/capture', integration);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('giftcard_hold_not_found');
    const bad = await t.call('POST', '/v1/giftcard-holds', integration, { ...holdBody(card, 'h2', [['m-1', 0]]) });
    expect(bad.statusCode).toBe(400);
    await t.verify();
  });
});
