/**
 * What gift card codes and coupon codes share: Crockford's base32 alphabet (no I, L, O or U, so
 * nothing reads as another character or a word), how typed input is made canonical, how a
 * digest becomes characters, and how a code is shown in groups of four. Each kind keeps its own
 * length and check character (src/giftcards/codes.ts, src/coupons/codes.ts).
 */

export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const VALUE_OF = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE_OF[ALPHABET.charCodeAt(i)] = i;

/** A character's value in ALPHABET, or -1 when it is not one of its characters. */
export function characterValue(char: string): number {
  return VALUE_OF[char.charCodeAt(0)] ?? -1;
}

const LOOKALIKES: Record<string, string> = { O: '0', I: '1', L: '1' };

/** What a person typed or pasted → canonical characters: upper case, no spaces or dashes, O→0, I/L→1. */
export function canonicalCharacters(input: string): string {
  let out = '';
  for (const char of input.toUpperCase()) {
    if (char === '-' || /\s/.test(char)) continue;
    out += LOOKALIKES[char] ?? char;
  }
  return out;
}

/** The first `length` × 5 bits of `bytes`, most significant first, as ALPHABET characters. */
export function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === length) return out;
  }
  throw new Error(`base32: ${bytes.length} bytes hold fewer than ${length} characters`);
}

/** "ABCDEFGHJ" → "ABCD EFGH J" (or with another separator): how a code is shown. */
export function inFours(code: string, separator = ' '): string {
  return code.replace(/(.{4})(?=.)/g, `$1${separator}`);
}
