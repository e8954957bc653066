import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../test/support/app.js';
import { describeEachDb } from '../../test/support/databases.js';
import { transaction } from '../db/database.js';
import { createAccounts, createTransfers, getAccount, getHold } from '../ledger/ledger.js';
import type { Module } from '../module.js';
import { MODULES } from '../modules.js';
import { submitApproval } from './approvals.js';
import type { Actor } from './principal.js';

const approved: string[] = [];
const testModule: Module = {
  name: 'approval-test',
  approvalKinds: {
    'test.spend': {
      hold: (payload) => ({
        debitAccountId: String(payload.from),
        creditAccountId: String(payload.to),
        amount: Number(payload.amount),
        currency: 'CNY',
        code: 'test.spend',
      }),
      onApproved: async (_tx, request) => {
        approved.push(request.id);
      },
    },
  },
};

let n = 0;

describeEachDb('approvals', ({ db }) => {
  let t: TestApp;
  let maker: Actor;
  let from: string;
  let to: string;
  beforeAll(async () => {
    t = await testApp(db(), {}, undefined, [...MODULES, testModule]);
    maker = { principal: { kind: 'api_key', id: await t.principalId('operations', undefined, 'maker'), role: 'operations' }, requestId: null, ip: null, channel: 'api' };
    from = `budget-${++n}`;
    to = `frozen-${n}`;
    const now = t.clock.now();
    await transaction(db(), (tx) =>
      createAccounts(tx, [{ id: 'source', code: 'src', currency: 'CNY' }, { id: from, code: 'available', currency: 'CNY', flags: ['debits_must_not_exceed_credits'] }, { id: to, code: 'frozen', currency: 'CNY' }], now),
    );
    await transaction(db(), (tx) => createTransfers(tx, [{ id: `fund-${n}`, debit_account_id: 'source', credit_account_id: from, amount: 100, currency: 'CNY', code: 'fund' }], now));
  });
  afterAll(async () => t.app.close());

  const submit = (amount: number) =>
    transaction(db(), (tx) => submitApproval(tx, t.app.ctx.approvalKinds, { kind: 'test.spend', subject: `s:${amount}`, payload: { from, to, amount } }, maker, t.clock.now()));
  const decide = async (id: string, action: 'approve' | 'reject' | 'cancel', who: Record<string, string>, comment?: string) =>
    t.app.inject({ method: 'POST', url: `/v1/approvals/${id}/${action}`, headers: who, payload: comment ? { comment } : {} });

  it('holds the money while waiting so two requests cannot over-commit', async () => {
    const first = await submit(60);
    expect(first.state).toBe('pending_first_review');
    expect((await getHold(db(), first.hold_transfer_id as string))?.state).toBe('pending');
    await expect(submit(60)).rejects.toMatchObject({ code: 'exceeds_credits' });
    expect((await getAccount(db(), from))?.debits_pending).toBe(60);
    const cancel = await decide(first.id, 'cancel', await t.as('operations', undefined, 'maker'));
    expect(cancel.json().state).toBe('cancelled');
    expect((await getAccount(db(), from))?.debits_pending).toBe(0);
  });

  it('needs operations then finance, two different people, never the maker', async () => {
    const request = await submit(40);
    const makerHeaders = await t.as('operations', undefined, 'maker');
    const ops = await t.as('operations', undefined, 'reviewer');
    const finance = await t.as('finance');
    expect((await decide(request.id, 'approve', makerHeaders)).json().code).toBe('approval_self_review');
    expect((await decide(request.id, 'approve', finance)).json().code).toBe('approval_wrong_stage_role');
    const inbox = await t.app.inject({ url: '/v1/approvals?decidable=true', headers: ops });
    expect(inbox.json().items.map((i: { id: string }) => i.id)).toContain(request.id);
    const makersInbox = await t.app.inject({ url: '/v1/approvals?decidable=true', headers: makerHeaders });
    expect(makersInbox.json().items.map((i: { id: string }) => i.id)).not.toContain(request.id);
    expect((await decide(request.id, 'approve', ops)).json().state).toBe('pending_final_review');
    expect((await decide(request.id, 'approve', ops)).json().code).toBe('approval_wrong_stage_role');
    expect((await decide(request.id, 'cancel', ops)).json().code).toBe('approval_cancel_not_maker');
    const final = await decide(request.id, 'approve', finance);
    expect(final.statusCode).toBe(200);
    expect(final.json().state).toBe('approved');
    expect(approved).toContain(request.id);
    expect((await getAccount(db(), to))?.credits_posted).toBe(40);
    expect((await decide(request.id, 'reject', finance, 'late')).json().code).toBe('approval_not_pending');
    const detail = (await t.app.inject({ url: `/v1/approvals/${request.id}`, headers: finance })).json();
    expect(detail.decisions.map((d: { stage: string; decision: string }) => `${d.stage}:${d.decision}`)).toEqual(['first:approve', 'final:approve']);
  });

  it('a rejection needs a comment and releases the hold', async () => {
    const request = await submit(10);
    const ops = await t.as('operations', undefined, 'reviewer');
    expect((await decide(request.id, 'reject', ops)).json().code).toBe('comment_required');
    const before = (await getAccount(db(), from))?.debits_pending;
    expect((await decide(request.id, 'reject', ops, 'not this quarter')).json().state).toBe('rejected');
    expect((await getAccount(db(), from))?.debits_pending).toBe((before ?? 0) - 10);
    expect(approved).not.toContain(request.id);
  });
});
