import type { Module } from '../module.js';
import { activityRoutes } from './activities.routes.js';
import { couponApprovalKinds } from './approval-kinds.js';
import { budgetRoutes } from './budgets.routes.js';
import { expireCoupons, remindExpiring } from './expiry.js';
import { JOB_AUTO_ISSUE, JOB_CODES, JOB_END, JOB_START } from './lifecycle.js';
import { autoIssueJob, codesJob, endJob, startJob } from './jobs.js';
import { shopperCouponRoutes } from './shopper.routes.js';
import { verifyActivities, verifyClaims, verifyTemplates } from './verify.js';

export const couponsModule: Module = {
  name: 'coupons',
  routes: [
    { prefix: '/v1', plugin: budgetRoutes },
    { prefix: '/v1', plugin: activityRoutes },
    { prefix: '/v1', plugin: shopperCouponRoutes },
  ],
  approvalKinds: couponApprovalKinds,
  jobKinds: { [JOB_START]: startJob, [JOB_END]: endJob, [JOB_AUTO_ISSUE]: autoIssueJob, [JOB_CODES]: codesJob },
  sweeps: [
    { name: 'coupons.expire', everyMs: 60_000, run: expireCoupons },
    { name: 'coupons.remind-expiring', everyMs: 300_000, run: remindExpiring },
  ],
  checks: [
    { name: 'coupon templates', run: verifyTemplates },
    { name: 'coupon activities', run: verifyActivities },
    { name: 'coupon claims', run: verifyClaims },
  ],
};
