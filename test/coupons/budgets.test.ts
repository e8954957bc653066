import { afterAll, beforeAll, expect, it } from 'vitest';
import { budgetAvailable, templateFrozen } from '../../src/coupons/accounts.js';
import { describeEachDb } from '../support/databases.js';
import { type CouponHarness, couponHarness, ok } from './harness.js';

describeEachDb('coupon budgets and templates', ({ db }) => {
  let h: CouponHarness;
  beforeAll(async () => {
    h = await couponHarness(db());
  });
  afterAll(async () => h.t.app.close());

  const statement = async (budgetId: string) => ok(await h.call('GET', `/v1/coupon-budgets/${budgetId}`, await h.finance()), 200).statement as Record<string, number>;

  it('funds through two-stage approval, holding nothing spendable until approved', async () => {
    const finance = await h.finance();
    const budget = ok(await h.call('POST', '/v1/coupon-budgets', finance, { owner: 'platform', name: 'Platform' }), 201);
    const request = ok(await h.call('POST', `/v1/coupon-budgets/${budget.id}/fund`, finance, { amount: 100_000 }), 202);
    expect(await statement(String(budget.id))).toMatchObject({ funded: 0, available: 0, pending_in: 100_000 });
    await h.approve(String(request.id));
    expect(await statement(String(budget.id))).toMatchObject({ funded: 100_000, available: 100_000, pending_in: 0 });
    const withdraw = ok(await h.call('POST', `/v1/coupon-budgets/${budget.id}/withdraw`, finance, { amount: 30_000 }), 202);
    expect(await statement(String(budget.id))).toMatchObject({ available: 70_000, pending_out: 30_000 });
    const tooMuch = await h.call('POST', `/v1/coupon-budgets/${budget.id}/withdraw`, finance, { amount: 70_001 });
    expect([tooMuch.statusCode, tooMuch.json().code]).toEqual([422, 'coupon_budget_insufficient']);
    await h.approve(String(withdraw.id));
    expect(await statement(String(budget.id))).toMatchObject({ funded: 70_000, available: 70_000, pending_out: 0 });
    await h.verify();
  });

  it('holds a template’s value while it waits, freezes it on approval, releases it on rejection', async () => {
    const budgetId = await h.budget(50_000);
    const ops = await h.ops();
    const created = ok(await h.call('POST', '/v1/coupon-templates', ops, { budget_id: budgetId, name_zh: '满100减20', name_en: '20 off 100', type: 'amount_off', amount: 2_000, quantity: 10 }), 202);
    const template = created.template as { id: string; state: string; stock: number };
    expect([template.state, template.stock]).toEqual(['pending', 0]);
    expect(await statement(budgetId)).toMatchObject({ available: 30_000, pending_out: 20_000 });
    await h.approve(String((created.approval as { id: string }).id));
    expect(ok(await h.call('GET', `/v1/coupon-templates/${template.id}`, ops), 200)).toMatchObject({ state: 'active', stock: 10, value: 2_000 });
    expect(await h.balance(templateFrozen(template.id))).toBe(20_000);
    expect(await statement(budgetId)).toMatchObject({ available: 30_000, frozen: 20_000, funded: 50_000 });

    const percent = ok(await h.call('POST', '/v1/coupon-templates', ops, { budget_id: budgetId, name_zh: '85折', name_en: '15% off', type: 'percent_off', percent_bp: 1500, cap: 3_000, quantity: 10 }), 202);
    expect((await statement(budgetId)).pending_out).toBe(30_000);
    await h.reject(String((percent.approval as { id: string }).id));
    expect(await statement(budgetId)).toMatchObject({ available: 30_000, pending_out: 0 });
    expect(ok(await h.call('GET', `/v1/coupon-templates/${(percent.template as { id: string }).id}`, ops), 200).state).toBe('rejected');
    await h.verify();
  });

  it('recycles unused template stock back to available through approval', async () => {
    const budgetId = await h.budget(10_000);
    const templateId = await h.template(budgetId, { type: 'no_threshold', amount: 500, quantity: 20 });
    const ops = await h.ops();
    const tooMany = await h.call('POST', `/v1/coupon-templates/${templateId}/recycle`, ops, { quantity: 21 });
    expect(tooMany.json().code).toBe('coupon_stock_insufficient');
    const request = ok(await h.call('POST', `/v1/coupon-templates/${templateId}/recycle`, ops, { quantity: 8 }), 202);
    expect(ok(await h.call('GET', `/v1/coupon-templates/${templateId}`, ops), 200).stock).toBe(12);
    await h.approve(String(request.id));
    expect(await h.balance(templateFrozen(templateId))).toBe(6_000);
    expect(await h.balance(budgetAvailable(budgetId))).toBe(4_000);
    expect(await statement(budgetId)).toMatchObject({ available: 4_000, frozen: 6_000, funded: 10_000 });
    await h.verify();
  });

  it('refuses bad templates with a clear code and changes nothing', async () => {
    const budgetId = await h.budget(10_000);
    const ops = await h.ops();
    const before = await statement(budgetId);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ type: 'amount_off', amount: 0, quantity: 1 }, 400, 'coupon_value_invalid'],
      [{ type: 'amount_off', amount: -5, quantity: 1 }, 400, 'coupon_value_invalid'],
      [{ type: 'amount_off', amount: 1.5, quantity: 1 }, 400, 'validation_failed'],
      [{ type: 'amount_off', amount: 500, cap: 400, quantity: 1 }, 400, 'coupon_value_invalid'],
      [{ type: 'percent_off', percent_bp: 1500, quantity: 1 }, 400, 'coupon_cap_required'],
      [{ type: 'percent_off', percent_bp: 0, cap: 100, quantity: 1 }, 400, 'coupon_percent_invalid'],
      [{ type: 'percent_off', percent_bp: 10_000, cap: 100, quantity: 1 }, 400, 'coupon_percent_invalid'],
      [{ type: 'amount_off', amount: 100, quantity: 0 }, 400, 'coupon_value_invalid'],
      [{ type: 'amount_off', amount: 10_000, quantity: 2 }, 422, 'coupon_budget_insufficient'],
    ];
    for (const [input, status, code] of cases) {
      const response = await h.call('POST', '/v1/coupon-templates', ops, { budget_id: budgetId, name_zh: '券', name_en: 'Coupon', ...input });
      expect([JSON.stringify(input), response.statusCode, response.json().code]).toEqual([JSON.stringify(input), status, code]);
    }
    expect(await statement(budgetId)).toEqual(before);
    const templates = await db().q.selectFrom('coupon_templates').select('id').where('budget_id', '=', budgetId).execute();
    expect(templates).toEqual([]);
  });

  it('keeps a merchant to its own budgets', async () => {
    const mine = await h.budget(5_000, 'm-1');
    const other = await h.t.as('merchant', 'm-2');
    expect((await h.call('GET', `/v1/coupon-budgets/${mine}`, other)).json().code).toBe('coupon_budget_not_found');
    expect((await h.call('POST', `/v1/coupon-budgets/${mine}/fund`, other, { amount: 1 })).json().code).toBe('coupon_budget_not_found');
    const list = ok(await h.call('GET', '/v1/coupon-budgets', other), 200).items as { id: string }[];
    expect(list.map((b) => b.id)).not.toContain(mine);
    const own = ok(await h.call('GET', '/v1/coupon-budgets', await h.t.as('merchant', 'm-1')), 200).items as { id: string }[];
    expect(own.map((b) => b.id)).toContain(mine);
  });
});
