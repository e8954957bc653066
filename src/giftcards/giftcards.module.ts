import type { Module } from '../module.js';
import { cardRoutes } from './cards.routes.js';
import { holdRoutes } from './holds.routes.js';
import { expireDueCards, reactivationKind, sendReminders } from './expiry.repo.js';
import { orderRoutes } from './orders.routes.js';
import { productRoutes } from './products.routes.js';
import { walletRoutes } from './wallet.routes.js';

export const giftcardsModule: Module = {
  name: 'giftcards',
  routes: [
    { prefix: '/v1', plugin: productRoutes },
    { prefix: '/v1', plugin: orderRoutes },
    { prefix: '/v1', plugin: cardRoutes },
    { prefix: '/v1', plugin: walletRoutes },
    { prefix: '/v1', plugin: holdRoutes },
  ],
  approvalKinds: {
    'giftcard.reactivate': reactivationKind,
  },
  sweeps: [
    { name: 'giftcards.expire', everyMs: 60_000, run: expireDueCards },
    { name: 'giftcards.reminders', everyMs: 60_000, run: sendReminders },
  ],
};
