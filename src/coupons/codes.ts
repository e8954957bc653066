import { createHmac } from 'node:crypto';

/**
 * Coupon redeem codes, by the same rules as gift card codes: 80 random-looking bits in Crockford
 * base32 (no I, L, O, U), a Luhn mod 32 check character that catches any single mistyped
 * character and most swaps, shown in groups of four, and input normalised (case, spaces,
 * dashes, O→0, I/L→1).
 *
 * A code is derived from a server key and (coupon id, serial) with HMAC, so it is unguessable
 * without the key, the database keeps only a keyed hash of it, and the one-time export can
 * produce the codes again without ever storing them.
 */

export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_CHARS = 16;

function checkChar(data: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = data.length - 1; i >= 0; i--) {
    let addend = factor * ALPHABET.indexOf(data[i] as string);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / 32) + (addend % 32);
    sum += addend;
  }
  return ALPHABET[(32 - (sum % 32)) % 32] as string;
}

export function deriveCode(key: string, itemId: string, serial: number): string {
  const digest = createHmac('sha256', key).update(`coupon-code:${itemId}:${serial}`).digest();
  let bits = 0n;
  for (let i = 0; i < 10; i++) bits = (bits << 8n) | BigInt(digest[i] as number);
  let data = '';
  for (let i = 0; i < DATA_CHARS; i++) {
    data = ALPHABET[Number(bits & 31n)] + data;
    bits >>= 5n;
  }
  return data + checkChar(data);
}

/** XXXX-XXXX-XXXX-XXXX-X */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/** The canonical form of typed input, or null when it cannot be a valid code. */
export function normaliseCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== DATA_CHARS + 1 || ![...code].every((c) => ALPHABET.includes(c))) return null;
  return checkChar(code.slice(0, DATA_CHARS)) === code.slice(DATA_CHARS) ? code : null;
}

export function hashCode(key: string, code: string): string {
  return createHmac('sha256', key).update(`coupon-code-hash:${code}`).digest('hex');
}
