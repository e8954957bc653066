import type { Db } from '../db/database.js';

/** Storage of Idempotency-Key claims and the responses they replay. */

export type Claim =
  | { kind: 'fresh' }
  | { kind: 'replay'; status: number; type: string; body: string }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

export interface ClaimRequest {
  caller: string;
  key: string;
  requestHash: string;
  now: Date;
  lockMs: number;
  ttlMs: number;
}

export async function claimKey(db: Db, request: ClaimRequest): Promise<Claim> {
  const { caller, key, requestHash, now, lockMs, ttlMs } = request;
  const lockedUntil = new Date(now.getTime() + lockMs).toISOString();
  const inserted = await db.q
    .insertInto('idempotency_keys')
    .values({
      caller,
      key,
      request_hash: requestHash,
      state: 'running',
      locked_until: lockedUntil,
      response_status: null,
      response_type: null,
      response_body: null,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['caller', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return { kind: 'fresh' };
  const row = await db.q
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('caller', '=', caller)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return claimKey(db, request);
  const expired = row.created_at < new Date(now.getTime() - ttlMs).toISOString();
  if (expired) {
    await db.q.deleteFrom('idempotency_keys').where('caller', '=', caller).where('key', '=', key).where('created_at', '=', row.created_at).execute();
    return claimKey(db, request);
  }
  if (row.request_hash !== requestHash) return { kind: 'mismatch' };
  if (row.state === 'done') {
    return { kind: 'replay', status: row.response_status ?? 200, type: row.response_type ?? 'application/json', body: row.response_body ?? '' };
  }
  if (row.locked_until > now.toISOString()) return { kind: 'in_progress' };
  // The first attempt died without answering: take its place, unless another retry just did.
  const taken = await db.q
    .updateTable('idempotency_keys')
    .set({ locked_until: lockedUntil })
    .where('caller', '=', caller)
    .where('key', '=', key)
    .where('state', '=', 'running')
    .where('locked_until', '=', row.locked_until)
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1 ? { kind: 'fresh' } : { kind: 'in_progress' };
}

export async function completeKey(db: Db, caller: string, key: string, status: number, type: string, body: string): Promise<void> {
  await db.q
    .updateTable('idempotency_keys')
    .set({ state: 'done', response_status: status, response_type: type, response_body: body })
    .where('caller', '=', caller)
    .where('key', '=', key)
    .execute();
}

export async function releaseKey(db: Db, caller: string, key: string): Promise<void> {
  await db.q.deleteFrom('idempotency_keys').where('caller', '=', caller).where('key', '=', key).where('state', '=', 'running').execute();
}

export async function purgeKeys(db: Db, createdBefore: Date, limit = 5000): Promise<number> {
  const old = await db.q
    .selectFrom('idempotency_keys')
    .select(['caller', 'key'])
    .where('created_at', '<', createdBefore.toISOString())
    .limit(limit)
    .execute();
  for (const row of old) {
    await db.q.deleteFrom('idempotency_keys').where('caller', '=', row.caller).where('key', '=', row.key).execute();
  }
  return old.length;
}
