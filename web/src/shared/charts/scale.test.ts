import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearScale, niceStep, position } from './scale.js';

describe('chart scales', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(100, 4)).toBe(50);
    expect(niceStep(1000, 4)).toBe(500);
    expect(niceStep(7, 4)).toBe(2);
    expect(niceStep(0, 4)).toBe(1);
  });

  it('covers every value, includes zero, and ends on ticks', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e12, max: 1e12 }), { minLength: 1, maxLength: 50 }), (values) => {
        const scale = linearScale(values);
        expect(scale.min).toBeLessThanOrEqual(Math.min(0, ...values));
        expect(scale.max).toBeGreaterThanOrEqual(Math.max(0, ...values));
        expect(scale.ticks[0]).toBe(scale.min);
        expect(scale.ticks.at(-1)).toBeCloseTo(scale.max);
        expect(scale.ticks.length).toBeLessThanOrEqual(12);
        for (const v of values) {
          const y = position(v, scale, 100);
          expect(y).toBeGreaterThanOrEqual(-1e-9);
          expect(y).toBeLessThanOrEqual(100 + 1e-9);
        }
      }),
    );
  });

  it('draws a flat zero series on a unit axis', () => {
    expect(linearScale([0, 0])).toEqual({ min: 0, max: 1, ticks: [0, 1] });
  });
});
