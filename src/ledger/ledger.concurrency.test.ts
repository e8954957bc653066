import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, openTestDb } from '../../test/support/databases.js';
import { type Db, transaction } from '../db/database.js';
import { createAccounts, createTransfers, getAccount } from './ledger.js';
import { verifyLedger } from './verify.js';

const NOW = new Date('2026-04-01T00:00:00Z');

describeEachDb(
  'ledger under concurrency',
  () => {
    let db: Db;
    beforeAll(async () => {
      db = await openTestDb('postgres', { poolSize: 40 });
    });
    afterAll(async () => db.destroy());

    it('40 connections racing to debit one flagged account: exactly what the balance allows', async () => {
      await transaction(db, (tx) =>
        createAccounts(
          tx,
          [
            { id: 'src', code: 'funding', currency: 'CNY' },
            { id: 'card', code: 'card', currency: 'CNY', flags: ['debits_must_not_exceed_credits'] },
            ...Array.from({ length: 8 }, (_, i) => ({ id: `shop${i}`, code: 'shop', currency: 'CNY' })),
          ],
          NOW,
        ),
      );
      await transaction(db, (tx) => createTransfers(tx, [{ id: 'fund', debit_account_id: 'src', credit_account_id: 'card', amount: 1000, currency: 'CNY', code: 'fund' }], NOW));
      const attempts = 120;
      const outcomes = await Promise.all(
        Array.from({ length: attempts }, (_, i) =>
          transaction(db, (tx) =>
            createTransfers(
              tx,
              [{ id: `spend${i}`, debit_account_id: 'card', credit_account_id: `shop${i % 8}`, amount: 30, currency: 'CNY', code: 'spend', ...(i % 2 ? { flags: ['pending' as const] } : {}) }],
              NOW,
            ),
          ),
        ),
      );
      const results = outcomes.map((o) => o[0]?.result);
      expect(results.filter((r) => r === 'ok')).toHaveLength(33);
      expect(results.filter((r) => r === 'exceeds_credits')).toHaveLength(attempts - 33);
      const card = await getAccount(db, 'card');
      expect((card?.debits_pending ?? 0) + (card?.debits_posted ?? 0)).toBe(990);
      expect((await verifyLedger(db)).failure).toBeNull();
    });

    it('concurrent batches over the same accounts in opposite orders neither deadlock nor leak errors', async () => {
      await transaction(db, (tx) => createAccounts(tx, [{ id: 'x1', code: 't', currency: 'CNY' }, { id: 'x2', code: 't', currency: 'CNY' }], NOW));
      const outcomes = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          transaction(db, (tx) =>
            createTransfers(
              tx,
              i % 2
                ? [{ id: `x${i}a`, debit_account_id: 'x1', credit_account_id: 'x2', amount: 1, currency: 'CNY', code: 't' }, { id: `x${i}b`, debit_account_id: 'x2', credit_account_id: 'x1', amount: 2, currency: 'CNY', code: 't' }]
                : [{ id: `x${i}a`, debit_account_id: 'x2', credit_account_id: 'x1', amount: 1, currency: 'CNY', code: 't' }, { id: `x${i}b`, debit_account_id: 'x1', credit_account_id: 'x2', amount: 2, currency: 'CNY', code: 't' }],
              NOW,
            ),
          ),
        ),
      );
      expect(outcomes.flat().every((o) => o.result === 'ok')).toBe(true);
      expect((await verifyLedger(db)).failure).toBeNull();
    });

    it('the same transfer id sent twice at once is created once; the other answer is exists, never an error', async () => {
      await transaction(db, (tx) =>
        createAccounts(tx, ['r1', 'r2', 'r3', 'r4'].map((id) => ({ id, code: 't', currency: 'CNY' })), NOW),
      );
      for (let round = 0; round < 10; round++) {
        const id = `race-${round}`;
        // Same id, same fields (exists) or other accounts that lock nothing in common (exists_with_different_fields).
        const other = round % 2 ? { debit_account_id: 'r3', credit_account_id: 'r4' } : { debit_account_id: 'r1', credit_account_id: 'r2' };
        const results = await Promise.all(
          [{ debit_account_id: 'r1', credit_account_id: 'r2' }, other].map((accounts) =>
            transaction(db, (tx) => createTransfers(tx, [{ id, ...accounts, amount: 5, currency: 'CNY', code: 't' }], NOW)),
          ),
        );
        const answers = results.map((r) => r[0]?.result).sort();
        expect(answers).toEqual(round % 2 ? ['exists_with_different_fields', 'ok'] : ['exists', 'ok']);
      }
      const r1 = await getAccount(db, 'r1');
      const r3 = await getAccount(db, 'r3');
      expect((r1?.debits_posted ?? 0) + (r3?.debits_posted ?? 0)).toBe(50);
      expect((await verifyLedger(db)).failure).toBeNull();
    });
  },
  ['postgres'],
);
