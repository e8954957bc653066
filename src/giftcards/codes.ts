import { createHmac, randomBytes } from 'node:crypto';
import { ALPHABET, base32, canonicalCharacters, inFours, characterValue } from '../codes.js';

/**
 * Card codes (卡密) and card numbers (卡号). A code is 26 Crockford base32 characters drawn from
 * a CSPRNG (130 random bits) plus one check character (mod 37, Crockford's check alphabet),
 * which catches every single mistyped character and every swap of two adjacent characters.
 * The server keeps only HMAC-SHA256(secret, code) and the last four characters.
 */

export { ALPHABET };
const CHECK_ALPHABET = `${ALPHABET}*~$=U`;
export const CODE_DATA_LENGTH = 26;
export const CODE_LENGTH = CODE_DATA_LENGTH + 1;

function checkCharacter(data: string): string {
  let mod = 0;
  for (const char of data) mod = (mod * 32 + characterValue(char)) % 37;
  return CHECK_ALPHABET[mod] as string;
}

/**
 * CSPRNG bytes drawn 16 KiB at a time: one system call serves hundreds of codes, which is what
 * makes a million-card batch cheap. Each byte is used once.
 */
const POOL_BYTES = 16_384;
let pool = Buffer.alloc(0);
let poolOffset = 0;
function randomByte(): number {
  if (poolOffset >= pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  return pool[poolOffset++] as number;
}

/** A new random code, normalised (no separators). */
export function generateCode(): string {
  let data = '';
  // Each byte's low five bits: 26 × 5 = 130 bits, uniformly distributed.
  for (let i = 0; i < CODE_DATA_LENGTH; i++) data += ALPHABET[randomByte() & 31];
  return data + checkCharacter(data);
}

/** What a person typed → the canonical code: upper case, no spaces or dashes, O→0, I/L→1. */
export const normaliseCode = canonicalCharacters;

/** True when a normalised code has the right length, alphabet and check character. */
export function isWellFormedCode(code: string): boolean {
  if (code.length !== CODE_LENGTH) return false;
  const data = code.slice(0, CODE_DATA_LENGTH);
  for (const char of data) if (characterValue(char) < 0) return false;
  return checkCharacter(data) === code[CODE_DATA_LENGTH];
}

/** "ABCDEFGH…" → "ABCD EFGH …": how a code is shown. */
export function groupCode(code: string): string {
  return inFours(code);
}

export function hashCode(secret: string, code: string): string {
  return createHmac('sha256', secret).update(`giftcard-code:${code}`).digest('hex');
}

export function lastFour(value: string): string {
  return value.slice(-4);
}

/**
 * A public card number: 16 digits, starting with 8, random, ending in a Luhn check digit so a
 * customer-service agent's typo is caught before a look-up.
 */
export function generateCardNumber(): string {
  let body = '8';
  while (body.length < 15) {
    const byte = randomByte();
    // 250 = 25 × 10: rejecting 250–255 keeps every digit equally likely.
    if (byte < 250) body += String(byte % 10);
  }
  return body + luhnDigit(body);
}

export function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

export function isCardNumber(value: string): boolean {
  return /^\d{16}$/.test(value) && luhnDigit(value.slice(0, 15)) === value[15];
}

/**
 * A batch card's code, derived from the batch's secret seed and the card number, so a million
 * codes need not be kept anywhere until their one-time export regenerates them.
 */
export function deriveCode(seed: Buffer, number: string): string {
  const data = base32(createHmac('sha256', seed).update(number).digest(), CODE_DATA_LENGTH);
  return data + checkCharacter(data);
}
