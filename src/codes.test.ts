import { describe, expect, it } from 'vitest';
import { ALPHABET, base32, canonicalCharacters, characterValue, inFours } from './codes.js';

describe('codes shared by gift cards and coupons', () => {
  it('reads typed or pasted input as canonical characters', () => {
    expect(canonicalCharacters(' abcd-efgh\tijkl\nmnop\u00a0qrsO ')).toBe('ABCDEFGH1JK1MN0PQRS0');
  });

  it('turns bytes into characters five bits at a time, most significant first', () => {
    // 0x00 0x44 0x32 = 00000 00001 00010 00011 0010 → 0, 1, 2, 3
    expect(base32(Uint8Array.from([0x00, 0x44, 0x32]), 4)).toBe('0123');
    expect(base32(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff]), 8)).toBe('ZZZZZZZZ');
    expect(() => base32(Uint8Array.from([1, 2]), 4)).toThrow(/fewer than 4 characters/);
  });

  it('knows which characters are in the alphabet', () => {
    expect([...ALPHABET].map(characterValue)).toEqual([...ALPHABET].map((_, i) => i));
    for (const char of ['I', 'L', 'O', 'U', 'a', '-', 'é']) expect(characterValue(char)).toBe(-1);
  });

  it('shows a code in groups of four', () => {
    expect(inFours('ABCDEFGHJ')).toBe('ABCD EFGH J');
    expect(inFours('ABCDEFGH', '-')).toBe('ABCD-EFGH');
  });
});
