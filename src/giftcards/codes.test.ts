import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALPHABET, CODE_LENGTH, generateCardNumber, generateCode, groupCode, hashCode, isCardNumber, isWellFormedCode, normaliseCode } from './codes.js';

describe('card codes', () => {
  it('are 27 characters of Crockford base32 with a valid check character, all different', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = generateCode();
      expect(code).toHaveLength(CODE_LENGTH);
      expect(isWellFormedCode(code)).toBe(true);
      seen.add(code);
    }
    expect(seen.size).toBe(2000);
  });

  it('catch every single mistyped character', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: CODE_LENGTH - 2 }), fc.integer({ min: 1, max: 31 }), (position, shift) => {
        const code = generateCode();
        const wrong = ALPHABET[(ALPHABET.indexOf(code[position] as string) + shift) % 32] as string;
        const typo = code.slice(0, position) + wrong + code.slice(position + 1);
        expect(isWellFormedCode(typo)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('catch every swap of two adjacent different characters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: CODE_LENGTH - 3 }), (position) => {
        const code = generateCode();
        const a = code[position] as string;
        const b = code[position + 1] as string;
        fc.pre(a !== b);
        const swapped = code.slice(0, position) + b + a + code.slice(position + 2);
        expect(isWellFormedCode(swapped)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('normalise what people type: case, spaces, dashes, O→0, I/L→1', () => {
    const code = generateCode();
    const typed = groupCode(code).toLowerCase().replace(/ /g, '-').replace(/0/g, 'o').replace(/1/g, 'l');
    expect(normaliseCode(typed)).toBe(code);
    expect(normaliseCode(' ab cd-ef ')).toBe('ABCDEF');
    expect(groupCode('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });

  it('hash with the server key: another key gives another hash, and the hash never contains the code', () => {
    const code = generateCode();
    expect(hashCode('k1', code)).not.toBe(hashCode('k2', code));
    expect(hashCode('k1', code)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('card numbers are 16 digits with a Luhn check digit', () => {
    for (let i = 0; i < 200; i++) {
      const number = generateCardNumber();
      expect(isCardNumber(number)).toBe(true);
      const last = Number(number[15]);
      expect(isCardNumber(number.slice(0, 15) + String((last + 1) % 10))).toBe(false);
    }
  });
});
