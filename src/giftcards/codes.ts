import { createHmac, randomBytes, randomInt } from 'node:crypto';

/**
 * Card codes (卡密) and card numbers (卡号). A code is 26 Crockford base32 characters drawn from
 * a CSPRNG (130 random bits) plus one check character (mod 37, Crockford's check alphabet),
 * which catches every single mistyped character and every swap of two adjacent characters.
 * The server keeps only HMAC-SHA256(secret, code) and the last four characters.
 */

export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_ALPHABET = `${ALPHABET}*~$=U`;
export const CODE_DATA_LENGTH = 26;
export const CODE_LENGTH = CODE_DATA_LENGTH + 1;
const LOOKALIKES: Record<string, string> = { O: '0', I: '1', L: '1' };

function checkCharacter(data: string): string {
  let mod = 0;
  for (const char of data) mod = (mod * 32 + ALPHABET.indexOf(char)) % 37;
  return CHECK_ALPHABET[mod] as string;
}

/** A new random code, normalised (no separators). */
export function generateCode(): string {
  const bytes = randomBytes(CODE_DATA_LENGTH);
  let data = '';
  // Each byte's low five bits: 26 × 5 = 130 bits, uniformly distributed.
  for (const byte of bytes) data += ALPHABET[byte & 31];
  return data + checkCharacter(data);
}

/** What a person typed → the canonical code: upper case, no spaces or dashes, O→0, I/L→1. */
export function normaliseCode(input: string): string {
  let out = '';
  for (const char of input.toUpperCase()) {
    if (char === ' ' || char === '-' || char === '\t') continue;
    out += LOOKALIKES[char] ?? char;
  }
  return out;
}

/** True when a normalised code has the right length, alphabet and check character. */
export function isWellFormedCode(code: string): boolean {
  if (code.length !== CODE_LENGTH) return false;
  const data = code.slice(0, CODE_DATA_LENGTH);
  for (const char of data) if (!ALPHABET.includes(char)) return false;
  return checkCharacter(data) === code[CODE_DATA_LENGTH];
}

/** "ABCDEFGH…" → "ABCD EFGH …": how a code is shown. */
export function groupCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ');
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
  for (let i = 0; i < 14; i++) body += String(randomInt(10));
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
