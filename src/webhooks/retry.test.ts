import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_MS, retryDelayMs, retrySchedule } from './retry.js';

describe('webhook retry schedule', () => {
  it('starts at 30 s, quadruples, and stops growing at 12 h', () => {
    expect(retrySchedule(8)).toEqual([30_000, 120_000, 480_000, 1_920_000, 7_680_000, 30_720_000, MAX_RETRY_DELAY_MS]);
    expect(retryDelayMs(20)).toBe(MAX_RETRY_DELAY_MS);
    expect(retrySchedule(1)).toEqual([]);
  });

  it('spreads the default 8 attempts over about a day', () => {
    const total = retrySchedule(8).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(20 * 3_600_000);
    expect(total).toBeLessThan(24 * 3_600_000);
  });
});
