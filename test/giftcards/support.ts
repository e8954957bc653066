import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { type Config, loadConfig } from '../../src/config.js';
import { type Db, transaction } from '../../src/db/database.js';
import { PROFILE_DEFAULTS, type ProfileName } from '../../src/giftcards/profiles.js';
import { upsertMerchant } from '../../src/platform/catalog.js';
import { mintShopperToken } from '../../src/platform/shopper-token.js';
import { verifyAll } from '../../src/verify.js';
import { type TestApp, testApp } from '../support/app.js';
import { cardProductInput } from '../support/giftcard-products.js';

/** A gift card test app: a profile, merchants m-1…m-3, and helpers to sell and redeem cards. */

export const SHOPPER_SECRET = 'giftcards-test-shopper-secret-0123456789abcdef';
export const CODE_SECRET = 'giftcards-test-code-secret-0123456789abcdefghij';

export interface GiftcardTestApp extends TestApp {
  db: Db;
  call(method: 'GET' | 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload?: object): Promise<LightMyRequestResponse>;
  shopper(id: string): Record<string, string>;
  product(overrides?: Record<string, unknown>): Promise<{ id: string }>;
  sell(productId: string, options?: { face?: number; price?: number; quantity?: number; shopperId?: string; buyer?: object; identity?: object; payment_method?: string }): Promise<{ orderId: string; cards: IssuedCard[] }>;
  verify(): Promise<void>;
}

export interface IssuedCard {
  id: string;
  number: string;
  code: string;
  face: number;
  available: number;
  expires_at: string | null;
}

let n = 0;

export async function giftcardApp(db: Db, profile: ProfileName = 'default', overrides: Partial<Config> = {}): Promise<GiftcardTestApp> {
  const defaults = loadConfig({}).giftcards;
  const config = {
    shopperTokenSecret: SHOPPER_SECRET,
    ...overrides,
    giftcards: { ...defaults, profile: PROFILE_DEFAULTS[profile], codeSecret: CODE_SECRET, ...(overrides.giftcards ?? {}) },
  };
  const t = await testApp(db, config, new ManualClock('2026-03-01T00:00:00.000Z'));
  const now = t.clock.now();
  await transaction(db, async (tx) => {
    for (const id of ['m-1', 'm-2', 'm-3']) await upsertMerchant(tx, { id, name: id }, now);
  });
  const call: GiftcardTestApp['call'] = (method, url, headers, payload) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  return {
    ...t,
    db,
    call,
    shopper: (id) => ({ 'x-shopper-token': mintShopperToken(SHOPPER_SECRET, { shopperId: id }, t.clock.now()) }),
    async product(overrides = {}) {
      const body = cardProductInput({ id: `p-${++n}`, ...overrides });
      const res = await call('POST', '/v1/giftcard-products', await t.as('operations'), body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string };
    },
    async sell(productId, options = {}) {
      const face = options.face ?? 10_000;
      const created = await call('POST', '/v1/giftcard-orders', await t.as('integration'), {
        buyer: options.buyer ?? { kind: 'shopper', shopper_id: options.shopperId ?? 'buyer-1' },
        currency: 'CNY',
        payment_method: options.payment_method ?? 'online',
        lines: [{ product_id: productId, face, price: options.price ?? (face === 10_000 ? 9_500 : face), quantity: options.quantity ?? 1 }],
        ...(options.identity ? { identity: options.identity } : {}),
      });
      expect(created.statusCode, created.body).toBe(201);
      const orderId = created.json().id as string;
      const paid = await call('POST', `/v1/giftcard-orders/${orderId}/pay`, await t.as('integration'), { payment_reference: `pay-${orderId}` });
      expect(paid.statusCode, paid.body).toBe(200);
      return { orderId, cards: paid.json().issued_cards as IssuedCard[] };
    },
    async verify() {
      const report = await verifyAll(db);
      expect(report.summary).toMatch(/^verify ok/);
    },
  };
}
