import { randomInt } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * Staff passwords are hashed with Argon2id (memory-hard), using OWASP's baseline parameters:
 * 19 MiB, 2 passes, 1 lane. The PHC string carries its own parameters, so they can be raised
 * later without invalidating stored hashes.
 */

export const PASSWORD_MIN_CHARS = 12;
/** Bounds the hashing work an attacker can ask for. */
export const PASSWORD_MAX_CHARS = 256;
const ARGON2ID = 2 as Algorithm;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash; with no hash (unknown user) it still does the same
 * work against a dummy hash, so the answer takes about as long either way.
 */
export async function checkPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_CHARS) return false;
  if (storedHash === null) {
    dummyHash ??= hashPassword('dummy password that matches nothing');
    await verify(await dummyHash, password);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/** A random password for a new staff user: 20 characters from an unambiguous alphabet (~114 bits). */
export function generatePassword(): string {
  let out = '';
  for (let i = 0; i < 20; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
