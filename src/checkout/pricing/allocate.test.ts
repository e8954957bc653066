import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from './allocate.js';

const cart = fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 40 });
const cartAndTotal = cart.chain((amounts) =>
  fc.tuple(fc.constant(amounts), fc.integer({ min: 0, max: amounts.reduce((s, a) => s + a, 0) })),
);

describe('allocate (largest remainder)', () => {
  it('gives integer shares that sum exactly, none below zero or above its line', () => {
    fc.assert(
      fc.property(cartAndTotal, ([amounts, total]) => {
        const shares = allocate(total, amounts);
        expect(shares).toHaveLength(amounts.length);
        expect(shares.every((s) => Number.isInteger(s))).toBe(true);
        expect(shares.reduce((s, x) => s + x, 0)).toBe(total);
        shares.forEach((s, i) => {
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(amounts[i] as number);
        });
      }),
    );
  });

  it('keeps every share within one fen of its exact proportion', () => {
    fc.assert(
      fc.property(cartAndTotal, ([amounts, total]) => {
        const sum = BigInt(amounts.reduce((s, a) => s + a, 0));
        allocate(total, amounts).forEach((share, i) => {
          // |share − total·a/sum| < 1  ⇔  |share·sum − total·a| < sum
          const diff = BigInt(share) * sum - BigInt(total) * BigInt(amounts[i] as number);
          expect(diff < sum && -diff < sum).toBe(true);
        });
      }),
    );
  });

  it('is deterministic and gives leftover fen to the largest remainders, earlier lines first on ties', () => {
    expect(allocate(3, [1, 1, 1])).toEqual([1, 1, 1]);
    expect(allocate(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocate(1000, [3333, 3333, 3334])).toEqual([333, 333, 334]);
    expect(allocate(100, [50, 30, 20])).toEqual([50, 30, 20]);
    expect(allocate(7, [10, 20, 30])).toEqual([1, 2, 4]);
  });

  it('never pushes a small last line below zero (the seed’s remainder-to-last-line flaw)', () => {
    // 3 lines 9999, 9999, 1 with 10 000 off: "last line takes the remainder" would give it -…
    const shares = allocate(10_000, [9999, 9999, 1]);
    expect(shares.reduce((s, x) => s + x, 0)).toBe(10_000);
    expect(shares[2]).toBeGreaterThanOrEqual(0);
    expect(shares[2]).toBeLessThanOrEqual(1);
  });

  it('stays exact for amounts whose products exceed 2^53', () => {
    const amounts = [4_000_000_000_000, 3_000_000_000_001, 1];
    const total = 5_000_000_000_000;
    const shares = allocate(total, amounts);
    expect(shares.reduce((s, x) => s + x, 0)).toBe(total);
  });
});
