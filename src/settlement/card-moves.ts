import { type Db, execSql, transaction } from '../db/database.js';
import type { Check } from '../verify.js';

/**
 * The gift card liability roll-up: the net posted movement into gift cards (credits into card
 * accounts − debits out of them) per currency and 15-minute bucket, so the dashboard's liability
 * series reads a few thousand buckets instead of every transfer of its period and every card's
 * history (docs/SETTLEMENT.md).
 *
 * The `settlement.roll-up-card-moves` sweep computes buckets from the transfers up to
 * SETTLE_MS before now, by then committed (a transfer's created_at is taken when its transaction
 * starts), and records how far they are complete (`through`). Each run computes the last
 * REVISIT_MS again, so a transaction that committed later than that still counts; a bucket is
 * replaced as a whole, so computing it twice changes nothing. The first runs start from the
 * ledger's first transfer, a day per transaction and at most STEPS_PER_RUN days per run (so a
 * long ledger does not hold up the other sweeps). Readers take what is before `through` from the
 * buckets and the rest from the transfers.
 *
 * Quarter hours hold every time zone's midnight (offsets are whole quarter hours), so a local
 * day is a whole number of buckets.
 */

export const BUCKET_MS = 15 * 60_000;
export const SETTLE_MS = 10 * 60_000;
export const REVISIT_MS = 60 * 60_000;
/** The most one sweep transaction computes, and the most transactions one run takes. */
const STEP_MS = 24 * 60 * 60_000;
const STEPS_PER_RUN = 31;
const ROLLUP = 'card_moves';

/** Joins transfer `t` to its two accounts (aliases da, ca), for card movement sums. */
export const CARD_MOVE_ACCOUNTS = `join ledger_accounts da on da.id = t.debit_account_id
     join ledger_accounts ca on ca.id = t.credit_account_id`;
/** Posted transfers (not pending, not a void) that move a gift card. */
export const CARD_MOVES_WHERE = `(t.flags & 10) = 0 and (da.code = 'giftcard.card' or ca.code = 'giftcard.card')`;
/** Their net movement into cards. */
export const CARD_MOVES_NET = `sum(case when ca.code = 'giftcard.card' then t.amount else 0 end) - sum(case when da.code = 'giftcard.card' then t.amount else 0 end)`;

/** The quarter hour a created_at (ISO-8601 UTC, as toISOString writes it) falls in, as SQL. */
const BUCKET_OF_CREATED_AT = `substr(t.created_at, 1, 14) || case when substr(t.created_at, 15, 2) < '15' then '00'
       when substr(t.created_at, 15, 2) < '30' then '15' when substr(t.created_at, 15, 2) < '45' then '30' else '45' end || ':00.000Z'`;

/**
 * Net movement into cards per currency and bucket, from the transfers `range` (a condition on
 * t.created_at) keeps: columns currency, bucket, net. The sweep stores it; verify compares it.
 */
function bucketSumsSql(range: string): string {
  return `select t.currency, ${BUCKET_OF_CREATED_AT} as bucket, ${CARD_MOVES_NET} as net
     from ledger_transfers t ${CARD_MOVE_ACCOUNTS}
     where ${range} and ${CARD_MOVES_WHERE}
     group by t.currency, ${BUCKET_OF_CREATED_AT}`;
}

/** Records the roll-up's state row if there is none yet. */
const ADD_STATE = 'insert into settlement_rollups (name, through) values (?, ?) on conflict (name) do nothing';

export function bucketFloor(ms: number): number {
  return Math.floor(ms / BUCKET_MS) * BUCKET_MS;
}

