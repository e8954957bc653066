import { createHash, randomBytes } from 'node:crypto';
import type { Db, Tx } from '../db/database.js';
import { problem } from '../errors.js';
import { uuidv7 } from '../ids.js';
import type { Principal, Role } from './principal.js';

/**
 * API keys: `sk_live_` + 32 base62 characters (190 random bits). Only a SHA-256 of the key is
 * stored (a slow hash adds nothing for a secret this long), looked up by equality.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KEY_PATTERN = /^sk_live_[0-9A-Za-z]{32}$/;
const LAST_USED_RESOLUTION_MS = 60_000;

export function generateKeySecret(): string {
  const bytes = randomBytes(64);
  let out = '';
  for (const byte of bytes) {
    // 248 = 62 × 4: rejecting larger bytes keeps every character equally likely.
    if (byte < 248) out += ALPHABET[byte % 62];
    if (out.length === 32) break;
  }
  if (out.length < 32) return generateKeySecret();
  return `sk_live_${out}`;
}

export function hashKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  merchant_id: string | null;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface NewKey {
  name: string;
  role: Role;
  merchantId?: string | null;
  expiresAt?: Date | null;
}

/** Creates a key and returns it with its secret, which is never available again. */
export async function createApiKey(tx: Tx, input: NewKey, createdBy: string, now: Date): Promise<{ key: ApiKeyView; secret: string }> {
  if (input.role === 'merchant' && !input.merchantId) throw problem('merchant_id_required');
  if (input.role !== 'merchant' && input.merchantId) throw problem('merchant_id_not_allowed');
  if (input.expiresAt && input.expiresAt <= now) throw problem('validation_failed', 'expires_at must be in the future');
  const secret = generateKeySecret();
  const row = {
    id: uuidv7(),
    name: input.name,
    prefix: secret.slice(0, 12),
    secret_hash: hashKey(secret),
    role: input.role,
    merchant_id: input.merchantId ?? null,
    created_by: createdBy,
    created_at: now.toISOString(),
    expires_at: input.expiresAt ? input.expiresAt.toISOString() : null,
    revoked_at: null,
    last_used_at: null,
  };
  await tx.q.insertInto('api_keys').values(row).execute();
  const { secret_hash: _hash, ...key } = row;
  return { key: key as ApiKeyView, secret };
}

/** The principal of a presented key, or null when it is unknown, revoked or expired. */
export async function authenticateKey(db: Db, secret: string, now: Date): Promise<Principal | null> {
  if (!KEY_PATTERN.test(secret)) return null;
  const row = await db.q.selectFrom('api_keys').selectAll().where('secret_hash', '=', hashKey(secret)).executeTakeFirst();
  if (!row || row.revoked_at !== null) return null;
  if (row.expires_at !== null && row.expires_at <= now.toISOString()) return null;
  const stale = row.last_used_at === null || Date.parse(row.last_used_at) < now.getTime() - LAST_USED_RESOLUTION_MS;
  if (stale) await db.q.updateTable('api_keys').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  return {
    kind: 'api_key',
    id: `key:${row.id}`,
    role: row.role as Role,
    name: row.name,
    ...(row.merchant_id ? { merchantId: row.merchant_id } : {}),
  };
}

export async function countApiKeys(db: Db): Promise<number> {
  const row = await db.q.selectFrom('api_keys').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}
