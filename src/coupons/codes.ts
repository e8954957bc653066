import { createHmac } from 'node:crypto';
import { ALPHABET, base32, canonicalCharacters, inFours, characterValue } from '../codes.js';

/**
 * Coupon redeem codes: 80 random-looking bits in Crockford base32 (src/codes.ts, as gift card
 * codes), 16 characters and a Luhn mod 32 check character that catches any single mistyped
 * character and most swaps, shown in groups of four with dashes; input is made canonical as for
 * gift cards (case, spaces, dashes, O→0, I/L→1).
 *
 * A code is derived from a server key and (coupon id, serial) with HMAC, so it is unguessable
 * without the key, the database keeps only a keyed hash of it, and the one-time export can
 * produce the codes again without ever storing them.
 */

export { ALPHABET };
const DATA_CHARS = 16;

function checkChar(data: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = data.length - 1; i >= 0; i--) {
    let addend = factor * characterValue(data[i] as string);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / 32) + (addend % 32);
    sum += addend;
  }
  return ALPHABET[(32 - (sum % 32)) % 32] as string;
}

export function deriveCode(key: string, itemId: string, serial: number): string {
  const data = base32(createHmac('sha256', key).update(`coupon-code:${itemId}:${serial}`).digest(), DATA_CHARS);
  return data + checkChar(data);
}

/** XXXX-XXXX-XXXX-XXXX-X */
export function formatCode(code: string): string {
  return inFours(code, '-');
}

/** The canonical form of typed input, or null when it cannot be a valid code. */
export function normaliseCode(input: string): string | null {
  const code = canonicalCharacters(input);
  if (code.length !== DATA_CHARS + 1 || [...code].some((c) => characterValue(c) < 0)) return null;
  return checkChar(code.slice(0, DATA_CHARS)) === code.slice(DATA_CHARS) ? code : null;
}

export function hashCode(key: string, code: string): string {
  return createHmac('sha256', key).update(`coupon-code-hash:${code}`).digest('hex');
}
