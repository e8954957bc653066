import { afterAll, beforeAll, expect, it } from 'vitest';
import { cardBalance } from '../../src/giftcards/accounts.js';
import { expireDueCards } from '../../src/giftcards/expiry.repo.js';
import { getAccount } from '../../src/ledger/ledger.js';
import { verifyAll } from '../../src/verify.js';
import { describeEachDb } from '../support/databases.js';
import { type GiftcardTestApp, giftcardApp } from './support.js';

describeEachDb('gift cards: customer service, expiry and history', ({ db }) => {
  let t: GiftcardTestApp;
  beforeAll(async () => {
    t = await giftcardApp(db(), 'default');
  });
  afterAll(async () => t.app.close());

  it('freezes and unfreezes with a reason; each state change is refused from the wrong state', async () => {
    const { cards } = await t.sell((await t.product()).id);
    const id = cards[0]?.id;
    const cs = await t.as('customer_service');
    const noReason = await t.call('POST', `/v1/giftcards/${id}/freeze`, cs, {});
    expect([noReason.statusCode, noReason.json().code]).toEqual([400, 'validation_failed']);
    expect((await t.call('POST', `/v1/giftcards/${id}/freeze`, cs, { reason: 'suspected fraud' })).json().state).toBe('frozen');
    const twice = await t.call('POST', `/v1/giftcards/${id}/freeze`, cs, { reason: 'again' });
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'giftcard_state']);
    expect((await t.call('POST', `/v1/giftcards/${id}/unfreeze`, cs, { reason: 'cleared' })).json().state).toBe('active');
    const history = (await t.call('GET', `/v1/giftcards/${id}/history`, cs)).json().items;
    expect(history.slice(0, 2).map((e: { kind: string; detail: { reason: string } }) => [e.kind, e.detail.reason])).toEqual([
      ['unfrozen', 'cleared'],
      ['frozen', 'suspected fraud'],
    ]);
  });

  it('replaces a lost named card: the balance moves to a new card shown once, the old one is voided', async () => {
    const product = await t.product({ named: true, validity: { kind: 'none' } });
    const { cards } = await t.sell(product.id, { shopperId: 'dora' });
    const old = cards[0];
    const res = await t.call('POST', `/v1/giftcards/${old?.id}/replace`, await t.as('customer_service'), { reason: 'lost on the metro' });
    expect(res.statusCode, res.body).toBe(200);
    const replacement = res.json();
    expect(replacement).toMatchObject({ available: 10_000, owner_shopper_id: 'dora', named: true });
    expect(replacement.code).toMatch(/^[0-9A-Z*~$= ]{33}$/);
    expect(await cardBalance(db(), old?.id as string)).toEqual({ posted: 0, held: 0, available: 0 });
    const oldView = await t.call('GET', `/v1/giftcards/${old?.id}`, await t.as('customer_service'));
    expect(oldView.json()).toMatchObject({ state: 'voided', replaced_by: replacement.id });
    const redeemOld = await t.call('POST', '/v1/wallet/cards', t.shopper('dora'), { code: old?.code });
    expect(redeemOld.json().code).toBe('code_not_redeemable');
    const redeemNew = await t.call('POST', '/v1/wallet/cards', t.shopper('dora'), { code: replacement.code });
    expect(redeemNew.statusCode).toBe(200);
    await t.verify();
  });

  it('finds cards by number, last four, owner and order, and records every look-up', async () => {
    const { orderId, cards } = await t.sell((await t.product()).id, { shopperId: 'erin' });
    const card = cards[0] as NonNullable<(typeof cards)[0]>;
    await t.call('POST', '/v1/wallet/cards', t.shopper('erin'), { code: card.code });
    const cs = await t.as('customer_service');
    for (const query of [`number=${card.number}`, `last4=${card.number.slice(-4)}`, 'owner=erin', `order=${orderId}`]) {
      const res = await t.call('GET', `/v1/giftcards?${query}`, cs);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items.map((c: { id: string }) => c.id)).toContain(card.id);
      expect(res.body).not.toContain(card.code.replace(/ /g, '').slice(0, 8));
    }
    const lookups = await db().q.selectFrom('audit_log').select(['action', 'actor_id']).where('action', '=', 'giftcard.search').execute();
    expect(lookups.length).toBeGreaterThanOrEqual(4);
    expect(lookups[0]?.actor_id).toBe(await t.principalId('customer_service'));
    const empty = await t.call('GET', '/v1/giftcards', cs);
    expect([empty.statusCode, empty.json().code]).toEqual([400, 'validation_failed']);
  });

  it('expires a card into breakage once; reactivation goes through two reviews and restores the balance', async () => {
    const product = await t.product({ validity: { kind: 'months', months: 1 } });
    const { cards } = await t.sell(product.id, { buyer: { kind: 'company', name: 'ACME' } });
    const id = cards[0]?.id as string;
    const breakageBefore = (await getAccount(db(), 'giftcards:breakage:CNY'))?.credits_posted ?? 0;
    t.clock.set(cards[0]?.expires_at as string);
    expect(await expireDueCards(t.app.ctx, t.clock.now())).toBeGreaterThanOrEqual(1);
    expect(await expireDueCards(t.app.ctx, t.clock.now())).toBe(0);
    expect((await getAccount(db(), 'giftcards:breakage:CNY'))?.credits_posted).toBe(breakageBefore + 10_000);
    const asked = await t.call('POST', `/v1/giftcards/${id}/reactivate`, await t.as('customer_service'), { reason: 'customer asked' });
    expect(asked.statusCode, asked.body).toBe(201);
    const approval = asked.json();
    expect(approval).toMatchObject({ kind: 'giftcard.reactivate', amount: 10_000, state: 'pending_first_review' });
    const twice = await t.call('POST', `/v1/giftcards/${id}/reactivate`, await t.as('customer_service'), { reason: 'again' });
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'giftcard_state']);
    expect((await t.call('POST', `/v1/approvals/${approval.id}/approve`, await t.as('operations'), {})).statusCode).toBe(200);
    expect((await cardBalance(db(), id)).available).toBe(0);
    expect((await t.call('POST', `/v1/approvals/${approval.id}/approve`, await t.as('finance'), {})).statusCode).toBe(200);
    const card = (await t.call('GET', `/v1/giftcards/${id}`, await t.as('customer_service'))).json();
    expect(card).toMatchObject({ state: 'active', available: 10_000 });
    expect(Date.parse(card.expires_at)).toBeGreaterThan(t.clock.now().getTime());
    const kinds = (await t.call('GET', `/v1/giftcards/${id}/history`, await t.as('auditor'))).json().items.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['reactivated', 'expired', 'issued']);
    await t.verify();
  });

  it('pages through a long history', async () => {
    const { cards } = await t.sell((await t.product()).id);
    const id = cards[0]?.id;
    const cs = await t.as('customer_service');
    for (let i = 0; i < 3; i++) {
      await t.call('POST', `/v1/giftcards/${id}/freeze`, cs, { reason: `f${i}` });
      await t.call('POST', `/v1/giftcards/${id}/unfreeze`, cs, { reason: `u${i}` });
    }
    const first = (await t.call('GET', `/v1/giftcards/${id}/history?limit=4`, cs)).json();
    expect(first.items).toHaveLength(4);
    const second = (await t.call('GET', `/v1/giftcards/${id}/history?limit=4&cursor=${first.next_cursor}`, cs)).json();
    expect(second.items.map((e: { kind: string }) => e.kind)).toEqual(['unfrozen', 'frozen', 'issued']);
    expect(second.next_cursor).toBeNull();
  });

  it('verify names a card whose state and ledger disagree', async () => {
    const { cards } = await t.sell((await t.product()).id);
    const id = cards[0]?.id as string;
    await db().q.updateTable('giftcards').set({ state: 'voided' }).where('id', '=', id).execute();
    const report = await verifyAll(db());
    expect(report.ok).toBe(false);
    expect(report.summary).toContain(`card ${id} is voided but holds 10000`);
    await db().q.updateTable('giftcards').set({ state: 'active' }).where('id', '=', id).execute();
    await t.verify();
  });

  it('extends a card only after both reviews; lists orders newest first', async () => {
    const { orderId, cards } = await t.sell((await t.product()).id);
    const id = cards[0]?.id as string;
    const asked = await t.call('POST', `/v1/giftcards/${id}/extend`, await t.as('customer_service'), { days: 10, reason: 'goodwill' });
    expect(asked.statusCode, asked.body).toBe(201);
    await t.call('POST', `/v1/approvals/${asked.json().id}/approve`, await t.as('operations'), {});
    expect((await t.call('GET', `/v1/giftcards/${id}`, await t.as('auditor'))).json().expires_at).toBe(cards[0]?.expires_at);
    await t.call('POST', `/v1/approvals/${asked.json().id}/approve`, await t.as('finance'), {});
    const after = (await t.call('GET', `/v1/giftcards/${id}`, await t.as('auditor'))).json();
    expect(Date.parse(after.expires_at) - Date.parse(cards[0]?.expires_at as string)).toBe(10 * 86_400_000);
    const orders = (await t.call('GET', '/v1/giftcard-orders?state=issued&limit=1', await t.as('finance'))).json();
    expect(orders.items.map((o: { id: string }) => o.id)).toEqual([orderId]);
    expect(orders.next_cursor).not.toBeNull();
  });
});
