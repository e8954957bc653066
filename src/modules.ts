import type { Module } from './module.js';
import { ledgerModule } from './ledger/ledger.module.js';
import { platformModule } from './platform/platform.module.js';

/** Every domain of Scrip, in dependency order. */
export const MODULES: readonly Module[] = [
  ledgerModule,
  platformModule,
  // gift cards
  // coupons
  // checkout
  // settlement
];
