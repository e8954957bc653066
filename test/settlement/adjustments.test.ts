import { afterAll, beforeAll, expect, it } from 'vitest';
import { transaction } from '../../src/db/database.js';
import { paymentsClearing } from '../../src/ledger/chart.js';
import { ensureAccounts, getAccount, requireTransfers } from '../../src/ledger/ledger.js';
import { jobHandlers } from '../../src/jobs.js';
import { MODULES } from '../../src/modules.js';
import { runDueJobs } from '../../src/platform/jobs.js';
import { adjustmentHoldsCheck } from '../../src/settlement/settlement.checks.js';
import { verifyAll } from '../../src/verify.js';
import { LEDGER_MONTH_CHECKS } from './ledger-month.js';
import { type TestApp, testApp } from '../support/app.js';
import { describeEachDb } from '../support/databases.js';

describeEachDb('adjustments', ({ db }) => {
  let t: TestApp;
  let maker: Record<string, string>;
  let ops: Record<string, string>;
  let finance: Record<string, string>;

  beforeAll(async () => {
    t = await testApp(db());
    maker = await t.as('finance', undefined, 'maker');
    ops = await t.as('operations');
    finance = await t.as('finance', undefined, 'checker');
    const at = t.clock.now();
    await transaction(db(), async (tx) => {
      await ensureAccounts(
        tx,
        [
          { id: paymentsClearing('CNY'), code: 'payments.clearing', currency: 'CNY' },
          { id: 'card:c1', code: 'giftcard.card', currency: 'CNY', flags: ['debits_must_not_exceed_credits'] },
          { id: 'giftcards:breakage:CNY', code: 'giftcard.breakage', currency: 'CNY' },
        ],
        at,
      );
      await requireTransfers(tx, [{ id: 'sale-c1', debit_account_id: paymentsClearing('CNY'), credit_account_id: 'card:c1', amount: 10_000, currency: 'CNY', code: 'giftcard.sale', refs: { card: 'c1', payment_ref: 'p-c1' } }], at);
    });
  });
  afterAll(async () => t.app.close());

  const file = (body: object) => t.app.inject({ method: 'POST', url: '/v1/settlement/adjustments', headers: maker, payload: { reason: 'bank says so', evidence: ['ticket 42'], ...body } });
  const decide = (approvalId: string, action: 'approve' | 'reject', who: Record<string, string>, comment?: string) =>
    t.app.inject({ method: 'POST', url: `/v1/approvals/${approvalId}/${action}`, headers: who, payload: comment ? { comment } : {} });
  const balance = async (id: string) => {
    const a = await getAccount(db(), id);
    return { posted: (a?.credits_posted ?? 0) - (a?.debits_posted ?? 0), debits_pending: a?.debits_pending, credits_pending: a?.credits_pending };
  };

  it('holds the money at once and posts it only after operations then finance approve', async () => {
    const res = await file({ account_id: 'card:c1', direction: 'debit', amount: 300 });
    expect(res.statusCode).toBe(201);
    const adjustment = res.json();
    expect(adjustment).toMatchObject({ state: 'pending', currency: 'CNY', transfer_id: null, evidence: ['ticket 42'] });
    expect(await balance('card:c1')).toEqual({ posted: 10_000, debits_pending: 300, credits_pending: 0 });
    expect((await decide(adjustment.approval_id, 'approve', maker)).json().code).toBe('approval_self_review');
    expect((await decide(adjustment.approval_id, 'approve', ops)).json().state).toBe('pending_final_review');
    expect(await balance('card:c1')).toMatchObject({ posted: 10_000 });
    expect((await decide(adjustment.approval_id, 'approve', finance)).json().state).toBe('approved');
    expect(await balance('card:c1')).toEqual({ posted: 9_700, debits_pending: 0, credits_pending: 0 });
    const after = (await t.app.inject({ url: `/v1/settlement/adjustments/${adjustment.id}`, headers: finance })).json();
    expect(after).toMatchObject({ state: 'approved', transfer_id: `adjustment:${adjustment.id}:post` });
    const transfer = (await t.app.inject({ url: `/v1/ledger/transfers/${after.transfer_id}`, headers: finance })).json();
    expect(transfer).toMatchObject({ code: 'settlement.adjust', debit_account_id: 'card:c1', credit_account_id: 'adjustments:CNY', amount: 300 });
  });

  it('releases the hold when rejected', async () => {
    const adjustment = (await file({ account_id: 'card:c1', direction: 'credit', amount: 100 })).json();
    expect(await balance('card:c1')).toMatchObject({ credits_pending: 100 });
    expect((await decide(adjustment.approval_id, 'reject', ops, 'no evidence')).json().state).toBe('rejected');
    expect(await balance('card:c1')).toEqual({ posted: 9_700, debits_pending: 0, credits_pending: 0 });
    expect((await t.app.inject({ url: `/v1/settlement/adjustments/${adjustment.id}`, headers: finance })).json().state).toBe('rejected');
  });

  it.each([
    ['an account code that may not be adjusted', { account_id: 'giftcards:breakage:CNY', direction: 'credit', amount: 1 }, 422, 'adjustment_account_not_allowed'],
    ['an unknown account', { account_id: 'card:nope', direction: 'credit', amount: 1 }, 404, 'account_not_found'],
    ['more than the card holds', { account_id: 'card:c1', direction: 'debit', amount: 1_000_000 }, 422, 'exceeds_credits'],
    ['a zero amount', { account_id: 'card:c1', direction: 'debit', amount: 0 }, 400, 'validation_failed'],
    ['no evidence', { account_id: 'card:c1', direction: 'debit', amount: 1, evidence: [] }, 400, 'validation_failed'],
    ['an unknown difference', { account_id: 'card:c1', direction: 'debit', amount: 1, difference_id: 'nope' }, 404, 'reconcile_difference_not_found'],
  ] as const)('refuses %s and files nothing', async (_name, body, status, code) => {
    const before = (await t.app.inject({ url: '/v1/settlement/adjustments?limit=200', headers: finance })).json().items.length;
    const res = await file(body);
    expect([res.statusCode, res.json().code]).toEqual([status, code]);
    expect((await t.app.inject({ url: '/v1/settlement/adjustments?limit=200', headers: finance })).json().items.length).toBe(before);
    expect(await balance('card:c1')).toEqual({ posted: 9_700, debits_pending: 0, credits_pending: 0 });
  });

  it('turns a reconciliation difference into one adjustment, linked both ways', async () => {
    const upload = await t.app.inject({
      method: 'POST',
      url: '/v1/settlement/reconciliations',
      headers: { ...finance, 'content-type': 'text/csv' },
      payload: 'reference,type,amount,currency,time\np-c1,payment,100.00,CNY,2026-03-01 08:00\np-x,payment,5.00,CNY,2026-03-01 08:00\n',
    });
    await runDueJobs(t.app.ctx, jobHandlers(MODULES));
    const [difference] = (await t.app.inject({ url: `/v1/settlement/reconciliations/${upload.json().id}/differences`, headers: finance })).json().items;
    expect(difference).toMatchObject({ result: 'missing_ours', reference: 'p-x', their_amount: 500 });
    const adjustment = (await file({ account_id: paymentsClearing('CNY'), direction: 'debit', amount: 500, difference_id: difference.id })).json();
    expect(adjustment.difference_id).toBe(difference.id);
    const again = await file({ account_id: paymentsClearing('CNY'), direction: 'debit', amount: 500, difference_id: difference.id });
    expect([again.statusCode, again.json().code]).toEqual([409, 'adjustment_already_filed']);
    const linked = (await t.app.inject({ url: `/v1/settlement/reconciliations/${upload.json().id}/differences`, headers: finance })).json().items[0];
    expect(linked.adjustment_id).toBe(adjustment.id);
    await decide(adjustment.approval_id, 'approve', ops);
    await decide(adjustment.approval_id, 'approve', finance);
    const clearing = await getAccount(db(), paymentsClearing('CNY'));
    expect((clearing?.debits_posted ?? 0) - (clearing?.credits_posted ?? 0)).toBe(10_500);
    expect((await verifyAll(db(), LEDGER_MONTH_CHECKS)).summary).toMatch(/^verify ok/);
    expect(await adjustmentHoldsCheck.run(db())).toBeNull();
    await db().q.updateTable('settlement_adjustments').set({ state: 'pending' }).where('id', '=', adjustment.id).execute();
    expect(await adjustmentHoldsCheck.run(db())).toBe(`adjustment ${adjustment.id} is pending but its hold is posted`);
    await db().q.updateTable('settlement_adjustments').set({ state: 'approved' }).where('id', '=', adjustment.id).execute();
  });
});
