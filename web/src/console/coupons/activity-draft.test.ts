import { describe, expect, it } from 'vitest';
import { draftProblems, emptyCoupon, emptyDraft, toActivityInput } from './activity-draft.js';

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
});
