import type { Tx } from '../db/database.js';
import { problem } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { uuidv7 } from '../ids.js';
import { submitApproval } from '../platform/approvals.js';
import type { ApprovalRequestView } from '../platform/approvals.types.js';
import { recordAudit } from '../platform/audit.js';
import type { Actor } from '../platform/principal.js';
import { ensureTemplateAccount } from './accounts.js';
import { budgetFor, withBudgetCheck } from './budgets.js';
import { type TemplateRow, giveBackStock, requireTemplate, takeStock } from './templates.repo.js';
import { type TemplateInput, templateValue } from './values.js';

/**
 * Coupon templates (基础券). Creating one asks for approval and holds quantity × value out of
 * the budget's available money; approval freezes it into the template and opens its stock.
 * Recycling unused stock (also by approval) gives its value back to available.
 */

export const TEMPLATE_CREATE_KIND = 'coupon.template_create';
export const TEMPLATE_RECYCLE_KIND = 'coupon.template_recycle';

export async function createTemplate(
  ctx: AppContext,
  tx: Tx,
  budgetId: string,
  input: TemplateInput,
  actor: Actor,
  now: Date,
): Promise<{ template: TemplateRow; approval: ApprovalRequestView }> {
  const value = templateValue(input);
  const budget = await budgetFor(tx, budgetId, actor);
  const at = now.toISOString();
  const template: TemplateRow = {
    id: uuidv7(),
    budget_id: budget.id,
    name_zh: input.name_zh,
    name_en: input.name_en,
    type: input.type,
    ...value,
    currency: budget.currency,
    quantity: input.quantity,
    stock: 0,
    state: 'pending',
    approval_id: null,
    created_by: actor.principal.id,
    created_at: at,
    updated_at: at,
  };
  await tx.q.insertInto('coupon_templates').values(template).execute();
  await ensureTemplateAccount(tx, template.id, budget.id, budget.currency, now);
  const approval = await withBudgetCheck(() =>
    submitApproval(
      tx,
      ctx.approvalKinds,
      {
        kind: TEMPLATE_CREATE_KIND,
        subject: `coupon_template:${template.id}`,
        payload: { template_id: template.id, budget_id: budget.id, amount: template.value * template.quantity, currency: budget.currency },
        merchantId: budget.merchant_id,
      },
      actor,
      now,
    ),
  );
  await tx.q.updateTable('coupon_templates').set({ approval_id: approval.id }).where('id', '=', template.id).execute();
  await recordAudit(tx, actor, { action: 'coupon.template.create', entityType: 'coupon_template', entityId: template.id, after: { ...template, approval_id: approval.id } }, now);
  return { template: { ...template, approval_id: approval.id }, approval };
}

export async function onTemplateApproved(tx: Tx, templateId: string, now: Date): Promise<void> {
  await tx.q
    .updateTable('coupon_templates')
    .set((eb) => ({ state: 'active', stock: eb.ref('quantity'), updated_at: now.toISOString() }))
    .where('id', '=', templateId)
    .where('state', '=', 'pending')
    .execute();
}

export async function onTemplateRejected(tx: Tx, templateId: string, now: Date): Promise<void> {
  await tx.q.updateTable('coupon_templates').set({ state: 'rejected', updated_at: now.toISOString() }).where('id', '=', templateId).where('state', '=', 'pending').execute();
}

/** Asks to recycle unused stock; the stock is set aside at once so nothing else can take it. */
export async function requestRecycle(ctx: AppContext, tx: Tx, templateId: string, quantity: number, actor: Actor, now: Date): Promise<ApprovalRequestView> {
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw problem('validation_failed', 'quantity must be at least 1');
  const template = await requireTemplate(tx, templateId);
  await budgetFor(tx, template.budget_id, actor);
  if (template.state !== 'active') throw problem('coupon_template_not_active');
  if (!(await takeStock(tx, template.id, quantity, now))) throw problem('coupon_stock_insufficient', `only ${template.stock} left in stock`);
  const budget = await budgetFor(tx, template.budget_id, actor);
  return submitApproval(
    tx,
    ctx.approvalKinds,
    {
      kind: TEMPLATE_RECYCLE_KIND,
      subject: `coupon_template:${template.id}`,
      payload: { template_id: template.id, budget_id: template.budget_id, quantity, amount: quantity * template.value, currency: template.currency },
      merchantId: budget.merchant_id,
    },
    actor,
    now,
  );
}

export async function onRecycleClosed(tx: Tx, templateId: string, quantity: number, now: Date): Promise<void> {
  await giveBackStock(tx, templateId, quantity, now);
}
