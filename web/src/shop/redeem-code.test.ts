import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCodeInput, groupCode, MAX_CODE_LENGTH, normaliseCode } from './redeem-code.js';

describe('typing a gift card code', () => {
  it.each([
    ['abcd efgh-ijkl mnop', 'ABCDEFGH1JK1MN0P'],
    ['  0o1iLl  ', '001111'],
    ['ab_cd.ef/gh', 'ABCDEFGH'],
    ['ｘ中文', ''],
    ['a'.repeat(40), 'A'.repeat(MAX_CODE_LENGTH)],
  ])('normalises %j to %j', (raw, code) => {
    expect(normaliseCode(raw)).toBe(code);
  });

  it('groups in fours', () => {
    expect(groupCode('')).toBe('');
    expect(groupCode('ABC')).toBe('ABC');
    expect(groupCode('ABCD')).toBe('ABCD');
    expect(groupCode('ABCDE')).toBe('ABCD E');
    expect(groupCode('ABCDEFGH1JK1MN0P')).toBe('ABCD EFGH 1JK1 MN0P');
  });

  it('keeps the caret after the character just typed', () => {
    // Typing the fifth character at the end: "ABCD" + "e" → "ABCD E", caret at the end.
    expect(formatCodeInput('ABCDe', 5)).toEqual({ value: 'ABCD E', caret: 6 });
    // Typing "x" in the middle of "ABCD EFGH" after "AB": caret stays after the X.
    expect(formatCodeInput('ABxCD EFGH', 3)).toEqual({ value: 'ABXC DEFG H', caret: 3 });
    // Deleting the space before "E" leaves the caret before the E.
    expect(formatCodeInput('ABCDEFGH', 4)).toEqual({ value: 'ABCD EFGH', caret: 5 });
  });

  it('is idempotent and never moves the caret past the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.nat(), (raw, at) => {
        const caret = at % (raw.length + 1);
        const once = formatCodeInput(raw, caret);
        expect(formatCodeInput(once.value, once.value.length).value).toBe(once.value);
        expect(once.caret).toBeGreaterThanOrEqual(0);
        expect(once.caret).toBeLessThanOrEqual(once.value.length);
        expect(once.value.replace(/ /g, '')).toBe(normaliseCode(raw));
      }),
    );
  });
});
