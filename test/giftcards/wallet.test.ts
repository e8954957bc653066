import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateCode, groupCode } from '../../src/giftcards/codes.js';
import { describeEachDb } from '../support/databases.js';
import { type GiftcardTestApp, giftcardApp } from './support.js';

describeEachDb('gift cards: redeem entry, balance by code, wallet', ({ db }) => {
  let t: GiftcardTestApp;
  let productId: string;
  beforeAll(async () => {
    t = await giftcardApp(db(), 'default');
    productId = (await t.product({ validity: { kind: 'months', months: 1 } })).id;
  });
  afterAll(async () => t.app.close());

  it('binds a card to the shopper by its code, however it is typed; a second binding by the same shopper is harmless', async () => {
    const { cards } = await t.sell(productId, { buyer: { kind: 'company', name: 'ACME' } });
    const code = cards[0]?.code as string;
    const typed = code.toLowerCase().replace(/ /g, '-');
    const res = await t.call('POST', '/v1/wallet/cards', t.shopper('alice'), { code: typed });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: cards[0]?.id, balance: 10_000, currency: 'CNY', state: 'active' });
    expect(res.body).not.toContain(code);
    expect((await t.call('POST', '/v1/wallet/cards', t.shopper('alice'), { code })).statusCode).toBe(200);
    const wallet = await t.call('GET', '/v1/wallet/cards', t.shopper('alice'));
    expect(wallet.json().items.map((c: { id: string }) => c.id)).toEqual([cards[0]?.id]);
    const balance = await t.call('POST', '/v1/wallet/card-balance', t.shopper('alice'), { code });
    expect(balance.json()).toMatchObject({ available: 10_000, currency: 'CNY' });
    const own = await t.call('GET', `/v1/wallet/cards/${cards[0]?.id}/history`, t.shopper('alice'));
    expect(own.json().items.map((e: { kind: string }) => e.kind)).toEqual(['bound', 'issued']);
    const other = await t.call('GET', `/v1/wallet/cards/${cards[0]?.id}/history`, t.shopper('mallory'));
    expect([other.statusCode, other.json().code]).toEqual([404, 'giftcard_not_found']);
    const history = await t.call('GET', `/v1/giftcards/${cards[0]?.id}/history`, await t.as('customer_service'));
    expect(history.json().items.map((e: { kind: string }) => e.kind)).toEqual(['bound', 'issued']);
    expect(history.json().items[0]).toMatchObject({ actor_id: 'shopper:alice', channel: 'storefront', balance_after: 10_000 });
  });

  it('answers the same code_not_redeemable for an unknown, a frozen and someone else’s card; staff see the reason', async () => {
    const { cards } = await t.sell(productId, { buyer: { kind: 'company', name: 'ACME' }, quantity: 2 });
    const [frozen, taken] = cards;
    await t.call('POST', `/v1/giftcards/${frozen?.id}/freeze`, await t.as('customer_service'), { reason: 'fraud check' });
    await t.call('POST', '/v1/wallet/cards', t.shopper('owner'), { code: taken?.code });
    const answers = [];
    for (const code of [groupCode(generateCode()), frozen?.code, taken?.code]) {
      const res = await t.call('POST', '/v1/wallet/cards', t.shopper('bob'), { code });
      answers.push([res.statusCode, res.json().code, res.json().detail]);
    }
    expect(answers).toEqual(Array(3).fill([422, 'code_not_redeemable', undefined]));
    const refused = await db().q.selectFrom('audit_log').select(['entity_id', 'after']).where('action', '=', 'giftcard.code_refused').orderBy('seq').execute();
    expect(refused.slice(-3).map((r) => JSON.parse(r.after ?? '{}').reason)).toEqual(['unknown', 'frozen', 'owned_by_another']);
    const events = await db().q.selectFrom('events').select('type').where('type', '=', 'security.code_refused').execute();
    expect(events.length).toBeGreaterThanOrEqual(3);
  });

  it('throttles wrong codes per shopper with 429 and Retry-After, and emits a security event', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 7; i++) {
      const res = await t.call('POST', '/v1/wallet/cards', t.shopper('guesser'), { code: groupCode(generateCode()) });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) retryAfter = String(res.headers['retry-after']);
    }
    expect(statuses).toEqual([422, 422, 422, 422, 422, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const { cards } = await t.sell(productId, { buyer: { kind: 'company', name: 'ACME' } });
    const right = await t.call('POST', '/v1/wallet/cards', t.shopper('guesser'), { code: cards[0]?.code });
    expect(right.statusCode).toBe(429);
    const throttled = await db().q.selectFrom('events').select('type').where('type', '=', 'security.code_throttled').execute();
    expect(throttled.length).toBeGreaterThanOrEqual(2);
    t.clock.advance(30 * 60_000);
    expect((await t.call('POST', '/v1/wallet/cards', t.shopper('guesser'), { code: cards[0]?.code })).statusCode).toBe(200);
  });

  it('refuses a mistyped code before looking it up', async () => {
    const code = generateCode();
    const typo = `${code.slice(0, 5)}${code[5] === 'A' ? 'B' : 'A'}${code.slice(6)}`;
    const res = await t.call('POST', '/v1/wallet/cards', t.shopper('typo'), { code: typo });
    expect([res.statusCode, res.json().code]).toEqual([400, 'code_malformed']);
  });

  it('shows what expires soon and sends each reminder once', async () => {
    const { cards } = await t.sell(productId, { buyer: { kind: 'company', name: 'ACME' } });
    await t.call('POST', '/v1/wallet/cards', t.shopper('carol'), { code: cards[0]?.code });
    const list = async () => (await t.call('GET', '/v1/wallet/cards', t.shopper('carol'))).json().items[0];
    expect((await list()).expires_soon).toBe(false);
    const { sendReminders } = await import('../../src/giftcards/expiry.repo.js');
    t.clock.set(new Date(Date.parse(cards[0]?.expires_at as string) - 6 * 86_400_000));
    await sendReminders(t.app.ctx, t.clock.now());
    await sendReminders(t.app.ctx, t.clock.now());
    const card = await list();
    expect(card.expires_soon).toBe(true);
    expect(card.reminders.map((r: { days_before: number }) => r.days_before)).toEqual([7]);
    const events = await db().q.selectFrom('events').select('payload').where('type', '=', 'giftcard.expiring').execute();
    expect(events.filter((e) => JSON.parse(e.payload).card_id === cards[0]?.id)).toHaveLength(1);
  });
});
