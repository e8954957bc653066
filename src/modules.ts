import type { Module } from './module.js';
import { couponsModule } from './coupons/coupons.module.js';
import { demoModule } from './demo/demo.module.js';
import { giftcardsModule } from './giftcards/giftcards.module.js';
import { ledgerModule } from './ledger/ledger.module.js';
import { platformModule } from './platform/platform.module.js';
import { recordsModule } from './platform/records.module.js';
import { webhooksModule } from './webhooks/webhooks.module.js';
import { settlementModule } from './settlement/settlement.module.js';
import { checkoutModule } from './checkout/checkout.module.js';
import { PAYMENT_SOURCES } from './checkout/payment-sources.js';

/** Every domain of Scrip, in dependency order. */
export const MODULES: readonly Module[] = [
  ledgerModule,
  platformModule,
  recordsModule,
  webhooksModule,
  // gift cards
  giftcardsModule,
  // coupons
  couponsModule,
  // checkout
  checkoutModule(PAYMENT_SOURCES),
  // settlement
  settlementModule,
  demoModule,
];
