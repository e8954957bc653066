import { afterAll, beforeAll, expect, it } from 'vitest';
import { cardBalance } from '../../src/giftcards/accounts.js';
import { runDueJobs } from '../../src/platform/jobs.js';
import { jobHandlers } from '../../src/jobs.js';
import { describeEachDb } from '../support/databases.js';
import { type GiftcardTestApp, giftcardApp } from './support.js';

describeEachDb('gift cards: physical batches and promotional cards through approval', ({ db }) => {
  let t: GiftcardTestApp;
  beforeAll(async () => {
    t = await giftcardApp(db(), 'default');
  });
  afterAll(async () => t.app.close());
  const work = () => runDueJobs(t.app.ctx, jobHandlers(t.app.ctx.modules), 50);
  const approve = async (id: string) => {
    expect((await t.call('POST', `/v1/approvals/${id}/approve`, await t.as('operations', undefined, 'reviewer'), {})).statusCode).toBe(200);
    expect((await t.call('POST', `/v1/approvals/${id}/approve`, await t.as('finance'), {})).statusCode).toBe(200);
  };

  it('generates an approved batch in chunks, exports its codes once, and activates cards at sale', async () => {
    const product = await t.product({ form: 'physical' });
    const asked = await t.call('POST', '/v1/giftcard-batches', await t.as('operations'), { product_id: product.id, face: 10_000, quantity: 2_500 });
    expect(asked.statusCode, asked.body).toBe(201);
    const batch = asked.json();
    expect(batch).toMatchObject({ state: 'pending_approval', generated: 0 });
    await work();
    expect((await t.call('GET', `/v1/giftcard-batches/${batch.id}`, await t.as('operations'))).json().generated).toBe(0);
    await approve(batch.approval_id);
    await work();
    const ready = (await t.call('GET', `/v1/giftcard-batches/${batch.id}`, await t.as('operations'))).json();
    expect(ready).toMatchObject({ state: 'ready', generated: 2_500 });
    const exported = await t.call('POST', `/v1/giftcard-batches/${batch.id}/export`, await t.as('operations'));
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    const lines = exported.body.trim().split('\n');
    expect(lines[0]).toBe('card_number,code');
    expect(lines).toHaveLength(2_501);
    const again = await t.call('POST', `/v1/giftcard-batches/${batch.id}/export`, await t.as('operations'));
    expect([again.statusCode, again.json().code]).toEqual([409, 'giftcard_codes_exported']);

    const [number, code] = (lines[1] as string).split(',') as [string, string];
    const inactive = await t.call('POST', '/v1/wallet/cards', t.shopper('phys'), { code });
    expect(inactive.json().code).toBe('code_not_redeemable');
    const created = await t.call('POST', '/v1/giftcard-orders', await t.as('integration'), {
      buyer: { kind: 'company', name: 'Shop counter' },
      currency: 'CNY',
      payment_method: 'cash',
      lines: [{ product_id: product.id, face: 10_000, price: 9_500, quantity: 1 }],
    });
    const paid = await t.call('POST', `/v1/giftcard-orders/${created.json().id}/pay`, await t.as('integration'), { payment_reference: 'till-1', card_numbers: [number] });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json().issued_cards[0]).toMatchObject({ number, state: 'active', available: 10_000 });
    expect(paid.json().issued_cards[0].code).toBeUndefined();
    const redeemed = await t.call('POST', '/v1/wallet/cards', t.shopper('phys'), { code });
    expect([redeemed.statusCode, redeemed.json().balance]).toEqual([200, 10_000]);
    await t.verify();
  });

  it('issues promotional cards into wallets only after both reviews, funded by the promotion expense', async () => {
    const product = await t.product();
    const asked = await t.call('POST', '/v1/giftcard-promotions', await t.as('operations'), { product_id: product.id, face: 10_000, recipient_shopper_ids: ['p1', 'p2'], reason: 'launch' });
    expect(asked.statusCode, asked.body).toBe(201);
    expect((await t.call('GET', '/v1/wallet/cards', t.shopper('p1'))).json().items).toEqual([]);
    await approve(asked.json().id);
    await work();
    await work();
    const wallet = (await t.call('GET', '/v1/wallet/cards', t.shopper('p1'))).json().items;
    expect(wallet).toHaveLength(1);
    expect(wallet[0]).toMatchObject({ balance: 10_000 });
    expect(await cardBalance(db(), wallet[0].id)).toMatchObject({ posted: 10_000 });
    const transfer = await t.call('GET', `/v1/ledger/transfers/giftcard:promotion:${asked.json().id}:${wallet[0].id}`, await t.as('finance'));
    expect(transfer.json()).toMatchObject({ debit_account_id: 'giftcards:promotion:CNY', code: 'giftcard.promotion', amount: 10_000 });
    const returned = await t.call('POST', `/v1/giftcards/${wallet[0].id}/return`, await t.as('customer_service'), { reason: 'x' });
    expect([returned.statusCode, returned.json().code]).toEqual([422, 'giftcard_return_not_allowed']);
    await t.verify();
  });
});
