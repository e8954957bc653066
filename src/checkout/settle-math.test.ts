import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillInOrder, portionForUnits } from './settle-math.js';

describe('portionForUnits', () => {
  it('returns exactly the amount over any sequence of partial refunds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 50 }), fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 60 }), (amount, quantity, steps) => {
        let refunded = 0;
        let total = 0;
        for (const step of steps) {
          const after = Math.min(quantity, refunded + step);
          const part = portionForUnits(amount, quantity, refunded, after);
          expect(part).toBeGreaterThanOrEqual(0);
          total += part;
          refunded = after;
        }
        total += portionForUnits(amount, quantity, refunded, quantity);
        expect(total).toBe(amount);
      }),
    );
  });

  it('splits 100 fen over 3 units as 33, 33, 34', () => {
    expect([portionForUnits(100, 3, 0, 1), portionForUnits(100, 3, 1, 2), portionForUnits(100, 3, 2, 3)]).toEqual([33, 33, 34]);
  });
});

describe('fillInOrder', () => {
  it('meets both sides exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 5 }), fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 5 }), (a, b) => {
        const sinks = b.map((amount, i) => ({ id: `m${i}`, amount }));
        const sinkTotal = b.reduce((s, x) => s + x, 0);
        let budget = sinkTotal;
        const sources = a.map((amount, i) => {
          const take = Math.min(amount, budget);
          budget -= take;
          return { id: `c${i}`, amount: take };
        });
        const split = fillInOrder(sources, sinks);
        for (const s of sources) expect(split.filter((x) => x.source === s.id).reduce((t, x) => t + x.amount, 0)).toBe(s.amount);
        for (const k of sinks) expect(split.filter((x) => x.sink === k.id).reduce((t, x) => t + x.amount, 0)).toBeLessThanOrEqual(k.amount);
        expect(split.every((x) => x.amount > 0)).toBe(true);
      }),
    );
  });
});
