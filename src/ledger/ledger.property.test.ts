import fc from 'fast-check';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDb } from '../../test/support/databases.js';
import { transaction } from '../db/database.js';
import { mergeBalanceHistory } from './history.js';
import { createAccounts, createTransfers, expirePendings, getAccount, listAccountHistory } from './ledger.js';
import type { AccountFlag, TransferInput } from './types.js';
import { verifyLedger } from './verify.js';

/**
 * Random sequences of transfers, pendings, full and partial posts, voids, linked chains and
 * time-outs against a deliberately naive model. After every batch the stored balances equal the
 * model, flagged accounts are never negative, each account's history has one entry per transfer
 * (some moved into the account index along the way, some still recent) and `verify` finds nothing.
 */

type Op =
  | { kind: 'transfer'; debit: number; credit: number; amount: number; pending: boolean; timeout: boolean; linkNext: boolean }
  | { kind: 'post'; target: number; fraction: number }
  | { kind: 'void'; target: number }
  | { kind: 'tick' }
  | { kind: 'merge' };

const ACCOUNTS = 5;
const FLAGS: (AccountFlag | null)[] = [null, 'debits_must_not_exceed_credits', 'debits_must_not_exceed_credits', 'credits_must_not_exceed_debits', null];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('transfer' as const), debit: fc.nat(ACCOUNTS - 1), credit: fc.nat(ACCOUNTS - 1), amount: fc.integer({ min: 1, max: 400 }), pending: fc.boolean(), timeout: fc.boolean(), linkNext: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('post' as const), target: fc.nat(30), fraction: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), target: fc.nat(30) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'tick' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'merge' as const }) },
);

interface ModelAccount { dp: number; dpo: number; cp: number; cpo: number; flag: AccountFlag | null }
interface ModelHold { id: string; debit: number; credit: number; amount: number; state: 'pending' | 'done'; expiresAtMs: number | null }

let run = 0;

describeEachDb('ledger properties', ({ db }) => {
  /** Every transfer of the account has one history entry, newest first, the newest as stored now. */
  async function expectHistoryOf(accountId: string, balances: number[]): Promise<void> {
    const seqs: number[] = [];
    let newest: number[] | undefined;
    let cursor: string | undefined;
    do {
      const page = await listAccountHistory(db(), accountId, { limit: 4, ...(cursor ? { cursor } : {}) });
      for (const { transfer, balances: b } of page.items) {
        seqs.push(transfer.seq);
        newest ??= [b.debits_pending, b.debits_posted, b.credits_pending, b.credits_posted];
      }
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    const { rows } = await sql<{ seq: number }>`select seq from ledger_transfers where debit_account_id = ${accountId} or credit_account_id = ${accountId} order by seq desc`.execute(db().q);
    expect(seqs).toEqual(rows.map((row) => Number(row.seq)));
    expect(newest).toEqual(balances);
  }

  it('keeps every invariant under random operations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        const prefix = `p${++run}-${Math.random().toString(36).slice(2, 7)}`;
        const ids = FLAGS.map((_, i) => `${prefix}-a${i}`);
        let nowMs = Date.parse('2026-05-01T00:00:00Z');
        await transaction(db(), (tx) =>
          createAccounts(tx, ids.map((id, i) => ({ id, code: 'prop', currency: 'CNY', flags: FLAGS[i] ? [FLAGS[i] as AccountFlag] : [] })), new Date(nowMs)),
        );
        // Fund every account both ways so flagged accounts have something to spend.
        const funding = `${prefix}-fund`;
        await transaction(db(), (tx) => createAccounts(tx, [{ id: funding, code: 'prop', currency: 'CNY' }], new Date(nowMs)));
        const model: ModelAccount[] = FLAGS.map((flag) => ({ dp: 0, dpo: 0, cp: 0, cpo: 0, flag }));
        const seed: TransferInput[] = ids.flatMap((id, i) => {
          const credit: TransferInput = { id: `${prefix}-seed-c${i}`, debit_account_id: funding, credit_account_id: id, amount: 500, currency: 'CNY', code: 'seed' };
          const debit: TransferInput = { id: `${prefix}-seed-d${i}`, debit_account_id: id, credit_account_id: funding, amount: FLAGS[i] === 'debits_must_not_exceed_credits' ? 100 : 500, currency: 'CNY', code: 'seed' };
          return FLAGS[i] === 'credits_must_not_exceed_debits' ? [debit, credit] : [credit, debit];
        });
        await transaction(db(), (tx) => createTransfers(tx, seed, new Date(nowMs)));
        model.forEach((m, i) => {
          m.cpo += 500;
          m.dpo += FLAGS[i] === 'debits_must_not_exceed_credits' ? 100 : 500;
        });
        const holds: ModelHold[] = [];
        let seq = 0;
        for (let i = 0; i < ops.length; i++) {
          const op = ops[i] as Op;
          if (op.kind === 'merge') {
            await transaction(db(), mergeBalanceHistory);
            continue;
          }
          if (op.kind === 'tick') {
            nowMs += 61_000;
            await expirePendings(db(), new Date(nowMs));
            for (const h of holds) if (h.state === 'pending' && h.expiresAtMs !== null && h.expiresAtMs <= nowMs) release(model, h, 0);
            continue;
          }
          const batch = buildBatch(op, ops[i + 1], prefix, ++seq, holds, ids);
          if (batch.inputs.length === 2) i++;
          const results = (await transaction(db(), (tx) => createTransfers(tx, batch.inputs, new Date(nowMs)))).map((r) => r.result);
          const expected = batch.expect(model, holds, nowMs);
          expect(results.every((r) => r === 'ok')).toBe(expected);
        }
        for (let i = 0; i < ids.length; i++) {
          const stored = await getAccount(db(), ids[i] as string);
          const m = model[i] as ModelAccount;
          expect([stored?.debits_pending, stored?.debits_posted, stored?.credits_pending, stored?.credits_posted]).toEqual([m.dp, m.dpo, m.cp, m.cpo]);
          await expectHistoryOf(ids[i] as string, [m.dp, m.dpo, m.cp, m.cpo]);
        }
        expect((await verifyLedger(db())).failure).toBeNull();
      }),
      { numRuns: 25 },
    );
  });
});

