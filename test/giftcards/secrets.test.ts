import { expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { transaction } from '../../src/db/database.js';
import { PROFILE_DEFAULTS } from '../../src/giftcards/profiles.js';
import { buildApp } from '../../src/http/app.js';
import { createApiKey } from '../../src/platform/api-keys.js';
import { mintShopperToken } from '../../src/platform/shopper-token.js';
import { describeEachDb } from '../support/databases.js';
import { CODE_SECRET, SHOPPER_SECRET } from './support.js';
import { cardProductInput } from '../support/giftcard-products.js';

const ID_NUMBER = '310104198801017777';

describeEachDb('gift card secrets never reach logs, errors or later answers', ({ db }) => {
  it('keeps codes and ID numbers out of trace logs and every later answer', async () => {
    const lines: string[] = [];
    const stream = { write: (line: string) => void lines.push(line) };
    const base = loadConfig({});
    const config = { ...base, shopperTokenSecret: SHOPPER_SECRET, giftcards: { ...base.giftcards, profile: PROFILE_DEFAULTS['cn-prepaid'], codeSecret: CODE_SECRET } };
    const clock = new ManualClock('2026-03-01T00:00:00.000Z');
    const app = await buildApp(config, { db: db(), clock, logger: { level: 'trace', stream } });
    await app.ready();
    const key = async (role: 'operations' | 'integration' | 'customer_service') =>
      ({ authorization: `Bearer ${(await transaction(db(), (tx) => createApiKey(tx, { name: `log ${role}`, role, merchantId: null }, 'test', clock.now()))).secret}` });
    const ops = await key('operations');
    const integration = await key('integration');
    const cs = await key('customer_service');
    const product = await app.inject({
      method: 'POST',
      url: '/v1/giftcard-products',
      headers: ops,
      payload: cardProductInput({ name: { 'zh-CN': '记名卡', en: 'Named' }, denominations: [{ face: 10_000, price: 10_000 }], validity: { kind: 'none' }, named: true }),
    });
    const order = await app.inject({
      method: 'POST',
      url: '/v1/giftcard-orders',
      headers: integration,
      payload: { buyer: { kind: 'shopper', shopper_id: 'log-buyer' }, currency: 'CNY', payment_method: 'online', lines: [{ product_id: product.json().id, face: 10_000, price: 10_000, quantity: 1 }], identity: { name: '王五', id_type: 'resident_id', id_number: ID_NUMBER } },
    });
    expect(order.statusCode, order.body).toBe(201);
    const paid = await app.inject({ method: 'POST', url: `/v1/giftcard-orders/${order.json().id}/pay`, headers: integration, payload: { payment_reference: 'p' } });
    const card = paid.json().issued_cards[0];
    const code = card.code as string;
    const compact = code.replace(/ /g, '');
    const shopper = { 'x-shopper-token': mintShopperToken(SHOPPER_SECRET, { shopperId: 'log-buyer' }, clock.now()) };
    const later = [
      await app.inject({ method: 'POST', url: '/v1/wallet/cards', headers: shopper, payload: { code } }),
      await app.inject({ method: 'POST', url: '/v1/wallet/cards', headers: shopper, payload: { code: `${compact.slice(0, 20)}0000000` } }),
      await app.inject({ method: 'POST', url: '/v1/wallet/card-balance', headers: shopper, payload: { code: compact } }),
      await app.inject({ url: '/v1/wallet/cards', headers: shopper }),
      await app.inject({ url: `/v1/giftcards/${card.id}`, headers: cs }),
      await app.inject({ url: `/v1/giftcards/${card.id}/history`, headers: cs }),
      await app.inject({ url: `/v1/giftcard-orders/${order.json().id}`, headers: integration }),
      await app.inject({ method: 'POST', url: `/v1/giftcard-orders/${order.json().id}/pay`, headers: integration, payload: { payment_reference: 'p' } }),
    ];
    expect(later[0]?.statusCode).toBe(200);
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    for (const secret of [code, compact, ID_NUMBER, CODE_SECRET]) {
      expect(log.includes(secret), `log contains ${secret.slice(0, 4)}…`).toBe(false);
      for (const res of later) expect(res.body.includes(secret), 'an answer contains a secret').toBe(false);
    }
    const stored = JSON.stringify(await db().q.selectFrom('giftcards').selectAll().where('id', '=', card.id).execute()) + JSON.stringify(await db().q.selectFrom('audit_log').selectAll().execute()) + JSON.stringify(await db().q.selectFrom('events').selectAll().execute());
    expect(stored.includes(compact)).toBe(false);
    expect(stored.includes(ID_NUMBER)).toBe(false);
    await app.close();
  });
});
