import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatYuan, parseAmount } from './amount.js';
import { parseFileTime, periodOf } from './time-zone.js';

describe('parseAmount', () => {
  it.each([
    ['12.34', 'yuan', 1234],
    ['12.3', 'yuan', 1230],
    ['12', 'yuan', 1200],
    [' -0.05 ', 'yuan', -5],
    ['+7.10', 'yuan', 710],
    ['0.1', 'yuan', 10],
    ['1234', 'fen', 1234],
    ['-99', 'fen', -99],
  ] as const)('%s as %s is %d fen', (text, format, fen) => {
    expect(parseAmount(text, format)).toBe(fen);
  });

  it.each([
    ['12.345', 'yuan'],
    ['1,234.00', 'yuan'],
    ['1e3', 'yuan'],
    ['12.', 'yuan'],
    ['.5', 'yuan'],
    ['', 'yuan'],
    ['abc', 'yuan'],
    ['12.5', 'fen'],
    ['9999999999999999999', 'fen'],
    ['¥12', 'yuan'],
  ] as const)('refuses %j as %s', (text, format) => {
    expect(parseAmount(text, format)).toBeNull();
  });

  it('reads back every amount it formats, exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e14, max: 1e14 }), (fen) => {
        expect(parseAmount(formatYuan(fen), 'yuan')).toBe(fen);
      }),
    );
  });
});

describe('platform time zone', () => {
  it('runs a Shanghai day from 16:00 UTC to 16:00 UTC', () => {
    expect(periodOf('2026-03-01', '2026-03-31', 'Asia/Shanghai')).toEqual({
      from_date: '2026-03-01',
      to_date: '2026-03-31',
      from: '2026-02-28T16:00:00.000Z',
      to: '2026-03-31T16:00:00.000Z',
    });
  });

  it('follows daylight saving time in zones that have it', () => {
    const period = periodOf('2026-03-08', '2026-03-08', 'America/New_York');
    expect(period).toMatchObject({ from: '2026-03-08T05:00:00.000Z', to: '2026-03-09T04:00:00.000Z' });
  });

  it('reads file times as local times unless they carry an offset', () => {
    expect(parseFileTime('2026-03-05 10:00:00', 'Asia/Shanghai')?.toISOString()).toBe('2026-03-05T02:00:00.000Z');
    expect(parseFileTime('2026/03/05 10:00', 'Asia/Shanghai')?.toISOString()).toBe('2026-03-05T02:00:00.000Z');
    expect(parseFileTime('2026-03-05T10:00:00Z', 'Asia/Shanghai')?.toISOString()).toBe('2026-03-05T10:00:00.000Z');
    expect(parseFileTime('2026-13-05 10:00', 'Asia/Shanghai')).toBeNull();
    expect(parseFileTime('yesterday', 'Asia/Shanghai')).toBeNull();
  });
});