export function isBucketBoundary(iso: string): boolean {
  return Date.parse(iso) % BUCKET_MS === 0;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Every bucket before this moment is final; null before the roll-up's first run. */
export async function cardMovesThrough(db: Db): Promise<string | null> {
  const [row] = await execSql<{ through: string }>(db, 'select through from settlement_rollups where name = ?', [ROLLUP]);
  return row?.through ?? null;
}

/** The sweep: brings the buckets up to SETTLE_MS before now; returns the transactions it took. */
export async function rollUpCardMoves(db: Db, now: Date): Promise<number> {
  const target = bucketFloor(now.getTime() - SETTLE_MS);
  const through = await cardMovesThrough(db);
  let from: number;
  if (through === null) {
    const [first] = await execSql<{ at: string | null }>(db, 'select min(created_at) as at from ledger_transfers', []);
    from = first?.at ? bucketFloor(Date.parse(first.at)) : target;
    if (from >= target) {
      await transaction(db, (tx) => execSql(tx, ADD_STATE, [ROLLUP, iso(target)]));
      return 1;
    }
  } else {
    from = Date.parse(through) - REVISIT_MS;
  }
  let steps = 0;
  while (from < target && steps < STEPS_PER_RUN) {
    const to = Math.min(from + STEP_MS, target);
    await transaction(db, async (tx) => {
      // One sweep at a time: the row is locked (PostgreSQL) before the buckets are replaced.
      await execSql(tx, ADD_STATE, [ROLLUP, iso(from)]);
      const lock = tx.dialect === 'postgres' ? ' for update' : '';
      const [state] = await execSql<{ through: string }>(tx, `select through from settlement_rollups where name = ?${lock}`, [ROLLUP]);
      await execSql(tx, 'delete from settlement_card_moves where bucket >= ? and bucket < ?', [iso(from), iso(to)]);
      await execSql(
        tx,
        `insert into settlement_card_moves (currency, bucket, net) ${bucketSumsSql('t.created_at >= ? and t.created_at < ?')}`,
        [iso(from), iso(to)],
      );
      const done = Math.max(to, state ? Date.parse(state.through) : to);
      await execSql(tx, 'update settlement_rollups set through = ? where name = ?', [iso(done), ROLLUP]);
    });
    from = to;
    steps++;
  }
  return steps;
}

/** Net movement into cards of one currency from the buckets before `moment` (a bucket boundary). */
export async function rolledMovesBefore(db: Db, currency: string, moment: string): Promise<number> {
  const [row] = await execSql<{ net: number | string | null }>(db, 'select sum(net) as net from settlement_card_moves where currency = ? and bucket < ?', [currency, moment]);
  return Number(row?.net ?? 0);
}

/** Net movement into cards of one currency in [from, to), from the transfers. */
export async function movesBetween(db: Db, currency: string, from: string, to: string): Promise<number> {
  if (from >= to) return 0;
  const [row] = await execSql<{ net: number | string | null }>(
    db,
    `select ${CARD_MOVES_NET} as net from ledger_transfers t ${CARD_MOVE_ACCOUNTS}
     where t.created_at >= ? and t.created_at < ? and t.currency = ? and ${CARD_MOVES_WHERE}`,
    [from, to, currency],
  );
  return Number(row?.net ?? 0);
}

/** `scrip verify`: every bucket before `through` holds what the transfers give. */
export const cardMovesCheck: Check = {
  name: 'settlement.card-moves',
  async run(db) {
    const through = await cardMovesThrough(db);
    if (through === null) return null;
    const [row] = await execSql<{ currency: string; bucket: string; stored: number | string; computed: number | string }>(
      db,
      `select currency, bucket, sum(stored) as stored, sum(computed) as computed from (
         select currency, bucket, 0 as stored, net as computed from (${bucketSumsSql('t.created_at < ?')}) as sums
         union all
         select currency, bucket, net, 0 from settlement_card_moves where bucket < ?
       ) as both_sides
       group by currency, bucket having sum(stored) <> sum(computed)
       order by bucket, currency limit 1`,
      [through, through],
    );
    return row ? `card moves roll-up: ${row.currency} ${row.bucket} holds ${row.stored} but the transfers give ${row.computed}` : null;
  },
};

