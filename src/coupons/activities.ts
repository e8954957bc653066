import { randomBytes } from 'node:crypto';
import type { CouponCondition, CouponScope } from '../checkout/ports.js';
import type { Tx } from '../db/database.js';
import { problem } from '../errors.js';
import { uuidv7 } from '../ids.js';
import { recordAudit } from '../platform/audit.js';
import { assertCategoriesExist, assertMerchantsExist } from '../platform/catalog.js';
import type { Actor } from '../platform/principal.js';
import type { ActivityRow, ItemRow } from './activities.repo.js';
import { type Audience, checkAudience } from './audience.js';
import { budgetFor } from './budgets.js';
import { requireTemplate } from './templates.repo.js';
import { MAX_ITEMS_PER_ACTIVITY, MAX_QUANTITY, type Validity, checkCondition, checkScope, checkValidity, checkWindow } from './values.js';

/** Creating an activity (a draft): every rule is checked here, before anything is stored. */

export type Method = ActivityRow['method'];

export interface ItemInput {
  template_id: string;
  quantity: number;
  per_user_limit: number;
  validity: Validity;
  condition: CouponCondition;
  scope: CouponScope;
}

export interface ActivityInput {
  budget_id: string;
  name: string;
  description?: string;
  method: Method;
  starts_at?: string | null;
  ends_at?: string | null;
  audience: Audience;
  coupons: ItemInput[];
}

/** An unguessable claim-link token (128 random bits). */
export function newLinkToken(): string {
  return randomBytes(16).toString('base64url');
}

async function checkItem(tx: Tx, budgetId: string, merchantId: string | null, input: ItemInput, index: number): Promise<Omit<ItemRow, 'id' | 'activity_id' | 'link_token'>> {
  const template = await requireTemplate(tx, input.template_id);
  if (template.budget_id !== budgetId) throw problem('coupon_budget_mismatch', `coupons/${index}: the template belongs to another budget`);
  if (template.state !== 'active') throw problem('coupon_template_not_active', `coupons/${index}: template ${template.id} is ${template.state}`);
  if (!Number.isSafeInteger(input.quantity) || input.quantity < 1 || input.quantity > MAX_QUANTITY) {
    throw problem('coupon_value_invalid', `coupons/${index}: quantity must be from 1 to ${MAX_QUANTITY}`);
  }
  if (input.quantity > template.stock) throw problem('coupon_stock_insufficient', `coupons/${index}: the template has ${template.stock} left`);
  if (!Number.isSafeInteger(input.per_user_limit) || input.per_user_limit < 1) throw problem('coupon_per_user_limit_invalid');
  if (input.per_user_limit > input.quantity) throw problem('coupon_per_user_limit_invalid', 'the per-user limit is larger than the quantity');
  const validity = checkValidity(input.validity);
  const condition = checkCondition(input.condition, template.type);
  const scope = checkScope(input.scope, merchantId);
  if (scope.kind === 'merchants') await assertMerchantsExist(tx, scope.ids);
  if (scope.kind === 'categories') await assertCategoriesExist(tx, scope.ids);
  await assertCategoriesExist(tx, scope.excludeCategories);
  return {
    position: index,
    template_id: template.id,
    quantity: input.quantity,
    issued: 0,
    returned: 0,
    per_user_limit: input.per_user_limit,
    validity: JSON.stringify(validity),
    condition: JSON.stringify(condition),
    scope: JSON.stringify(merchantId !== null && scope.kind === 'all' ? { ...scope, kind: 'merchants', ids: [merchantId] } : scope),
    closed_at: null,
  };
}

export async function createActivity(tx: Tx, input: ActivityInput, actor: Actor, now: Date): Promise<{ activity: ActivityRow; items: ItemRow[] }> {
  const budget = await budgetFor(tx, input.budget_id, actor);
  const window = checkWindow(input.method, { startsAt: input.starts_at ?? null, endsAt: input.ends_at ?? null });
  if (window.endsAt !== null && Date.parse(window.endsAt) <= now.getTime()) throw problem('coupon_activity_window_invalid', 'the window has already ended');
  const audience = checkAudience(input.audience);
  if (input.coupons.length < 1 || input.coupons.length > MAX_ITEMS_PER_ACTIVITY) {
    throw problem('validation_failed', `an activity has 1 to ${MAX_ITEMS_PER_ACTIVITY} coupons`);
  }
  const at = now.toISOString();
  const activity: ActivityRow = {
    id: uuidv7(),
    budget_id: budget.id,
    merchant_id: budget.merchant_id,
    name: input.name,
    description: input.description ?? '',
    method: input.method,
    starts_at: window.startsAt,
    ends_at: window.endsAt,
    audience: JSON.stringify(audience),
    state: 'draft',
    submission: 0,
    approval_id: null,
    published_at: null,
    ended_at: null,
    created_by: actor.principal.id,
    created_at: at,
    updated_at: at,
  };
  const items: ItemRow[] = [];
  for (const [index, item] of input.coupons.entries()) {
    const checked = await checkItem(tx, budget.id, budget.merchant_id, item, index);
    items.push({ ...checked, id: uuidv7(), activity_id: activity.id, link_token: newLinkToken() });
  }
  await tx.q.insertInto('coupon_activities').values(activity).execute();
  await tx.q.insertInto('coupon_activity_items').values(items).execute();
  await recordAudit(tx, actor, { action: 'coupon.activity.create', entityType: 'coupon_activity', entityId: activity.id, after: { ...activity, coupons: items.map(({ link_token: _t, ...rest }) => rest) } }, now);
  return { activity, items };
}
