import type { Server } from './harness.js';
import { cardProductInput } from '../support/giftcard-products.js';

/**
 * Sets up what the storefront flow needs through the public API, as the platform's staff
 * would: a funded coupon budget, a template and a running claim activity (each through first
 * and final review by two other people), and a gift card sold to a company with its code.
 */
export interface Commerce {
  budgetId: string;
  templateId: string;
  activityId: string;
  productId: string;
  cardCode: string;
  cardId: string;
  /** The reference reconciliation knows the gift card sale's payment by (the sale carries the order id). */
  paymentReference: string;
  keys: { admin: string; ops: string; reviewer: string; finance: string; financeReviewer: string };
}

export async function setUpCommerce(server: Server): Promise<Commerce> {
  const [admin, ops, reviewer, finance, financeReviewer] = await Promise.all([server.key('admin'), server.key('operations'), server.key('operations'), server.key('finance'), server.key('finance')]);
  const approve = async (id: string, final = financeReviewer) => {
    await server.call(reviewer, 'POST', `/v1/approvals/${id}/approve`, { comment: 'checked' });
    await server.call(final, 'POST', `/v1/approvals/${id}/approve`, {});
  };
  const budget = await server.call<{ id: string }>(finance, 'POST', '/v1/coupon-budgets', { owner: 'platform', name: 'Spring budget' });
  const fund = await server.call<{ id: string }>(finance, 'POST', `/v1/coupon-budgets/${budget.id}/fund`, { amount: 1_000_000 });
  await approve(fund.id);
  const template = await server.call<{ template: { id: string }; approval: { id: string } }>(ops, 'POST', '/v1/coupon-templates', {
    budget_id: budget.id,
    name_zh: '满300减30',
    name_en: '¥30 off ¥300',
    type: 'amount_off',
    amount: 3_000,
    quantity: 100,
  });
  await approve(template.approval.id, finance);
  const activity = await server.call<{ id: string }>(ops, 'POST', '/v1/coupon-activities', {
    budget_id: budget.id,
    name: 'Spring tea festival',
    method: 'claim',
    starts_at: new Date(Date.now() - 60_000).toISOString(),
    ends_at: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    audience: { kind: 'all' },
    coupons: [{ template_id: template.template.id, quantity: 50, per_user_limit: 1, validity: { kind: 'days', days: 30 }, condition: { kind: 'min_spend', amount: 30_000 }, scope: { kind: 'all' } }],
  });
  const submitted = await server.call<{ id: string }>(ops, 'POST', `/v1/coupon-activities/${activity.id}/submit`, undefined);
  await approve(submitted.id, finance);

  const product = await server.call<{ id: string }>(
    ops,
    'POST',
    '/v1/giftcard-products',
    cardProductInput({ name: { 'zh-CN': '通用礼品卡', en: 'Scrip gift card' }, category: 'gift-cards' }),
  );
  const order = await server.call<{ id: string }>(finance, 'POST', '/v1/giftcard-orders', {
    buyer: { kind: 'company', name: 'Acme Ltd' },
    currency: 'CNY',
    payment_method: 'bank_transfer',
    lines: [{ product_id: product.id, face: 10_000, price: 9_500, quantity: 1 }],
  });
  const paid = await server.call<{ issued_cards: { id: string; code?: string }[] }>(finance, 'POST', `/v1/giftcard-orders/${order.id}/pay`, { payment_reference: `bank-${order.id}` });
  const card = paid.issued_cards[0];
  if (!card?.code) throw new Error('the sold card came without its code');
  return { paymentReference: `bank-${order.id}`, budgetId: budget.id, templateId: template.template.id, activityId: activity.id, productId: product.id, cardCode: card.code, cardId: card.id, keys: { admin, ops, reviewer, finance, financeReviewer } };
}
