import type { Db } from '../db/database.js';
import { problem } from '../errors.js';
import { type Page, decodeCursor, encodeCursor, pageSize } from '../pagination.js';
import { recordAudit } from '../platform/audit.js';
import type { Actor } from '../platform/principal.js';
import { type CardView, cardView, findCard } from './cards.repo.js';

/** Staff look-ups: search and card history. Every look-up is itself recorded in the audit log. */

export interface CardSearch {
  number?: string;
  last4?: string;
  owner?: string;
  order?: string;
  limit?: number;
}

const MAX_SEARCH = 50;

export async function searchCards(db: Db, query: CardSearch, actor: Actor, now: Date): Promise<{ items: CardView[] }> {
  const rows = await db.q
    .selectFrom('giftcards')
    .selectAll()
    .$if(query.number !== undefined, (qb) => qb.where('number', '=', query.number ?? ''))
    .$if(query.last4 !== undefined, (qb) => qb.where((eb) => eb.or([eb('number_last4', '=', query.last4 ?? ''), eb('code_last4', '=', query.last4 ?? '')])))
    .$if(query.owner !== undefined, (qb) => qb.where('shopper_id', '=', query.owner ?? ''))
    .$if(query.order !== undefined, (qb) => qb.where('order_id', '=', query.order ?? ''))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(Math.min(query.limit ?? MAX_SEARCH, MAX_SEARCH))
    .execute();
  const items: CardView[] = [];
  for (const row of rows) items.push(await cardView(db, row));
  await recordAudit(db, actor, { action: 'giftcard.search', entityType: 'giftcard', entityId: items.length === 1 ? (items[0]?.id ?? '') : '*', after: { query: { ...query, limit: undefined }, found: items.map((c) => c.id) } }, now);
  return { items };
}

export async function lookUpCard(db: Db, id: string, actor: Actor, now: Date): Promise<CardView> {
  const row = await findCard(db, id);
  if (!row) throw problem('giftcard_not_found');
  await recordAudit(db, actor, { action: 'giftcard.view', entityType: 'giftcard', entityId: id }, now);
  return cardView(db, row);
}

export interface HistoryItem {
  seq: number;
  kind: string;
  at: string;
  actor_id: string;
  actor_kind: string;
  channel: string;
  order_ref: string | null;
  merchant_id: string | null;
  amount: number | null;
  balance_after: number;
  detail: Record<string, unknown>;
}

/**
 * The card's history, newest first, one query per page. A shopper sees only cards in their own
 * wallet (anything else is "not found"), and their reads are not audited as staff look-ups.
 */
export async function cardHistory(db: Db, id: string, options: { cursor?: string; limit?: number }, actor: Actor, now: Date): Promise<Page<HistoryItem>> {
  const card = await findCard(db, id);
  const shopperId = actor.principal.shopperId;
  if (!card || (shopperId !== undefined && card.shopper_id !== shopperId)) throw problem('giftcard_not_found');
  const limit = pageSize(options.limit);
  const after = decodeCursor<{ seq: number }>(options.cursor, { seq: 'number' });
  const rows = await db.q
    .selectFrom('giftcard_events')
    .selectAll()
    .where('card_id', '=', id)
    .$if(after !== undefined, (qb) => qb.where('seq', '<', after?.seq ?? 0))
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(({ card_id: _c, detail, ...row }) => ({ ...row, detail: JSON.parse(detail) as Record<string, unknown> }));
  if (shopperId === undefined) await recordAudit(db, actor, { action: 'giftcard.history', entityType: 'giftcard', entityId: id }, now);
  const last = items.at(-1);
  return { items, next_cursor: rows.length > limit && last ? encodeCursor({ seq: last.seq }) : null };
}
