import { problem } from '../errors.js';
import type { App, AppContext } from '../http/context.js';
import { problems } from '../http/schemas.js';
import { verifyAuditChain } from './audit.js';
import { type AuditRow, countSealing, queryAudit } from './audit-log.repo.js';
import { AuditPage, AuditQuery, AuditVerification } from './records.schemas.js';

function auditView(row: AuditRow) {
  return {
    seq: row.seq,
    at: row.at,
    actor_id: row.actor_id,
    actor_kind: row.actor_kind,
    role: row.role,
    channel: row.channel,
    action: row.action,
    entity_type: row.entity_type,
    entity_id: row.entity_id,
    before: row.before === null ? null : (JSON.parse(row.before) as unknown),
    after: row.after === null ? null : (JSON.parse(row.after) as unknown),
    request_id: row.request_id,
    ip: row.ip,
    sealed: row.chain_seq !== null,
    chain_seq: row.chain_seq,
    hash: row.hash,
  };
}

/** Stored times are `toISOString()` text; bounds are rewritten the same way so text order is time order. */
function normaliseTime(value: string | undefined): string | undefined {
  return value === undefined ? undefined : new Date(value).toISOString();
}

/** The audit log: query it, and check its hash chain. */
export function auditRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.get(
      '/audit',
      {
        schema: {
          tags: ['audit'],
          summary: 'Audit log entries, newest first',
          description: 'Filter by entity (entity_type and entity_id), actor, action and a time range [from, to).',
          querystring: AuditQuery,
          response: { 200: AuditPage, ...problems(400) },
        },
      },
      async (request) => {
        const from = normaliseTime(request.query.from);
        const to = normaliseTime(request.query.to);
        if (from !== undefined && to !== undefined && from > to) throw problem('audit_range_invalid', 'from must not be after to');
        const page = await queryAudit(ctx.db, { ...request.query, from, to });
        return { items: page.items.map(auditView), next_cursor: page.next_cursor };
      },
    );

    app.get(
      '/audit/verify',
      {
        schema: {
          tags: ['audit'],
          summary: 'Walk the hash chain and report the first broken entry',
          response: { 200: AuditVerification },
        },
      },
      async () => {
        const counts = await countSealing(ctx.db);
        const firstBroken = await verifyAuditChain(ctx.db);
        return { ok: firstBroken === null, ...counts, first_broken: firstBroken };
      },
    );
  };
}
