import { describe, expect, it } from 'vitest';
import { balanceSeries, dailyMovement, normalSide, readBalances, transferKind } from './balances.js';
import type { HistoryItem, Transfer } from './ledger-api.js';

const transfer = (over: Partial<Transfer>): Transfer => ({
  id: 't',
  seq: 1,
  debit_account_id: 'other',
  credit_account_id: 'card',
  amount: 100,
  currency: 'CNY',
  code: 'test',
  flags: [],
  pending_id: null,
  timeout_s: 0,
  refs: {},
  created_at: '2026-03-01T00:00:00.000Z',
  ...over,
});

const item = (t: Partial<Transfer>, credits_posted: number, debits_posted = 0): HistoryItem => ({
  transfer: transfer(t),
  balances: { debits_pending: 0, debits_posted, credits_pending: 0, credits_posted },
});

describe('reading ledger balances', () => {
  it('reads a credit-normal account (a card) as credits − debits, less holds', () => {
    const side = normalSide(['debits_must_not_exceed_credits']);
    expect(side).toBe('credit');
    expect(readBalances({ debits_pending: 300, debits_posted: 2_000, credits_pending: 0, credits_posted: 10_000 }, side)).toEqual({
      side: 'credit',
      posted: 8_000n,
      pending: -300n,
      available: 7_700n,
    });
  });

  it('reads a debit-normal account the other way', () => {
    const side = normalSide(['credits_must_not_exceed_debits']);
    expect(readBalances({ debits_pending: 0, debits_posted: 500, credits_pending: 50, credits_posted: 100 }, side)).toEqual({
      side: 'debit',
      posted: 400n,
      pending: -50n,
      available: 350n,
    });
  });

  it('stays exact beyond the safe-integer range of the sums', () => {
    const max = Number.MAX_SAFE_INTEGER;
    const reading = readBalances({ debits_pending: max, debits_posted: max, credits_pending: 0, credits_posted: 0 }, 'credit');
    expect(reading.available).toBe(-2n * BigInt(max));
  });

  it('names transfer kinds from flags', () => {
    expect(transferKind([])).toBe('posted');
    expect(transferKind(['pending'])).toBe('pending');
    expect(transferKind(['post_pending', 'linked'])).toBe('post_pending');
    expect(transferKind(['void_pending'])).toBe('void_pending');
  });

  it('charts the balance oldest first and nets posted movement per platform day', () => {
    // API order: newest first.
    const items = [
      item({ id: 't3', debit_account_id: 'card', credit_account_id: 'shop', amount: 30, created_at: '2026-03-02T16:30:00.000Z' }, 150, 30),
      item({ id: 't2', amount: 70, flags: ['pending'], created_at: '2026-03-02T10:00:00.000Z' }, 100),
      item({ id: 't1', amount: 100, created_at: '2026-03-01T17:00:00.000Z' }, 100),
    ];
    expect(balanceSeries(items, 'credit').map((p) => p.posted)).toEqual([100n, 100n, 120n]);
    // t1 is 2 March in Shanghai; t3 is 3 March; the pending t2 moves nothing yet.
    const byDay = dailyMovement('card', items, 'credit', (iso) => (iso < '2026-03-02T16:00:00.000Z' ? '2026-03-02' : '2026-03-03'));
    expect(byDay).toEqual([
      { day: '2026-03-02', net: 100n },
      { day: '2026-03-03', net: -30n },
    ]);
  });
});
