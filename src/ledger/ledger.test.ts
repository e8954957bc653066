import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDb } from '../../test/support/databases.js';
import { transaction } from '../db/database.js';
import { createAccounts, createTransfers, expirePendings, getAccount, getHold, getTransfer, listAccountHistory } from './ledger.js';
import type { TransferInput } from './types.js';
import { verifyLedger } from './verify.js';

const T0 = new Date('2026-03-01T00:00:00.000Z');
let n = 0;
const uid = (prefix: string) => `${prefix}-${++n}-${Math.random().toString(36).slice(2, 8)}`;

describeEachDb('ledger', ({ db, dialect }) => {
  async function accounts(...flags: ('debits_must_not_exceed_credits' | 'credits_must_not_exceed_debits' | null)[]) {
    const inputs = flags.map((flag) => ({ id: uid('acct'), code: 'test', currency: 'CNY', flags: flag ? [flag] : [] }));
    await transaction(db(), (tx) => createAccounts(tx, inputs, T0));
    return inputs.map((input) => input.id);
  }
  const transfer = (inputs: TransferInput[], at = T0) => transaction(db(), (tx) => createTransfers(tx, inputs, at));
  const results = async (inputs: TransferInput[], at = T0) => (await transfer(inputs, at)).map((r) => r.result);
  const balances = async (id: string) => {
    const a = await getAccount(db(), id);
    return [a?.debits_pending, a?.debits_posted, a?.credits_pending, a?.credits_posted];
  };

  it('creates accounts idempotently and rejects a changed repeat', async () => {
    const id = uid('acct');
    const input = { id, code: 'card', currency: 'CNY', flags: ['debits_must_not_exceed_credits' as const] };
    expect(await transaction(db(), (tx) => createAccounts(tx, [input], T0))).toEqual(['ok']);
    expect(await transaction(db(), (tx) => createAccounts(tx, [input], T0))).toEqual(['exists']);
    expect(await transaction(db(), (tx) => createAccounts(tx, [{ ...input, currency: 'USD' }], T0))).toEqual([
      'exists_with_different_fields',
    ]);
    expect(
      await transaction(db(), (tx) =>
        createAccounts(tx, [{ ...input, id: uid('a'), flags: ['debits_must_not_exceed_credits', 'credits_must_not_exceed_debits'] }], T0),
      ),
    ).toEqual(['flags_are_mutually_exclusive']);
  });

  it('posts a single-phase transfer and records history', async () => {
    const [src, dst] = await accounts(null, 'debits_must_not_exceed_credits');
    const id = uid('t');
    expect(await results([{ id, debit_account_id: src as string, credit_account_id: dst as string, amount: 500, currency: 'CNY', code: 'fund' }])).toEqual(['ok']);
    expect(await balances(src as string)).toEqual([0, 500, 0, 0]);
    expect(await balances(dst as string)).toEqual([0, 0, 0, 500]);
    const history = await listAccountHistory(db(), dst as string, {});
    expect(history.items).toHaveLength(1);
    expect(history.items[0]?.balances.credits_posted).toBe(500);
    expect(history.items[0]?.transfer.id).toBe(id);
  });

  it('stores every field of a large batch as given, whatever characters it holds', async () => {
    const [src, dst] = await accounts(null, null);
    const awkward = ['quote " and \\ backslash', "apostrophe ' and {braces}, commas", '雪花 émoji 🎁', 'null', '', 'tab\tnew\nline'];
    const inputs: TransferInput[] = Array.from({ length: 24 }, (_, i) => ({
      id: uid(`t"${i}`),
      debit_account_id: (i % 2 ? dst : src) as string,
      credit_account_id: (i % 2 ? src : dst) as string,
      amount: 1 + i * 1_000_000_007,
      currency: 'CNY',
      code: `code ${awkward[i % awkward.length]}`,
      refs: { note: awkward[i % awkward.length] as string, order: `o-${i}` },
    }));
    expect(await results(inputs)).toEqual(inputs.map(() => 'ok'));
    for (const input of inputs) {
      const stored = await getTransfer(db(), input.id);
      expect(stored).toMatchObject({ id: input.id, amount: input.amount, code: input.code, refs: input.refs, debit_account_id: input.debit_account_id });
    }
    expect(await results(inputs)).toEqual(inputs.map(() => 'exists'));
  });

  it('answers every validation result code and changes nothing', async () => {
    const [funding, card, usd] = await accounts(null, 'debits_must_not_exceed_credits', null);
    await sql`update ledger_accounts set currency = 'USD' where id = ${usd}`.execute(db().q);
    await results([{ id: uid('t'), debit_account_id: funding as string, credit_account_id: card as string, amount: 100, currency: 'CNY', code: 'fund' }]);
    const pendingId = uid('p');
    await results([{ id: pendingId, debit_account_id: card as string, credit_account_id: funding as string, amount: 40, currency: 'CNY', code: 'hold', flags: ['pending'] }]);
    const single = uid('s');
    await results([{ id: single, debit_account_id: funding as string, credit_account_id: card as string, amount: 1, currency: 'CNY', code: 'fund' }]);
    const before = [await balances(funding as string), await balances(card as string)];
    const base = { debit_account_id: card as string, credit_account_id: funding as string, currency: 'CNY', code: 'x' };
    const cases: [TransferInput, string][] = [
      [{ ...base, id: uid('t'), amount: 62 }, 'exceeds_credits'],
      [{ ...base, id: uid('t'), amount: 1, credit_account_id: card as string }, 'accounts_must_be_different'],
      [{ ...base, id: uid('t'), amount: 1, debit_account_id: 'nope' }, 'debit_account_not_found'],
      [{ ...base, id: uid('t'), amount: 1, credit_account_id: 'nope' }, 'credit_account_not_found'],
      [{ ...base, id: uid('t'), amount: 1, credit_account_id: usd as string }, 'currency_mismatch'],
      [{ ...base, id: uid('t'), amount: 0 }, 'amount_must_be_positive'],
      [{ ...base, id: uid('t'), amount: 1, flags: ['pending', 'post_pending'] }, 'flags_are_mutually_exclusive'],
      [{ id: uid('t'), code: 'x', flags: ['post_pending'] }, 'pending_id_required'],
      [{ ...base, id: uid('t'), amount: 1, pending_id: pendingId }, 'pending_id_must_be_absent'],
      [{ ...base, id: 'same', amount: 1, pending_id: 'same', flags: ['void_pending'] }, 'pending_id_must_be_different'],
      [{ ...base, id: uid('t'), amount: 1, timeout_s: 5 }, 'timeout_reserved_for_pending'],
      [{ id: uid('t'), code: 'x', pending_id: 'missing', flags: ['post_pending'] }, 'pending_not_found'],
      [{ id: uid('t'), code: 'x', pending_id: single, flags: ['post_pending'] }, 'pending_transfer_not_pending'],
      [{ id: uid('t'), code: 'x', pending_id: pendingId, flags: ['post_pending'], debit_account_id: funding as string }, 'pending_transfer_has_different_accounts'],
      [{ id: uid('t'), code: 'x', pending_id: pendingId, flags: ['post_pending'], amount: 41 }, 'exceeds_pending_amount'],
      [{ ...base, id: single, amount: 2, debit_account_id: funding as string, credit_account_id: card as string, code: 'fund' }, 'exists_with_different_fields'],
    ];
    for (const [input, expected] of cases) expect([input.id, (await results([input]))[0]]).toEqual([input.id, expected]);
    expect([await balances(funding as string), await balances(card as string)]).toEqual(before);
  });

  it('holds, partially posts and releases the rest; posts and voids only once', async () => {
    const [funding, card, shop] = await accounts(null, 'debits_must_not_exceed_credits', null);
    await results([{ id: uid('t'), debit_account_id: funding as string, credit_account_id: card as string, amount: 1000, currency: 'CNY', code: 'fund' }]);
    const hold = uid('hold');
    expect(await results([{ id: hold, debit_account_id: card as string, credit_account_id: shop as string, amount: 700, currency: 'CNY', code: 'auth', flags: ['pending'] }])).toEqual(['ok']);
    expect(await balances(card as string)).toEqual([700, 0, 0, 1000]);
    expect(await results([{ id: uid('t'), debit_account_id: card as string, credit_account_id: shop as string, amount: 301, currency: 'CNY', code: 'x' }])).toEqual(['exceeds_credits']);
    const post = uid('post');
    expect(await results([{ id: post, pending_id: hold, code: 'capture', flags: ['post_pending'], amount: 650 }])).toEqual(['ok']);
    expect(await balances(card as string)).toEqual([0, 650, 0, 1000]);
    expect(await balances(shop as string)).toEqual([0, 0, 0, 650]);
    expect(await results([{ id: uid('t'), pending_id: hold, code: 'capture', flags: ['post_pending'] }])).toEqual(['pending_already_posted']);
    expect(await results([{ id: post, pending_id: hold, code: 'capture', flags: ['post_pending'], amount: 650 }])).toEqual(['exists']);
    const hold2 = uid('hold');
    await results([{ id: hold2, debit_account_id: card as string, credit_account_id: shop as string, amount: 100, currency: 'CNY', code: 'auth', flags: ['pending'] }]);
    expect(await results([{ id: uid('v'), pending_id: hold2, code: 'release', flags: ['void_pending'] }])).toEqual(['ok']);
    expect(await results([{ id: uid('v'), pending_id: hold2, code: 'release', flags: ['void_pending'] }])).toEqual(['pending_already_voided']);
    expect(await balances(card as string)).toEqual([0, 650, 0, 1000]);
    expect((await verifyLedger(db())).failure).toBeNull();
  });

  it('expires pendings at their time-out and the sweep voids them once', async () => {
    const [funding, card, shop] = await accounts(null, 'debits_must_not_exceed_credits', null);
    await results([{ id: uid('t'), debit_account_id: funding as string, credit_account_id: card as string, amount: 300, currency: 'CNY', code: 'fund' }]);
    const hold = uid('hold');
    await results([{ id: hold, debit_account_id: card as string, credit_account_id: shop as string, amount: 300, currency: 'CNY', code: 'auth', flags: ['pending'], timeout_s: 60 }]);
    const later = new Date(T0.getTime() + 60_000);
    expect(await results([{ id: uid('p'), pending_id: hold, code: 'capture', flags: ['post_pending'] }], later)).toEqual(['pending_expired']);
    expect(await expirePendings(db(), later)).toBeGreaterThanOrEqual(1);
    expect(await expirePendings(db(), later)).toBe(0);
    expect((await getHold(db(), hold))?.state).toBe('expired');
    expect(await balances(card as string)).toEqual([0, 0, 0, 300]);
    expect(await results([{ id: uid('p'), pending_id: hold, code: 'capture', flags: ['post_pending'] }], later)).toEqual(['pending_expired']);
  });

  it('fails a linked chain as one and leaves nothing behind', async () => {
    const [funding, card, shop] = await accounts(null, 'debits_must_not_exceed_credits', null);
    await results([{ id: uid('t'), debit_account_id: funding as string, credit_account_id: card as string, amount: 100, currency: 'CNY', code: 'fund' }]);
    const a = uid('a');
    const chain: TransferInput[] = [
      { id: a, debit_account_id: card as string, credit_account_id: shop as string, amount: 60, currency: 'CNY', code: 'x', flags: ['linked'] },
      { id: uid('b'), debit_account_id: card as string, credit_account_id: shop as string, amount: 60, currency: 'CNY', code: 'x' },
      { id: uid('c'), debit_account_id: card as string, credit_account_id: shop as string, amount: 10, currency: 'CNY', code: 'x', flags: ['linked'] },
    ];
    expect(await results(chain)).toEqual(['linked_event_failed', 'exceeds_credits', 'linked_event_chain_open']);
    expect(await balances(card as string)).toEqual([0, 0, 0, 100]);
    const again = await results([{ ...chain[0] as TransferInput }, { ...chain[1] as TransferInput, amount: 40 }]);
    expect(again).toEqual(['ok', 'ok']);
    expect(await balances(card as string)).toEqual([0, 100, 0, 100]);
  });

  it('treats a duplicate id inside one batch as the same transfer', async () => {
    const [funding, card] = await accounts(null, null);
    const t = { id: uid('t'), debit_account_id: funding as string, credit_account_id: card as string, amount: 5, currency: 'CNY', code: 'x' };
    expect(await results([t, t, { ...t, amount: 6 }])).toEqual(['ok', 'exists', 'exists_with_different_fields']);
    expect(await balances(card as string)).toEqual([0, 0, 0, 5]);
  });

  it('verify names the first account whose balance differs from its transfers', async () => {
    const [funding, card] = await accounts(null, null);
    await results([{ id: uid('t'), debit_account_id: funding as string, credit_account_id: card as string, amount: 5, currency: 'CNY', code: 'x' }]);
    expect((await verifyLedger(db())).failure).toBeNull();
    await sql`update ledger_accounts set credits_posted = credits_posted + 1, debits_posted = debits_posted + 1 where id = ${card}`.execute(db().q);
    const report = await verifyLedger(db());
    expect(report.failure).toContain(`account ${card}`);
    await sql`update ledger_accounts set credits_posted = credits_posted - 1, debits_posted = debits_posted - 1 where id = ${card}`.execute(db().q);
    expect((await verifyLedger(db())).failure).toBeNull();
  });

  it('a transfer naming a missing account: SQLite refuses it, and verify names it on PostgreSQL', async () => {
    const [funding] = await accounts(null);
    const id = uid('dangling');
    const insert = sql`insert into ledger_transfers (id, debit_account_id, credit_account_id, amount, currency, code, flags, pending_id, timeout_s, refs, created_at)
      values (${id}, ${funding}, 'no-such-account', 1, 'CNY', 'x', 0, null, 0, '{}', ${T0.toISOString()})`;
    if (dialect === 'sqlite') {
      await expect(insert.execute(db().q)).rejects.toThrow(/FOREIGN KEY/);
      return;
    }
    await insert.execute(db().q);
    expect((await verifyLedger(db())).failure).toBe(`transfer ${id}: account no-such-account does not exist`);
    await sql`delete from ledger_transfers where id = ${id}`.execute(db().q);
    expect((await verifyLedger(db())).failure).toBeNull();
  });
});
