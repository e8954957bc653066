import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import type { AdjustmentState, SettlementAdjustmentsTable } from '../db/schema.js';
import { type Page, decodeCursor, encodeCursor, pageSize } from '../pagination.js';

/** The only code that reads or writes adjustment requests. */

export interface AdjustmentView {
  id: string;
  approval_id: string;
  difference_id: string | null;
  account_id: string;
  direction: 'credit' | 'debit';
  amount: number;
  currency: string;
  reason: string;
  evidence: string[];
  state: AdjustmentState;
  transfer_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export function adjustmentView(row: Selectable<SettlementAdjustmentsTable>): AdjustmentView {
  return { ...row, amount: Number(row.amount), evidence: JSON.parse(row.evidence) as string[] };
}

export async function insertAdjustment(tx: Tx, row: Selectable<SettlementAdjustmentsTable>): Promise<void> {
  await tx.q.insertInto('settlement_adjustments').values(row).execute();
}

/** Links a difference to its adjustment; false when another adjustment got there first. */
export async function claimDifference(tx: Tx, differenceId: string, adjustmentId: string): Promise<boolean> {
  const result = await tx.q
    .updateTable('reconcile_differences')
    .set({ adjustment_id: adjustmentId })
    .where('id', '=', differenceId)
    .where('adjustment_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Frees a difference whose adjustment was rejected or cancelled, so a new one can be filed. */
export async function releaseDifference(tx: Tx, differenceId: string, adjustmentId: string): Promise<void> {
  await tx.q.updateTable('reconcile_differences').set({ adjustment_id: null }).where('id', '=', differenceId).where('adjustment_id', '=', adjustmentId).execute();
  await tx.q.updateTable('settlement_adjustments').set({ difference_id: null }).where('id', '=', adjustmentId).execute();
}

export async function setAdjustmentState(tx: Tx, id: string, state: AdjustmentState, transferId: string | null, now: Date): Promise<void> {
  await tx.q
    .updateTable('settlement_adjustments')
    .set({ state, transfer_id: transferId, updated_at: now.toISOString() })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .execute();
}

export async function getAdjustment(db: Db | Tx, id: string): Promise<AdjustmentView | undefined> {
  const row = await db.q.selectFrom('settlement_adjustments').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? adjustmentView(row) : undefined;
}

export async function listAdjustments(db: Db, options: { cursor?: string | undefined; limit?: number | undefined; state?: AdjustmentState | undefined }): Promise<Page<AdjustmentView>> {
  const limit = pageSize(options.limit);
  const after = decodeCursor<{ at: string; id: string }>(options.cursor, { at: 'string', id: 'string' });
  const rows = await db.q
    .selectFrom('settlement_adjustments')
    .selectAll()
    .$if(options.state !== undefined, (qb) => qb.where('state', '=', options.state as AdjustmentState))
    .$if(after !== undefined, (qb) =>
      qb.where((eb) => eb.or([eb('created_at', '<', after?.at ?? ''), eb.and([eb('created_at', '=', after?.at ?? ''), eb('id', '<', after?.id ?? '')])])),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(adjustmentView);
  const last = items.at(-1);
  return { items, next_cursor: rows.length > limit && last ? encodeCursor({ at: last.created_at, id: last.id }) : null };
}
