import type { Db, Tx } from '../db/database.js';
import { problem } from '../errors.js';
import { uuidv7 } from '../ids.js';
import { type Page, decodeCursor, encodeCursor, pageSize } from '../pagination.js';
import type { Role } from './principal.js';

/** Staff users of the console. Passwords arrive here already hashed (hashing is slow: never inside a transaction). */

export const STAFF_USER_ROLES = ['admin', 'operations', 'finance', 'customer_service', 'auditor', 'merchant'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_USER_ROLES)[number];
export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$';

export interface StaffUserView {
  id: string;
  username: string;
  role: StaffRole;
  merchant_id: string | null;
  disabled: boolean;
  created_by: string;
  created_at: string;
  updated_at: string;
  last_sign_in_at: string | null;
}

export interface StaffUserRow extends StaffUserView {
  password_hash: string;
}

type Stored = {
  id: string;
  username: string;
  password_hash: string;
  role: string;
  merchant_id: string | null;
  disabled: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  last_sign_in_at: string | null;
};

function toRow(row: Stored): StaffUserRow {
  return { ...row, role: row.role as StaffRole, disabled: row.disabled === 1 };
}

export function staffUserView(row: StaffUserRow): StaffUserView {
  const { password_hash: _hash, ...view } = row;
  return view;
}

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

function checkMerchant(role: StaffRole, merchantId: string | null | undefined): void {
  if (role === 'merchant' && !merchantId) throw problem('merchant_id_required', 'merchant staff need merchant_id');
  if (role !== 'merchant' && merchantId) throw problem('merchant_id_not_allowed', 'only merchant staff carry merchant_id');
}

export interface NewStaffUser {
  username: string;
  passwordHash: string;
  role: StaffRole;
  merchantId?: string | null;
}

export async function insertStaffUser(tx: Tx, input: NewStaffUser, createdBy: string, now: Date): Promise<StaffUserView> {
  checkMerchant(input.role, input.merchantId);
  const at = now.toISOString();
  const row = {
    id: uuidv7(),
    username: normaliseUsername(input.username),
    password_hash: input.passwordHash,
    role: input.role,
    merchant_id: input.merchantId ?? null,
    disabled: 0,
    created_by: createdBy,
    created_at: at,
    updated_at: at,
    last_sign_in_at: null,
  };
  const inserted = await tx.q
    .insertInto('staff_users')
    .values(row)
    .onConflict((oc) => oc.column('username').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw problem('username_taken');
  return staffUserView(toRow(row));
}

export async function findStaffUser(db: Db | Tx, id: string): Promise<StaffUserRow | null> {
  const row = await db.q.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRow(row) : null;
}

export async function findStaffUserByUsername(db: Db, username: string): Promise<StaffUserRow | null> {
  const row = await db.q.selectFrom('staff_users').selectAll().where('username', '=', normaliseUsername(username)).executeTakeFirst();
  return row ? toRow(row) : null;
}

export async function listStaffUsers(db: Db, query: { cursor?: string; limit?: number }): Promise<Page<StaffUserView>> {
  const size = pageSize(query.limit);
  const after = decodeCursor<{ id: string }>(query.cursor, { id: 'string' });
  const rows = await db.q
    .selectFrom('staff_users')
    .selectAll()
    .$if(after !== undefined, (qb) => qb.where('id', '>', after?.id ?? ''))
    .orderBy('id')
    .limit(size + 1)
    .execute();
  const items = rows.slice(0, size).map((row) => staffUserView(toRow(row)));
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > size && last ? encodeCursor({ id: last.id }) : null };
}

export interface StaffUserChange {
  role?: StaffRole;
  merchantId?: string | null;
  disabled?: boolean;
  passwordHash?: string;
}

/** Applies a change; returns the user before and after (null when there is no such user). */
export async function updateStaffUser(
  tx: Tx,
  id: string,
  change: StaffUserChange,
  now: Date,
): Promise<{ before: StaffUserRow; after: StaffUserRow } | null> {
  const before = await tx.q
    .selectFrom('staff_users')
    .selectAll()
    .where('id', '=', id)
    .$if(tx.dialect === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!before) return null;
  const role = change.role ?? (before.role as StaffRole);
  const merchantId = change.merchantId !== undefined ? change.merchantId : change.role !== undefined && change.role !== 'merchant' ? null : before.merchant_id;
  checkMerchant(role, merchantId);
  const values = {
    role,
    merchant_id: merchantId,
    disabled: change.disabled === undefined ? before.disabled : change.disabled ? 1 : 0,
    password_hash: change.passwordHash ?? before.password_hash,
    updated_at: now.toISOString(),
  };
  await tx.q.updateTable('staff_users').set(values).where('id', '=', id).execute();
  return { before: toRow(before), after: toRow({ ...before, ...values }) };
}

export async function markSignedIn(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.q.updateTable('staff_users').set({ last_sign_in_at: now.toISOString() }).where('id', '=', id).execute();
}
