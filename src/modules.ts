import type { Module } from './module.js';
import { demoModule } from './demo/demo.module.js';
import { ledgerModule } from './ledger/ledger.module.js';
import { platformModule } from './platform/platform.module.js';
import { recordsModule } from './platform/records.module.js';
import { webhooksModule } from './webhooks/webhooks.module.js';
import { checkoutModule } from './checkout/checkout.module.js';
import { NO_PAYMENTS } from './checkout/no-payments.js';

/** Every domain of Scrip, in dependency order. */
export const MODULES: readonly Module[] = [
  ledgerModule,
  platformModule,
  recordsModule,
  webhooksModule,
  // gift cards
  // coupons
  // checkout: replace NO_PAYMENTS with { cards: <gift card CardPayments>, coupons: <coupon CouponPayments> }
  checkoutModule(NO_PAYMENTS),
  // settlement
  demoModule,
];
