import { type Db, transaction } from '../db/database.js';
import { recordAudit } from './audit.js';
import { generatePassword, hashPassword } from './passwords.js';
import type { Actor } from './principal.js';
import { type StaffRole, type StaffUserView, insertStaffUser } from './staff-users.repo.js';

/** Creating a staff user, shared by the API and `scrip staff create`. */

export interface CreateStaffUser {
  username: string;
  /** Omitted: one is generated and returned, once. */
  password?: string | undefined;
  role: StaffRole;
  merchantId?: string | null | undefined;
}

export async function createStaffUser(
  db: Db,
  input: CreateStaffUser,
  actor: Actor,
  now: Date,
): Promise<{ user: StaffUserView; generatedPassword: string | null }> {
  const generatedPassword = input.password === undefined ? generatePassword() : null;
  // Hash before the transaction: Argon2 takes tens of milliseconds, too long to hold locks.
  const passwordHash = await hashPassword(input.password ?? (generatedPassword as string));
  const user = await transaction(db, async (tx) => {
    const created = await insertStaffUser(tx, { username: input.username, passwordHash, role: input.role, merchantId: input.merchantId ?? null }, actor.principal.id, now);
    await recordAudit(tx, actor, { action: 'staff_user.create', entityType: 'staff_user', entityId: created.id, after: created }, now);
    return created;
  });
  return { user, generatedPassword };
}
