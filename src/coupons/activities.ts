import { randomBytes } from 'node:crypto';
import type { CouponCondition, CouponScope } from '../checkout/ports.js';
import type { Tx } from '../db/database.js';
import { problem } from '../errors.js';
import { uuidv7 } from '../ids.js';
import { recordAudit } from '../platform/audit.js';
import { assertCategoriesExist, assertMerchantsExist } from '../platform/catalog.js';
import type { Actor } from '../platform/principal.js';
import { type ActivityRow, type ItemRow, requireActivity } from './activities.repo.js';
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
  /** Auto-issue only: also give coupons to shoppers synced after publication. */
  include_later?: boolean;
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

interface Checked {
  fields: Pick<ActivityRow, 'budget_id' | 'merchant_id' | 'name' | 'description' | 'method' | 'starts_at' | 'ends_at' | 'audience' | 'include_later'>;
  items: Omit<ItemRow, 'id' | 'activity_id' | 'link_token'>[];
}

async function checkActivity(tx: Tx, input: ActivityInput, actor: Actor, now: Date): Promise<Checked> {
  const budget = await budgetFor(tx, input.budget_id, actor);
  const window = checkWindow(input.method, { startsAt: input.starts_at ?? null, endsAt: input.ends_at ?? null });
  if (window.endsAt !== null && Date.parse(window.endsAt) <= now.getTime()) throw problem('coupon_activity_window_invalid', 'the window has already ended');
  const audience = checkAudience(input.audience);
  if (input.coupons.length < 1 || input.coupons.length > MAX_ITEMS_PER_ACTIVITY) {
    throw problem('validation_failed', `an activity has 1 to ${MAX_ITEMS_PER_ACTIVITY} coupons`);
  }
  const items = [];
  for (const [index, item] of input.coupons.entries()) items.push(await checkItem(tx, budget.id, budget.merchant_id, item, index));
  return {
    fields: {
      budget_id: budget.id,
      merchant_id: budget.merchant_id,
      name: input.name,
      description: input.description ?? '',
      method: input.method,
      starts_at: window.startsAt,
      ends_at: window.endsAt,
      audience: JSON.stringify(audience),
      include_later: input.method === 'auto' && input.include_later ? 1 : 0,
    },
    items,
  };
}

const withIds = (activityId: string, items: Checked['items']): ItemRow[] => items.map((item) => ({ ...item, id: uuidv7(), activity_id: activityId, link_token: newLinkToken() }));

const auditItems = (items: readonly ItemRow[]) => items.map(({ link_token: _t, ...rest }) => rest);

export async function createActivity(tx: Tx, input: ActivityInput, actor: Actor, now: Date): Promise<{ activity: ActivityRow; items: ItemRow[] }> {
  const checked = await checkActivity(tx, input, actor, now);
  const at = now.toISOString();
  const activity: ActivityRow = {
    id: uuidv7(),
    ...checked.fields,
    state: 'draft',
    submission: 0,
    approval_id: null,
    published_at: null,
    ended_at: null,
    created_by: actor.principal.id,
    created_at: at,
    updated_at: at,
  };
  const items = withIds(activity.id, checked.items);
  await tx.q.insertInto('coupon_activities').values(activity).execute();
  await tx.q.insertInto('coupon_activity_items').values(items).execute();
  await recordAudit(tx, actor, { action: 'coupon.activity.create', entityType: 'coupon_activity', entityId: activity.id, after: { ...activity, coupons: auditItems(items) } }, now);
  return { activity, items };
}

/** Replaces a draft's (or a rejected activity's) definition; it becomes a draft again. */
export async function updateActivity(tx: Tx, activityId: string, input: ActivityInput, actor: Actor, now: Date): Promise<{ activity: ActivityRow; items: ItemRow[] }> {
  const before = await requireActivity(tx, activityId, true);
  await budgetFor(tx, before.budget_id, actor);
  if (before.state !== 'draft' && before.state !== 'rejected') throw problem('coupon_activity_not_editable', `the activity is ${before.state}`);
  if (input.budget_id !== before.budget_id) throw problem('coupon_budget_mismatch', 'an activity stays with its budget');
  const checked = await checkActivity(tx, input, actor, now);
  const activity: ActivityRow = { ...before, ...checked.fields, state: 'draft', updated_at: now.toISOString() };
  const items = withIds(activity.id, checked.items);
  await tx.q.updateTable('coupon_activities').set({ ...checked.fields, state: 'draft', updated_at: activity.updated_at }).where('id', '=', activityId).execute();
  await tx.q.deleteFrom('coupon_activity_items').where('activity_id', '=', activityId).execute();
  await tx.q.insertInto('coupon_activity_items').values(items).execute();
  await recordAudit(tx, actor, { action: 'coupon.activity.update', entityType: 'coupon_activity', entityId: activityId, before: { state: before.state }, after: { ...activity, coupons: auditItems(items) } }, now);
  return { activity, items };
}
