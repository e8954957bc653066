import type { Db, Tx } from '../db/database.js';
import { type Page, decodeCursor, encodeCursor, pageSize } from '../pagination.js';
import type { ApiKeyView } from './api-keys.js';
import type { Role } from './principal.js';

/** Reading and revoking API keys. Nothing here ever selects the key hash. */

const VIEW_COLUMNS = ['id', 'name', 'prefix', 'role', 'merchant_id', 'created_by', 'created_at', 'expires_at', 'revoked_at', 'last_used_at'] as const;

type Stored = Omit<ApiKeyView, 'role'> & { role: string };

function toView(row: Stored): ApiKeyView {
  return { ...row, role: row.role as Role };
}

export async function findApiKey(db: Db | Tx, id: string): Promise<ApiKeyView | null> {
  const row = await db.q.selectFrom('api_keys').select(VIEW_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? toView(row) : null;
}

export interface KeyQuery {
  cursor?: string;
  limit?: number;
  role?: Role;
  /** true: only keys that still work; false: only revoked or expired ones. */
  active?: boolean;
}

/** Newest first (ids are time-ordered). */
export async function listApiKeys(db: Db, query: KeyQuery, now: Date): Promise<Page<ApiKeyView>> {
  const size = pageSize(query.limit);
  const before = decodeCursor<{ id: string }>(query.cursor, { id: 'string' });
  const at = now.toISOString();
  const rows = await db.q
    .selectFrom('api_keys')
    .select(VIEW_COLUMNS)
    .$if(before !== undefined, (qb) => qb.where('id', '<', before?.id ?? ''))
    .$if(query.role !== undefined, (qb) => qb.where('role', '=', query.role ?? ''))
    .$if(query.active === true, (qb) =>
      qb.where('revoked_at', 'is', null).where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)])),
    )
    .$if(query.active === false, (qb) => qb.where((eb) => eb.or([eb('revoked_at', 'is not', null), eb('expires_at', '<=', at)])))
    .orderBy('id', 'desc')
    .limit(size + 1)
    .execute();
  const items = rows.slice(0, size).map(toView);
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > size && last ? encodeCursor({ id: last.id }) : null };
}

/** Revokes a key once; returns the key before and after, or only `after` when it was already revoked. */
export async function revokeApiKey(tx: Tx, id: string, now: Date): Promise<{ before: ApiKeyView | null; after: ApiKeyView } | null> {
  const before = await findApiKey(tx, id);
  if (!before) return null;
  const result = await tx.q.updateTable('api_keys').set({ revoked_at: now.toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return { before: null, after: (await findApiKey(tx, id)) ?? before };
  return { before, after: { ...before, revoked_at: now.toISOString() } };
}
