import { afterAll, beforeAll, expect, it } from 'vitest';
import { activityFrozen, budgetAvailable, templateFrozen } from '../../src/coupons/accounts.js';
import { describeEachDb } from '../support/databases.js';
import { type CouponHarness, claimActivity, couponHarness, ok } from './harness.js';

describeEachDb('coupon activities and claims', ({ db }) => {
  let h: CouponHarness;
  beforeAll(async () => {
    h = await couponHarness(db());
    const integration = await h.t.as('integration');
    const shoppers = [
      { id: 'bj-vip', region_code: '110105', registered_at: '2025-01-10T00:00:00Z', tags: ['vip'], real_name_verified: true },
      { id: 'sh-new', region_code: '310101', registered_at: '2026-02-01T00:00:00Z', tags: ['new'], real_name_verified: false },
      { id: 'bj-plain', region_code: '110101', registered_at: '2024-05-01T00:00:00Z', tags: [], real_name_verified: false },
    ];
    ok(await h.call('POST', '/v1/shoppers:batch', integration, { shoppers }), 200);
  });
  afterAll(async () => h.t.app.close());

  const claim = async (shopperId: string, itemId: string) => h.call('POST', '/v1/shopper/coupon-claims', await h.shopper(shopperId), { coupon_item_id: itemId });

  it('runs draft → submitted → scheduled → running → ended, moving the money at each step', async () => {
    const budgetId = await h.budget(100_000);
    const templateId = await h.template(budgetId, { type: 'amount_off', amount: 2_000, quantity: 20 });
    h.t.clock.set('2026-02-20T00:00:00.000Z');
    const { id, items } = await h.activity(claimActivity(budgetId, templateId));
    const itemId = items[0]?.id as string;
    const ops = await h.ops();
    const approval = ok(await h.call('POST', `/v1/coupon-activities/${id}/submit`, ops), 202);
    expect(ok(await h.call('GET', `/v1/coupon-templates/${templateId}`, ops), 200).stock).toBe(10);
    expect(await h.balance(activityFrozen(id))).toBe(0);
    await h.reject(String(approval.id));
    expect(ok(await h.call('GET', `/v1/coupon-activities/${id}`, ops), 200).state).toBe('rejected');
    expect(ok(await h.call('GET', `/v1/coupon-templates/${templateId}`, ops), 200).stock).toBe(20);

    await h.publish(id);
    expect(ok(await h.call('GET', `/v1/coupon-activities/${id}`, ops), 200).state).toBe('scheduled');
    expect(await h.balance(activityFrozen(id))).toBe(20_000);
    expect(await h.balance(templateFrozen(templateId))).toBe(20_000);
    expect((await claim('bj-vip', itemId)).json().code).toBe('coupon_activity_not_running');

    h.t.clock.set('2026-03-01T02:00:00.000Z');
    await h.runJobs();
    expect(ok(await h.call('GET', `/v1/coupon-activities/${id}`, ops), 200).state).toBe('running');
    const centre = ok(await h.call('GET', '/v1/shopper/coupon-centre', await h.shopper('bj-vip')), 200).items as { coupon_item_id: string; remaining: number; description: string }[];
    expect(centre.find((c) => c.coupon_item_id === itemId)).toMatchObject({ remaining: 10, description: 'Spend ¥100.00 or more, ¥20.00 off' });

    const first = ok(await claim('bj-vip', itemId), 201);
    // 7 days after a claim on 1 March 10:00 Shanghai time: until the end of 8 March, Shanghai time.
    expect(first).toMatchObject({ state: 'available', value: 2_000, valid_until: '2026-03-08T15:59:59.999Z' });
    ok(await claim('bj-vip', itemId), 201);
    expect((await claim('bj-vip', itemId)).json().code).toBe('coupon_limit_reached');
    const centreAfter = ok(await h.call('GET', '/v1/shopper/coupon-centre', await h.shopper('bj-vip')), 200).items as { coupon_item_id: string }[];
    expect(centreAfter.map((c) => c.coupon_item_id)).not.toContain(itemId);

    const ended = ok(await h.call('POST', `/v1/coupon-activities/${id}/end`, ops), 200);
    expect(ended.state).toBe('ended');
    expect((ended.coupons as { returned: number; issued: number }[])[0]).toMatchObject({ issued: 2, returned: 8 });
    expect(await h.balance(activityFrozen(id))).toBe(4_000);
    expect(ok(await h.call('GET', `/v1/coupon-templates/${templateId}`, ops), 200).stock).toBe(18);
    expect(await h.balance(templateFrozen(templateId))).toBe(36_000);
    expect((await claim('sh-new', itemId)).json().code).toBe('coupon_activity_ended');
    // The end job at the window's end finds it ended and does nothing more.
    h.t.clock.set('2026-03-31T00:00:01.000Z');
    await h.runJobs();
    expect(await h.balance(templateFrozen(templateId))).toBe(36_000);
    await h.verify();
  });

  it('ends by time through the job exactly once, returning unissued stock', async () => {
    h.t.clock.set('2026-04-01T00:00:00.000Z');
    const budgetId = await h.budget(10_000);
    const templateId = await h.template(budgetId, { type: 'no_threshold', amount: 100, quantity: 50 });
    const { id, items } = await h.activity(
      claimActivity(budgetId, templateId, { starts_at: '2026-04-01T00:00:00Z', ends_at: '2026-04-02T00:00:00Z' }, { condition: { kind: 'none' }, quantity: 30, per_user_limit: 1 }),
    );
    await h.publish(id);
    ok(await claim('sh-new', items[0]?.id as string), 201);
    h.t.clock.set('2026-04-02T00:00:00.000Z');
    expect((await claim('bj-vip', items[0]?.id as string)).json().code).toBe('coupon_activity_not_running');
    await h.runJobs();
    const activity = ok(await h.call('GET', `/v1/coupon-activities/${id}`, await h.ops()), 200);
    expect(activity.state).toBe('ended');
    expect((activity.coupons as { returned: number }[])[0]?.returned).toBe(29);
    expect(await h.balance(templateFrozen(templateId))).toBe(4_900);
    expect(await h.balance(activityFrozen(id))).toBe(100);
    const returns = await db().q.selectFrom('ledger_transfers').select('amount').where('code', '=', 'coupon.activity_return').where('debit_account_id', '=', activityFrozen(id)).execute();
    expect(returns.map((r) => r.amount)).toEqual([2_900]);
    await h.verify();
  });

  it('claims only for the audience: region, registration, tags, real-name', async () => {
    h.t.clock.set('2026-03-01T00:00:00.000Z');
    const budgetId = await h.budget(10_000);
    const templateId = await h.template(budgetId, { type: 'no_threshold', amount: 100, quantity: 50 });
    const rule = { kind: 'rule', regions: ['110000'], registered_until: '2025-06-01T00:00:00Z', tags_any: ['vip'], real_name_verified: true };
    const { id, items } = await h.activity(claimActivity(budgetId, templateId, { audience: rule }, { condition: { kind: 'none' } }));
    await h.publish(id);
    const itemId = items[0]?.id as string;
    expect((await claim('sh-new', itemId)).json().code).toBe('coupon_not_in_audience');
    expect((await claim('bj-plain', itemId)).json().code).toBe('coupon_not_in_audience');
    expect((await claim('unknown-shopper', itemId)).json().code).toBe('coupon_not_in_audience');
    ok(await claim('bj-vip', itemId), 201);
    const centre = ok(await h.call('GET', '/v1/shopper/coupon-centre', await h.shopper('sh-new')), 200).items as { coupon_item_id: string }[];
    expect(centre.map((c) => c.coupon_item_id)).not.toContain(itemId);
  });

  it('claims from an uploaded list of shopper ids (CSV)', async () => {
    h.t.clock.set('2026-03-01T00:00:00.000Z');
    const budgetId = await h.budget(10_000);
    const templateId = await h.template(budgetId, { type: 'no_threshold', amount: 100, quantity: 50 });
    const { id, items } = await h.activity(claimActivity(budgetId, templateId, { audience: { kind: 'list' } }, { condition: { kind: 'none' } }));
    const ops = await h.ops();
    const upload = await h.t.app.inject({ method: 'PUT', url: `/v1/coupon-activities/${id}/audience-list`, headers: { ...ops, 'content-type': 'text/csv' }, payload: 'shopper_id\nsh-new\nlisted-1\nsh-new\n' });
    expect(ok(upload, 200)).toEqual({ rows: 3, added: 2 });
    const bad = await h.t.app.inject({ method: 'PUT', url: `/v1/coupon-activities/${id}/audience-list`, headers: { ...ops, 'content-type': 'text/csv' }, payload: 'ok-1\nnot an id!\n' });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'coupon_audience_invalid']);
    const listed = await db().q.selectFrom('coupon_audience_lists').select('shopper_id').where('activity_id', '=', id).orderBy('shopper_id').execute();
    expect(listed.map((r) => r.shopper_id)).toEqual(['listed-1', 'sh-new']);
    await h.publish(id);
    ok(await claim('sh-new', items[0]?.id as string), 201);
    expect((await claim('bj-vip', items[0]?.id as string)).json().code).toBe('coupon_not_in_audience');
  });

  it('refuses bad activities and claims with a clear code, budget untouched', async () => {
    h.t.clock.set('2026-03-01T00:00:00.000Z');
    const budgetId = await h.budget(10_000);
    const templateId = await h.template(budgetId, { type: 'amount_off', amount: 100, quantity: 5 });
    const ops = await h.ops();
    const before = [await h.balance(budgetAvailable(budgetId)), await h.balance(templateFrozen(templateId))];
    const cases: [Record<string, unknown>, Record<string, unknown>, string][] = [
      [{ ends_at: '2026-02-01T00:00:00Z' }, {}, 'coupon_activity_window_invalid'],
      [{ starts_at: null }, {}, 'coupon_activity_window_invalid'],
      [{}, { quantity: 6 }, 'coupon_stock_insufficient'],
      [{}, { per_user_limit: 0 }, 'coupon_per_user_limit_invalid'],
      [{}, { validity: { kind: 'fixed', from: '2026-03-10T00:00:00Z', until: '2026-03-09T00:00:00Z' } }, 'coupon_validity_invalid'],
      [{}, { validity: { kind: 'days', days: 0 } }, 'coupon_validity_invalid'],
      [{}, { scope: { kind: 'merchants', ids: ['no-such-shop'] } }, 'unknown_merchant'],
      [{}, { scope: { kind: 'categories', ids: ['no-such-category'] } }, 'unknown_category'],
      [{}, { condition: { kind: 'min_spend', amount: 0 } }, 'coupon_condition_invalid'],
      [{ audience: { kind: 'rule', regions: ['999999'] } }, {}, 'coupon_audience_invalid'],
    ];
    for (const [overrides, item, code] of cases) {
      const response = await h.call('POST', '/v1/coupon-activities', ops, claimActivity(budgetId, templateId, overrides, { quantity: 5, ...item }));
      expect([JSON.stringify({ overrides, item }), response.json().code]).toEqual([JSON.stringify({ overrides, item }), code]);
    }
    expect(await db().q.selectFrom('coupon_activities').select('id').where('budget_id', '=', budgetId).execute()).toEqual([]);
    expect([await h.balance(budgetAvailable(budgetId)), await h.balance(templateFrozen(templateId))]).toEqual(before);

    // Two drafts may ask for the same stock; only the first submission gets it.
    const a = await h.activity(claimActivity(budgetId, templateId, {}, { quantity: 4 }));
    const b = await h.activity(claimActivity(budgetId, templateId, {}, { quantity: 4 }));
    ok(await h.call('POST', `/v1/coupon-activities/${a.id}/submit`, ops), 202);
    const second = await h.call('POST', `/v1/coupon-activities/${b.id}/submit`, ops);
    expect([second.statusCode, second.json().code]).toEqual([409, 'coupon_stock_insufficient']);
    expect(ok(await h.call('GET', `/v1/coupon-activities/${b.id}`, ops), 200).state).toBe('draft');
    await h.verify();
  });

  it('edits a rejected activity back into a draft, never a published one', async () => {
    h.t.clock.set('2026-03-01T00:00:00.000Z');
    const budgetId = await h.budget(10_000);
    const templateId = await h.template(budgetId, { type: 'no_threshold', amount: 100, quantity: 10 });
    const ops = await h.ops();
    const { id } = await h.activity(claimActivity(budgetId, templateId, {}, { quantity: 5, condition: { kind: 'none' } }));
    const approval = ok(await h.call('POST', `/v1/coupon-activities/${id}/submit`, ops), 202);
    const busy = await h.call('PUT', `/v1/coupon-activities/${id}`, ops, claimActivity(budgetId, templateId, {}, { quantity: 3, condition: { kind: 'none' } }));
    expect(busy.json().code).toBe('coupon_activity_not_editable');
    await h.reject(String(approval.id));
    const edited = ok(await h.call('PUT', `/v1/coupon-activities/${id}`, ops, claimActivity(budgetId, templateId, { name: 'Edited' }, { quantity: 3, condition: { kind: 'none' } })), 200);
    expect(edited).toMatchObject({ state: 'draft', name: 'Edited' });
    expect((edited.coupons as { quantity: number }[])[0]?.quantity).toBe(3);
    await h.publish(id);
    expect(await h.balance(activityFrozen(id))).toBe(300);
    expect(ok(await h.call('GET', `/v1/coupon-templates/${templateId}`, ops), 200).stock).toBe(7);
    expect((await h.call('PUT', `/v1/coupon-activities/${id}`, ops, claimActivity(budgetId, templateId, {}, { quantity: 3, condition: { kind: 'none' } }))).json().code).toBe('coupon_activity_not_editable');
    await h.verify();
  });

  it('claims through a link and sells out exactly', async () => {
    h.t.clock.set('2026-03-01T00:00:00.000Z');
    const budgetId = await h.budget(10_000);
    const templateId = await h.template(budgetId, { type: 'no_threshold', amount: 100, quantity: 3 });
    const { id, items } = await h.activity(claimActivity(budgetId, templateId, { method: 'link' }, { quantity: 2, per_user_limit: 1, condition: { kind: 'none' } }));
    await h.publish(id);
    const token = items[0]?.link_token as string;
    expect(token.length).toBeGreaterThanOrEqual(20);
    const page = ok(await h.call('GET', `/v1/coupon-links/${token}`, await h.t.as('storefront')), 200);
    expect(page).toMatchObject({ remaining: 2, description: 'No minimum, ¥1.00 off' });
    const viaCentre = await claim('bj-vip', items[0]?.id as string);
    expect(viaCentre.json().code).toBe('coupon_wrong_method');
    const link = async (shopperId: string) => h.call('POST', `/v1/shopper/coupon-links/${token}/claim`, await h.shopper(shopperId));
    ok(await link('bj-vip'), 201);
    ok(await link('sh-new'), 201);
    expect((await link('bj-plain')).json().code).toBe('coupon_sold_out');
    expect((await h.call('POST', '/v1/shopper/coupon-links/no-such-token/claim', await h.shopper('bj-plain'))).json().code).toBe('coupon_link_not_found');
    await h.verify();
  });
});
