import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import { Problem, problem } from '../errors.js';
import { type RateLimitCheck, currentCapacity, retryAfterS, windowOf } from './rate-limit.js';

/**
 * Rate-limit counters in the database, so a limit holds across every API process. Each attempt
 * is one atomic conditional upsert-increment (`… ON CONFLICT DO UPDATE … WHERE count < capacity`,
 * the same SQL on SQLite and PostgreSQL): concurrent attempts can never push a counter past its
 * capacity, and a refused attempt is not counted.
 */

export interface RateLimitTicket {
  bucket: string;
  keyHash: string;
  windowStart: string;
}

export type RateLimitOutcome = { allowed: true; ticket: RateLimitTicket } | { allowed: false; retryAfterS: number };

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

async function countAt(db: Db, bucket: string, keyHash: string, windowStart: string): Promise<number> {
  const row = await db.q
    .selectFrom('rate_limits')
    .select('count')
    .where('bucket', '=', bucket)
    .where('key_hash', '=', keyHash)
    .where('window_start', '=', windowStart)
    .executeTakeFirst();
  return row?.count ?? 0;
}

/** Counts one attempt if the limit allows it. */
export async function consumeRateLimit(db: Db, check: RateLimitCheck, now: Date): Promise<RateLimitOutcome> {
  const { startMs, elapsedMs, windowMs } = windowOf(now, check.windowS);
  const keyHash = hashKey(check.key);
  const windowStart = new Date(startMs).toISOString();
  const previous = await countAt(db, check.bucket, keyHash, new Date(startMs - windowMs).toISOString());
  const capacity = currentCapacity(check.limit, previous, elapsedMs, windowMs);
  if (capacity > 0) {
    const counted = await db.q
      .insertInto('rate_limits')
      .values({
        bucket: check.bucket,
        key_hash: keyHash,
        window_start: windowStart,
        count: 1,
        // Kept through the next window, where it is the "previous" count.
        expires_at: new Date(startMs + 2 * windowMs).toISOString(),
      })
      .onConflict((oc) =>
        oc
          .columns(['bucket', 'key_hash', 'window_start'])
          .doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) }))
          .where('rate_limits.count', '<', capacity),
      )
      .returning('count')
      .executeTakeFirst();
    if (counted) return { allowed: true, ticket: { bucket: check.bucket, keyHash, windowStart } };
  }
  const current = await countAt(db, check.bucket, keyHash, windowStart);
  return { allowed: false, retryAfterS: retryAfterS(check.limit, previous, current, elapsedMs, windowMs) };
}

/** Takes back an attempt that turned out not to count (e.g. a correct code). */
export async function refundRateLimit(db: Db, ticket: RateLimitTicket): Promise<void> {
  await db.q
    .updateTable('rate_limits')
    .set((eb) => ({ count: eb('count', '-', 1) }))
    .where('bucket', '=', ticket.bucket)
    .where('key_hash', '=', ticket.keyHash)
    .where('window_start', '=', ticket.windowStart)
    .where('count', '>', 0)
    .execute();
}

export async function refundRateLimits(db: Db, tickets: readonly RateLimitTicket[]): Promise<void> {
  for (const ticket of tickets) await refundRateLimit(db, ticket);
}

/**
 * Counts one attempt against every check, or none: when one refuses, the ones already counted
 * are refunded and a 429 `rate_limited` with Retry-After is thrown.
 */
export async function enforceRateLimits(db: Db, checks: readonly RateLimitCheck[], now: Date): Promise<RateLimitTicket[]> {
  const tickets: RateLimitTicket[] = [];
  for (const check of checks) {
    const outcome = await consumeRateLimit(db, check, now);
    if (!outcome.allowed) {
      await refundRateLimits(db, tickets);
      throw problem('rate_limited', `too many attempts (${check.bucket}); retry after ${outcome.retryAfterS} s`, {
        retryAfterS: outcome.retryAfterS,
      });
    }
    tickets.push(outcome.ticket);
  }
  return tickets;
}

/**
 * Limits only the FAILURES of an attempt (wrong codes, wrong passwords): the attempt is counted
 * before it runs, so concurrent guesses cannot slip past the limit, and refunded when it
 * succeeds or fails for a reason that is not a failure of the guess.
 */
export async function limitFailures<T>(
  db: Db,
  checks: readonly RateLimitCheck[],
  now: Date,
  attempt: () => Promise<T>,
  isFailure: (error: unknown) => boolean = (error) => error instanceof Problem && error.status < 500,
): Promise<T> {
  const tickets = await enforceRateLimits(db, checks, now);
  try {
    const result = await attempt();
    await refundRateLimits(db, tickets);
    return result;
  } catch (error) {
    if (!isFailure(error)) await refundRateLimits(db, tickets);
    throw error;
  }
}

/** Deletes counters whose windows can no longer matter; bounded per call. */
export async function purgeRateLimits(db: Db, now: Date, limit = 5000): Promise<number> {
  const cutoff = await db.q
    .selectFrom('rate_limits')
    .select('expires_at')
    .where('expires_at', '<', now.toISOString())
    .orderBy('expires_at')
    .offset(limit - 1)
    .limit(1)
    .executeTakeFirst();
  const result = await db.q
    .deleteFrom('rate_limits')
    .where('expires_at', '<', now.toISOString())
    .$if(cutoff !== undefined, (qb) => qb.where('expires_at', '<=', cutoff?.expires_at ?? ''))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
