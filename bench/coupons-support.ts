import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createActivity } from '../src/coupons/activities.js';
import { createBudget, requestBudgetMove } from '../src/coupons/budgets.js';
import { submitActivity } from '../src/coupons/lifecycle.js';
import { createTemplate } from '../src/coupons/templates.js';
import { type Db, transaction } from '../src/db/database.js';
import { type AppContext, makeContext } from '../src/http/context.js';
import { MODULES } from '../src/modules.js';
import { createApiKey } from '../src/platform/api-keys.js';
import { decideApproval } from '../src/platform/approvals.js';
import type { Actor, Role } from '../src/platform/principal.js';

/** Sets up a running claim activity through the domain functions (approvals included) for the claims bench. */

const actor = (id: string, role: Role): Actor => ({ principal: { kind: 'staff', id, role }, requestId: null, ip: null, channel: 'cli' });
const MAKER = actor('staff:bench-maker', 'operations');
const FINANCE = actor('staff:bench-finance', 'finance');
const REVIEWER = actor('staff:bench-reviewer', 'operations');
const FINAL = actor('staff:bench-final', 'finance');

async function approve(ctx: AppContext, id: string): Promise<void> {
  await transaction(ctx.db, (tx) => decideApproval(tx, ctx.approvalKinds, id, 'approve', null, REVIEWER, new Date()));
  await transaction(ctx.db, (tx) => decideApproval(tx, ctx.approvalKinds, id, 'approve', null, FINAL, new Date()));
}

/** A platform budget, one no-threshold template and a running claim activity of `stock` coupons, limit 1. */
export async function claimSetup(db: Db, stock: number): Promise<{ itemId: string; activityId: string; storefrontKey: string }> {
  const ctx = makeContext(loadConfig({}), db, systemClock, MODULES);
  const now = new Date();
  const budget = await transaction(db, (tx) => createBudget(tx, { owner: 'platform', name: 'bench', currency: 'CNY' }, FINANCE, now));
  const fund = await transaction(db, (tx) => requestBudgetMove(ctx, tx, budget.id, 'fund', stock * 100, null, FINANCE, now));
  await approve(ctx, fund.id);
  const template = await transaction(db, (tx) => createTemplate(ctx, tx, budget.id, { name_zh: '券', name_en: 'Coupon', type: 'no_threshold', amount: 100, quantity: stock }, MAKER, now));
  await approve(ctx, template.approval.id);
  const created = await transaction(db, (tx) =>
    createActivity(
      tx,
      {
        budget_id: budget.id,
        name: 'bench',
        method: 'claim',
        starts_at: new Date(now.getTime() - 60_000).toISOString(),
        ends_at: new Date(now.getTime() + 3_600_000).toISOString(),
        audience: { kind: 'all' },
        coupons: [{ template_id: template.template.id, quantity: stock, per_user_limit: 1, validity: { kind: 'days', days: 7 }, condition: { kind: 'none' }, scope: { kind: 'all', ids: [], excludeSkus: [], excludeCategories: [] } }],
      },
      MAKER,
      now,
    ),
  );
  const publication = await transaction(db, (tx) => submitActivity(ctx, tx, created.activity.id, MAKER, now));
  await approve(ctx, publication.id);
  const key = await transaction(db, (tx) => createApiKey(tx, { name: 'bench storefront', role: 'storefront', merchantId: null }, 'bench', now));
  return { itemId: created.items[0]?.id as string, activityId: created.activity.id, storefrontKey: key.secret };
}
