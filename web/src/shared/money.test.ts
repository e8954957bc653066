import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney, toDecimalString } from './money.js';

describe('money on screen', () => {
  it.each([
    [0, 'CNY', '0.00'],
    [1, 'CNY', '0.01'],
    [99, 'CNY', '0.99'],
    [100, 'CNY', '1.00'],
    [123456, 'CNY', '1234.56'],
    [-5, 'CNY', '-0.05'],
    [-123456, 'CNY', '-1234.56'],
    [500, 'JPY', '500'],
    [1234, 'KWD', '1.234'],
    [Number.MAX_SAFE_INTEGER, 'CNY', '90071992547409.91'],
  ])('%i %s is the decimal %s', (minor, currency, decimal) => {
    expect(toDecimalString(minor, currency)).toBe(decimal);
  });

  it('formats per locale with the currency symbol and grouping', () => {
    expect(formatMoney(123456, 'CNY', 'zh-CN')).toBe('¥1,234.56');
    expect(formatMoney(123456, 'CNY', 'en')).toBe('¥1,234.56');
    expect(formatMoney(-9500, 'CNY', 'en')).toBe('-¥95.00');
    expect(formatMoney(123456, 'EUR', 'de-DE')).toBe('1.234,56\u00a0€');
  });

  it('is exact for every safe integer, where float division is not', () => {
    // 90071992547409.91 cannot be represented as a double; the decimal string keeps every fen.
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'CNY', 'en')).toBe('¥90,071,992,547,409.91');
    expect(formatMoney(10n ** 20n + 7n, 'CNY', 'en')).toBe('¥1,000,000,000,000,000,000.07');
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (minor) => {
        const text = formatMoney(minor, 'CNY', 'en').replace(/[¥,]/g, '');
        const [major, fraction] = text.replace('-', '').split('.') as [string, string];
        const back = BigInt(major) * 100n + BigInt(fraction);
        return (minor < 0 ? -back : back) === BigInt(minor);
      }),
    );
  });

  it('refuses amounts that are not whole minor units', () => {
    expect(() => toDecimalString(1.5, 'CNY')).toThrow(RangeError);
  });

  it.each([
    ['95', 9500],
    ['95.5', 9550],
    ['0.01', 1],
    ['1,234.50', 123450],
    ['¥ 12', 1200],
    ['12.', 1200],
  ])('reads %s as %i fen', (input, minor) => {
    expect(parseMoney(input, 'CNY')).toEqual({ ok: true, minor });
  });

  it.each([
    ['', 'empty'],
    ['abc', 'not_a_number'],
    ['-5', 'not_a_number'],
    ['1.234', 'too_many_decimals'],
    ['1e3', 'not_a_number'],
    ['99999999999999999', 'too_large'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(parseMoney(input, 'CNY')).toEqual({ ok: false, reason });
  });

  it('parses what it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (minor) => {
        const parsed = parseMoney(formatMoney(minor, 'CNY', 'zh-CN'), 'CNY');
        return parsed.ok && parsed.minor === minor;
      }),
    );
  });
});
