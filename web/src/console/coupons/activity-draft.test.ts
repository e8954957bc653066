import { describe, expect, it } from 'vitest';
import { draftProblems, emptyCoupon, emptyDraft, stepOfApiFields, toActivityInput } from './activity-draft.js';

describe('activity wizard draft', () => {
  it('complains per field, step by step', () => {
    const draft = emptyDraft();
    expect(draftProblems(draft, 'basics')).toEqual({ budget_id: 'form.required', name: 'form.required' });
    const coupon = { ...emptyCoupon(), quantity: '0', condition: 'min_spend' as const, min_spend: 'abc', scope: 'merchants' as const };
    expect(draftProblems({ ...draft, coupons: [coupon] }, 'coupons')).toEqual({
      'coupons.0.template_id': 'form.required',
      'coupons.0.quantity': 'wizard.whole_number',
      'coupons.0.min_spend': 'budgets.amount_rule',
      'coupons.0.scope_ids': 'form.required',
    });
    expect(draftProblems({ ...draft, starts_on: '2026-03-05', ends_on: '2026-03-01' }, 'window')).toEqual({ ends_on: 'wizard.ends_before_starts' });
  });

  it('keeps the quantity within the template stock and the per-shopper limit within the quantity', () => {
    const stockOf = (id: string) => (id === 't1' ? 300 : undefined);
    const draft = { ...emptyDraft('b1', 't1'), name: 'Spring' };
    const withCoupon = (quantity: string, perUser: string, templateId = 't1') => ({ ...draft, coupons: [{ ...emptyCoupon(templateId), quantity, per_user_limit: perUser }] });
    expect(draftProblems(withCoupon('301', '1'), 'coupons', stockOf)).toEqual({ 'coupons.0.quantity': 'wizard.over_stock' });
    expect(draftProblems(withCoupon('300', '300'), 'coupons', stockOf)).toEqual({});
    expect(draftProblems(withCoupon('10', '11'), 'coupons', stockOf)).toEqual({ 'coupons.0.per_user_limit': 'wizard.limit_over_quantity' });
    // A template whose stock is not known yet is left to the API.
    expect(draftProblems(withCoupon('5000', '1', 't2'), 'coupons', stockOf)).toEqual({});
    expect(draftProblems(withCoupon('301', '1'), 'coupons')).toEqual({});
  });

  it('turns days in the platform zone, amounts and lists into the API request', () => {
    const draft = {
      ...emptyDraft('b1', 't1'),
      name: ' Spring tea ',
      method: 'claim' as const,
      starts_on: '2026-03-01',
      ends_on: '2026-03-31',
      audience: 'rule' as const,
      regions: '110000, 310000',
      tags_any: 'vip',
      real_name_only: true,
    };
    draft.coupons = [{ ...emptyCoupon('t1'), condition: 'min_spend', min_spend: '199.5', scope: 'merchants', scope_ids: 'm-tea m-books', validity: 'days', days: '7' }];
    expect(draftProblems(draft)).toEqual({});
    expect(toActivityInput(draft, 'Asia/Shanghai', 'CNY')).toEqual({
      budget_id: 'b1',
      name: 'Spring tea',
      method: 'claim',
      starts_at: '2026-02-28T16:00:00.000Z',
      ends_at: '2026-03-31T16:00:00.000Z',
      audience: { kind: 'rule', regions: ['110000', '310000'], tags_any: ['vip'], real_name_verified: true },
      coupons: [
        {
          template_id: 't1',
          quantity: 100,
          per_user_limit: 1,
          validity: { kind: 'days', days: 7 },
          condition: { kind: 'min_spend', amount: 19_950 },
          scope: { kind: 'merchants', ids: ['m-tea', 'm-books'] },
        },
      ],
    });
  });

  it('finds the earliest step holding a field the API refused', () => {
    expect(stepOfApiFields(['body/coupons/0/quantity', 'body/ends_at'])).toBe('window');
    expect(stepOfApiFields(['coupons'])).toBe('coupons');
    expect(stepOfApiFields(['body/audience/regions/0', 'body/name'])).toBe('basics');
    expect(stepOfApiFields(['body/unknown', 'query/x'])).toBeUndefined();
    expect(stepOfApiFields([])).toBeUndefined();
  });
});
