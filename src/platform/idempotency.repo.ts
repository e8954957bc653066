import type { Db, Tx } from '../db/database.js';

/** Storage of Idempotency-Key claims and the responses they replay. */

export type Claim =
  | { kind: 'fresh' }
  | { kind: 'replay'; status: number; type: string; body: string }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' }
  /** The first request's work committed, but it ended before its answer was stored. */
  | { kind: 'answer_lost' };

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
  // Its work committed: running it again would do it twice.
  if (row.state === 'executed') return { kind: 'answer_lost' };
  // The first attempt died before its work committed: take its place, unless another retry just did.
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

/**
 * Marks a claimed key as carried out, inside the transaction that does the request's work: if
 * the process ends before the answer is stored, a retry learns the work was done instead of
 * doing it again.
 */
export async function markExecuted(tx: Tx, caller: string, key: string): Promise<void> {
  await tx.q
    .updateTable('idempotency_keys')
    .set({ state: 'executed' })
    .where('caller', '=', caller)
    .where('key', '=', key)
    .where('state', '=', 'running')
    .execute();
}

/**
 * Stores the answer to replay. A streamed request's hash is known only once its body has been
 * read, so it comes with the answer (requestHash).
 */
export async function completeKey(db: Db, caller: string, key: string, status: number, type: string, body: string, requestHash?: string): Promise<void> {
  await db.q
    .updateTable('idempotency_keys')
    .set({ state: 'done', response_status: status, response_type: type, response_body: body, ...(requestHash ? { request_hash: requestHash } : {}) })
    .where('caller', '=', caller)
    .where('key', '=', key)
    .execute();
}

export type StreamedClaim =
  | { kind: 'fresh' }
  | { kind: 'done'; requestHash: string; status: number; type: string; body: string }
  | { kind: 'in_progress' };

/**
 * Claims a key for a request whose body is a stream and cannot be hashed before it is handled:
 * a fresh key is taken with a placeholder hash (completeKey sets the real one); a key already
 * answered is returned with its hash for the caller to compare once it has read the body.
 */
export async function claimStreamedKey(db: Db, request: Omit<ClaimRequest, 'requestHash'>): Promise<StreamedClaim> {
  const claim = await claimKey(db, { ...request, requestHash: STREAMING });
  if (claim.kind === 'fresh' || claim.kind === 'in_progress') return claim;
  const row = await db.q
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('caller', '=', request.caller)
    .where('key', '=', request.key)
    .where('state', '=', 'done')
    .executeTakeFirst();
  if (!row) return { kind: 'in_progress' };
  return { kind: 'done', requestHash: row.request_hash, status: row.response_status ?? 200, type: row.response_type ?? 'application/json', body: row.response_body ?? '' };
}

/** The request hash of a streamed request still being read. */
const STREAMING = 'streaming';

/** Frees a key whose request did no work, so a retry runs; false when its work had committed. */
export async function releaseKey(db: Db, caller: string, key: string): Promise<boolean> {
  const released = await db.q.deleteFrom('idempotency_keys').where('caller', '=', caller).where('key', '=', key).where('state', '=', 'running').executeTakeFirst();
  return Number(released.numDeletedRows) > 0;
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
