import type { Db, Tx } from '../db/database.js';
import { uuidv7 } from '../ids.js';
import type { Principal } from './principal.js';
import { RENEW_EVERY_MS, hashSessionToken, newSessionToken, renewedExpiry } from './sessions.js';
import type { StaffRole } from './staff-users.repo.js';

/** Storage of staff sessions: created at sign-in, checked on every request, revoked at sign-out. */

export interface SessionLifetime {
  idleMinutes: number;
  maxHours: number;
}

export interface NewSession {
  id: string;
  token: string;
  csrfToken: string;
  expiresAt: string;
  absoluteExpiresAt: string;
}

export async function createSession(
  tx: Tx,
  staffUserId: string,
  client: { ip: string | null; userAgent: string | null },
  lifetime: SessionLifetime,
  now: Date,
): Promise<NewSession> {
  const token = newSessionToken();
  const csrfToken = newSessionToken();
  const absoluteExpiresAt = new Date(now.getTime() + lifetime.maxHours * 3_600_000).toISOString();
  const expiresAt = renewedExpiry(now, lifetime.idleMinutes, absoluteExpiresAt);
  const id = uuidv7();
  await tx.q
    .insertInto('staff_sessions')
    .values({
      id,
      token_hash: hashSessionToken(token),
      csrf_hash: hashSessionToken(csrfToken),
      staff_user_id: staffUserId,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      absolute_expires_at: absoluteExpiresAt,
      revoked_at: null,
      ip: client.ip,
      user_agent: client.userAgent?.slice(0, 256) ?? null,
    })
    .execute();
  return { id, token, csrfToken, expiresAt, absoluteExpiresAt };
}

export interface ActiveSession {
  id: string;
  csrfHash: string;
  expiresAt: string;
  principal: Principal;
}

export type SessionCheck = { state: 'active'; session: ActiveSession } | { state: 'expired' } | { state: 'invalid' };

/** The session of a cookie token, renewing its idle expiry; expired, revoked or disabled → not active. */
export async function authenticateSession(db: Db, token: string, lifetime: SessionLifetime, now: Date): Promise<SessionCheck> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { state: 'invalid' };
  const row = await db.q
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.staff_user_id')
    .select(['s.id', 's.csrf_hash', 's.expires_at', 's.absolute_expires_at', 's.revoked_at', 'u.id as user_id', 'u.username', 'u.role', 'u.merchant_id', 'u.disabled'])
    .where('s.token_hash', '=', hashSessionToken(token))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.disabled === 1) return { state: 'invalid' };
  const at = now.toISOString();
  if (row.expires_at <= at) return { state: 'expired' };
  let expiresAt = row.expires_at;
  const renewed = renewedExpiry(now, lifetime.idleMinutes, row.absolute_expires_at);
  if (Date.parse(renewed) - Date.parse(row.expires_at) >= RENEW_EVERY_MS) {
    // Only ever forward: a slower concurrent request cannot shorten the session.
    await db.q.updateTable('staff_sessions').set({ expires_at: renewed }).where('id', '=', row.id).where('expires_at', '<', renewed).execute();
    expiresAt = renewed;
  }
  return {
    state: 'active',
    session: {
      id: row.id,
      csrfHash: row.csrf_hash,
      expiresAt,
      principal: {
        kind: 'staff',
        id: `staff:${row.user_id}`,
        role: row.role as StaffRole,
        name: row.username,
        ...(row.merchant_id ? { merchantId: row.merchant_id } : {}),
      },
    },
  };
}

export async function revokeSession(tx: Tx, id: string, now: Date): Promise<boolean> {
  const result = await tx.q.updateTable('staff_sessions').set({ revoked_at: now.toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends every session of a user; returns how many were still open. */
export async function revokeUserSessions(tx: Tx, staffUserId: string, now: Date): Promise<number> {
  const result = await tx.q
    .updateTable('staff_sessions')
    .set({ revoked_at: now.toISOString() })
    .where('staff_user_id', '=', staffUserId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes sessions that ended more than a day ago; bounded per call. */
export async function purgeSessions(db: Db, now: Date, limit = 1000): Promise<number> {
  const before = new Date(now.getTime() - 86_400_000).toISOString();
  const old = await db.q
    .selectFrom('staff_sessions')
    .select('id')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
    .limit(limit)
    .execute();
  if (old.length === 0) return 0;
  await db.q
    .deleteFrom('staff_sessions')
    .where(
      'id',
      'in',
      old.map((row) => row.id),
    )
    .execute();
  return old.length;
}
