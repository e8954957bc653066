import type { Module } from '../module.js';
import { batchApprovalKind, generateBatchJob } from './batches.repo.js';
import { cardRoutes } from './cards.routes.js';
import { holdRoutes } from './holds.routes.js';
import { giftcardChecks } from './checks.js';
import { expireDueCards, extensionKind, reactivationKind, sendReminders } from './expiry.repo.js';
import { issuanceRoutes } from './issuance.routes.js';
import { orderRoutes } from './orders.routes.js';
import { productRoutes } from './products.routes.js';
import { shopperOrderRoutes } from './shopper-orders.routes.js';
import { issuePromotionJob, promotionApprovalKind } from './promotions.repo.js';
import { walletRoutes } from './wallet.routes.js';

export const giftcardsModule: Module = {
  name: 'giftcards',
  routes: [
    { prefix: '/v1', plugin: productRoutes },
    { prefix: '/v1', plugin: orderRoutes },
    { prefix: '/v1', plugin: shopperOrderRoutes },
    { prefix: '/v1', plugin: cardRoutes },
    { prefix: '/v1', plugin: issuanceRoutes },
    { prefix: '/v1', plugin: walletRoutes },
    { prefix: '/v1', plugin: holdRoutes },
  ],
  approvalKinds: {
    'giftcard.reactivate': reactivationKind,
    'giftcard.extend': extensionKind,
    'giftcard.batch': batchApprovalKind,
    'giftcard.promotion': promotionApprovalKind,
  },
  jobKinds: {
    'giftcard.batch-generate': generateBatchJob,
    'giftcard.promotion-issue': issuePromotionJob,
  },
  checks: giftcardChecks,
  sweeps: [
    { name: 'giftcards.expire', everyMs: 60_000, run: expireDueCards },
    { name: 'giftcards.reminders', everyMs: 60_000, run: sendReminders },
  ],
};