function release(model: ModelAccount[], h: ModelHold, post: number): void {
  const d = model[h.debit] as ModelAccount;
  const c = model[h.credit] as ModelAccount;
  d.dp -= h.amount;
  c.cp -= h.amount;
  d.dpo += post;
  c.cpo += post;
  h.state = 'done';
}

interface Planned {
  inputs: TransferInput[];
  /** Applies the batch to the model if it should succeed; returns whether it should. */
  expect(model: ModelAccount[], holds: ModelHold[], nowMs: number): boolean;
}

function buildBatch(op: Op, next: Op | undefined, prefix: string, seq: number, holds: ModelHold[], ids: string[]): Planned {
  if (op.kind === 'transfer' && op.linkNext && next?.kind === 'transfer') {
    const a = transferPlan(op, `${prefix}-t${seq}a`, ids, true);
    const b = transferPlan(next, `${prefix}-t${seq}b`, ids, false);
    return {
      inputs: [...a.inputs, ...b.inputs],
      expect(model, modelHolds, nowMs) {
        const snapshot = model.map((m) => ({ ...m }));
        const holdCount = modelHolds.length;
        if (a.expect(model, modelHolds, nowMs) && b.expect(model, modelHolds, nowMs)) return true;
        for (const [i, saved] of snapshot.entries()) Object.assign(model[i] as ModelAccount, saved);
        modelHolds.length = holdCount;
        return false;
      },
    };
  }
  if (op.kind === 'transfer') return transferPlan(op, `${prefix}-t${seq}`, ids, false);
  const hold = holds.length > 0 ? holds[(op as { target: number }).target % holds.length] : undefined;
  const id = `${prefix}-r${seq}`;
  if (!hold) return { inputs: [{ id, code: 'r', pending_id: `${prefix}-none`, flags: ['void_pending'] }], expect: () => false };
  if (op.kind === 'post') {
    const amount = Math.max(1, Math.floor((hold.amount * op.fraction) / 100));
    return {
      inputs: [{ id, code: 'post', pending_id: hold.id, amount, flags: ['post_pending'] }],
      expect(model, _holds, nowMs) {
        if (!live(hold, nowMs)) return false;
        release(model, hold, amount);
        return true;
      },
    };
  }
  return {
    inputs: [{ id, code: 'void', pending_id: hold.id, flags: ['void_pending'] }],
    expect(model, _holds, nowMs) {
      if (!live(hold, nowMs)) return false;
      release(model, hold, 0);
      return true;
    },
  };
}

function live(hold: ModelHold, nowMs: number): boolean {
  return hold.state === 'pending' && (hold.expiresAtMs === null || nowMs < hold.expiresAtMs);
}

function transferPlan(op: Extract<Op, { kind: 'transfer' }>, id: string, ids: string[], linked: boolean): Planned {
  const flags: TransferInput['flags'] = [...(linked ? (['linked'] as const) : []), ...(op.pending ? (['pending'] as const) : [])];
  return {
    inputs: [{
      id,
      debit_account_id: ids[op.debit] as string,
      credit_account_id: ids[op.credit] as string,
      amount: op.amount,
      currency: 'CNY',
      code: 'op',
      flags,
      ...(op.pending && op.timeout ? { timeout_s: 60 } : {}),
    }],
    expect(model, holds, nowMs) {
      if (op.debit === op.credit) return false;
      const d = model[op.debit] as ModelAccount;
      const c = model[op.credit] as ModelAccount;
      if (d.flag === 'debits_must_not_exceed_credits' && d.dp + d.dpo + op.amount > d.cpo) return false;
      if (c.flag === 'credits_must_not_exceed_debits' && c.cp + c.cpo + op.amount > c.dpo) return false;
      if (op.pending) {
        d.dp += op.amount;
        c.cp += op.amount;
        holds.push({ id, debit: op.debit, credit: op.credit, amount: op.amount, state: 'pending', expiresAtMs: op.timeout ? nowMs + 60_000 : null });
      } else {
        d.dpo += op.amount;
        c.cpo += op.amount;
      }
      return true;
    },
  };
}
