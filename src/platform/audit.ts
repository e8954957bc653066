import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import { canonicalJson } from '../json.js';
import type { Actor } from './principal.js';

/**
 * The append-only, hash-chained audit log. An entry is written in the same transaction as the
 * change it describes; the sealer then links committed entries into one chain (each entry's hash
 * covers the previous hash), so a changed or deleted entry breaks the chain and `verify` names it.
 * Sealing after commit keeps a single hot "chain head" row out of every mutation.
 */

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string;
  /** Summaries without secrets. */
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(tx: Tx | Db, actor: Actor, entry: AuditInput, at: Date): Promise<void> {
  await tx.q
    .insertInto('audit_log')
    .values({
      at: at.toISOString(),
      actor_id: actor.principal.id,
      actor_kind: actor.principal.kind,
      role: actor.principal.role,
      channel: actor.channel,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: entry.before === undefined ? null : canonicalJson(entry.before),
      after: entry.after === undefined ? null : canonicalJson(entry.after),
      request_id: actor.requestId,
      ip: actor.ip,
      chain_seq: null,
      prev_hash: null,
      hash: null,
    })
    .execute();
}

interface Row {
  seq: number;
  at: string;
  actor_id: string;
  actor_kind: string;
  role: string | null;
  channel: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: string | null;
  after: string | null;
  request_id: string | null;
  ip: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

export function entryHash(prevHash: string, chainSeq: number, row: Row): string {
  const body = canonicalJson({
    chain_seq: chainSeq,
    seq: row.seq,
    at: row.at,
    actor_id: row.actor_id,
    actor_kind: row.actor_kind,
    role: row.role,
    channel: row.channel,
    action: row.action,
    entity_type: row.entity_type,
    entity_id: row.entity_id,
    before: row.before,
    after: row.after,
    request_id: row.request_id,
    ip: row.ip,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

const CHAIN_FIELDS = ['seq', 'at', 'actor_id', 'actor_kind', 'role', 'channel', 'action', 'entity_type', 'entity_id', 'before', 'after', 'request_id', 'ip'] as const;

/**
 * Links committed, unsealed entries into the chain, oldest first. One sealer at a time: on
 * PostgreSQL an advisory transaction lock, on SQLite the write lock of BEGIN IMMEDIATE.
 */
export async function sealAudit(db: Db, limit = 2000): Promise<number> {
  return db.q.transaction().execute(async (q) => {
    if (db.dialect === 'postgres') {
      const lock = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(7310001) as ok`.execute(q);
      if (!lock.rows[0]?.ok) return 0;
    }
    const head = await q
      .selectFrom('audit_log')
      .select(['chain_seq', 'hash'])
      .where('chain_seq', 'is not', null)
      .orderBy('chain_seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    let chainSeq = head?.chain_seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const rows = await q.selectFrom('audit_log').select(CHAIN_FIELDS).where('chain_seq', 'is', null).orderBy('seq').limit(limit).execute();
    for (const row of rows) {
      chainSeq += 1;
      const hash = entryHash(prevHash, chainSeq, row);
      await q.updateTable('audit_log').set({ chain_seq: chainSeq, prev_hash: prevHash, hash }).where('seq', '=', row.seq).execute();
      prevHash = hash;
    }
    return rows.length;
  });
}

/** Walks the sealed chain; returns null when intact, else the first broken entry. */
export async function verifyAuditChain(db: Db): Promise<string | null> {
  let prevHash = GENESIS_HASH;
  let expected = 1;
  let after = 0;
  for (;;) {
    const rows = await db.q
      .selectFrom('audit_log')
      .select([...CHAIN_FIELDS, 'chain_seq', 'prev_hash', 'hash'])
      .where('chain_seq', '>', after)
      .orderBy('chain_seq')
      .limit(5000)
      .execute();
    if (rows.length === 0) return null;
    for (const row of rows) {
      const position = row.chain_seq as number;
      if (position !== expected) return `audit entry at chain position ${expected} is missing`;
      if (row.prev_hash !== prevHash || row.hash !== entryHash(prevHash, position, row)) {
        return `audit entry seq ${row.seq} (chain position ${position}) does not match its hash`;
      }
      prevHash = row.hash as string;
      expected += 1;
      after = position;
    }
  }
}
