import { checkoutModule } from '../../src/checkout/checkout.module.js';
import type { Config } from '../../src/config.js';
import { type Db, transaction } from '../../src/db/database.js';
import { getAccount } from '../../src/ledger/ledger.js';
import { MODULES } from '../../src/modules.js';
import { upsertMerchant } from '../../src/platform/catalog.js';
import { mintShopperToken } from '../../src/platform/shopper-token.js';
import { type TestApp, testApp } from '../support/app.js';
import { TestCards, TestCoupons } from './doubles.js';

export const SHOPPER_SECRET = 'checkout-test-shopper-secret-0123456789abcdef';
export const LOCK_TIMEOUT_S = 600;

export interface CheckoutTest {
  t: TestApp;
  cards: TestCards;
  coupons: TestCoupons;
  integration: Record<string, string>;
  /** Headers of the storefront acting for one shopper. */
  shopper(id: string): Record<string, string>;
  /** credits − debits (posted) of a ledger account, 0 when it does not exist. */
  balance(id: string): Promise<number>;
}

/** The real app with the checkout built on the test-only port doubles; merchants shop-a … shop-c exist. */
export async function checkoutTest(db: Db, overrides: Partial<Config> = {}): Promise<CheckoutTest> {
  const cards = new TestCards();
  const coupons = new TestCoupons();
  const modules = [...MODULES.filter((m) => m.name !== 'checkout'), checkoutModule({ cards, coupons })];
  const t = await testApp(db, { shopperTokenSecret: SHOPPER_SECRET, checkoutLockTimeoutS: LOCK_TIMEOUT_S, ...overrides }, undefined, modules);
  await transaction(db, async (tx) => {
    for (const id of ['shop-a', 'shop-b', 'shop-c']) await upsertMerchant(tx, { id, name: id }, new Date('2026-01-01T00:00:00Z'));
  });
  return {
    t,
    cards,
    coupons,
    integration: await t.as('integration'),
    shopper: (id) => ({ 'x-shopper-token': mintShopperToken(SHOPPER_SECRET, { shopperId: id, ttlS: 3600 }, t.clock.now()) }),
    balance: async (id) => {
      const a = await getAccount(db, id);
      return a ? a.credits_posted - a.debits_posted : 0;
    },
  };
}
