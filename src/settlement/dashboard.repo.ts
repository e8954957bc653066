import { type Db, execSql } from '../db/database.js';
import { assert } from '../assert.js';
import { CARD_MOVE_ACCOUNTS, CARD_MOVES_NET, CARD_MOVES_WHERE } from './card-moves.js';

/**
 * The dashboard's grouped reads. Each one groups rows by local day in a single query: the days
 * go in as a small table of [start, end) instants, so a day is exactly the platform time zone's
 * day whatever its UTC offset (half-hour zones and DST changes included).
 */

export interface DayBucket {
  date: string;
  /** [from, to) in UTC ISO-8601. */
  from: string;
  to: string;
}

/** At most a year and a day of buckets in one query (the parameter list stays small). */
export const MAX_BUCKETS = 367;

function daysTable(days: readonly DayBucket[]): { text: string; params: string[] } {
  assert(days.length > 0 && days.length <= MAX_BUCKETS, 'day buckets: 1 to MAX_BUCKETS');
  const rows = days.map((_, i) => (i === 0 ? 'select cast(? as text) as day, cast(? as text) as day_from, cast(? as text) as day_to' : 'select ?, ?, ?'));
  return { text: `(${rows.join(' union all ')})`, params: days.flatMap((d) => [d.date, d.from, d.to]) };
}

/** Net posted movement of gift card balances per local day (credits into cards − debits out of them), from the transfers. */
export async function cardLiabilityMovesByDay(db: Db, days: readonly DayBucket[], currency: string): Promise<Map<string, number>> {
  const d = daysTable(days);
  const rows = await execSql<{ day: string; net: number | string | null }>(
    db,
    `select d.day, ${CARD_MOVES_NET} as net
     from ${d.text} d
     join ledger_transfers t on t.created_at >= d.day_from and t.created_at < d.day_to
     ${CARD_MOVE_ACCOUNTS}
     where t.currency = ? and ${CARD_MOVES_WHERE}
     group by d.day`,
    [...d.params, currency],
  );
  return new Map(rows.map((r) => [r.day, Number(r.net ?? 0)]));
}

/** The same per local day from the roll-up's buckets (days on quarter hours, before its `through`). */
export async function rolledCardMovesByDay(db: Db, days: readonly DayBucket[], currency: string): Promise<Map<string, number>> {
  const d = daysTable(days);
  const rows = await execSql<{ day: string; net: number | string | null }>(
    db,
    `select d.day, sum(m.net) as net
     from ${d.text} d
     join settlement_card_moves m on m.bucket >= d.day_from and m.bucket < d.day_to
     where m.currency = ?
     group by d.day`,
    [...d.params, currency],
  );
  return new Map(rows.map((r) => [r.day, Number(r.net ?? 0)]));
}

export interface RedemptionDay {
  /** Orders that paid with gift cards (authorised or captured, not released). */
  card_payments: number;
  /** What those cards paid: the captured amount, or the held amount while still authorised. */
  card_amount: number;
}

/** Gift card payments per local day of their authorisation; merchantId narrows to one merchant. */
export async function redemptionsByDay(db: Db, days: readonly DayBucket[], currency: string, merchantId: string | undefined): Promise<Map<string, RedemptionDay>> {
  const d = daysTable(days);
  const rows = await execSql<{ day: string; payments: number | string; amount: number | string | null }>(
    db,
    `select d.day, count(distinct r.order_id) as payments, sum(r.amount) as amount
     from ${d.text} d
     join giftcard_redemptions r on r.created_at >= d.day_from and r.created_at < d.day_to
     where r.state in ('pending', 'posted') and r.currency = ?${merchantId === undefined ? '' : ' and r.merchant_id = ?'}
     group by d.day`,
    [...d.params, currency, ...(merchantId === undefined ? [] : [merchantId])],
  );
  return new Map(rows.map((r) => [r.day, { card_payments: Number(r.payments), card_amount: Number(r.amount ?? 0) }]));
}

/** Coupons shoppers claimed (by claim, link or code; not auto-issued) per local day. */
export async function claimsByDay(db: Db, days: readonly DayBucket[], currency: string, merchantId: string | undefined): Promise<Map<string, number>> {
  const d = daysTable(days);
  const rows = await execSql<{ day: string; claims: number | string }>(
    db,
    `select d.day, count(*) as claims
     from ${d.text} d
     join coupons c on c.claimed_at >= d.day_from and c.claimed_at < d.day_to
     join coupon_activities a on a.id = c.activity_id
     join coupon_budgets b on b.id = a.budget_id
     where c.channel <> 'auto' and b.currency = ?${merchantId === undefined ? '' : ' and a.merchant_id = ?'}
     group by d.day`,
    [...d.params, currency, ...(merchantId === undefined ? [] : [merchantId])],
  );
  return new Map(rows.map((r) => [r.day, Number(r.claims)]));
}

export interface ExpiringDay {
  cards: number;
  /** The posted balance of those cards: the liability that turns into breakage if unspent. */
  card_balance: number;
  coupons: number;
  /** The value frozen for those coupons (face value, or a percent coupon's cap). */
  coupon_value: number;
}

/** Live cards and unused coupons whose validity ends each local day, from `after` on. */
export async function expiringByDay(db: Db, days: readonly DayBucket[], after: string, currency: string): Promise<Map<string, ExpiringDay>> {
  const d = daysTable(days);
  const cards = await execSql<{ day: string; n: number | string; balance: number | string | null }>(
    db,
    `select d.day, count(*) as n, sum(a.credits_posted - a.debits_posted) as balance
     from ${d.text} d
     join giftcards g on g.expires_at >= d.day_from and g.expires_at < d.day_to
     join ledger_accounts a on a.id = 'card:' || g.id
     where g.state in ('active', 'frozen') and g.expires_at >= ? and g.currency = ?
     group by d.day`,
    [...d.params, after, currency],
  );
  const coupons = await execSql<{ day: string; n: number | string; value: number | string | null }>(
    db,
    `select d.day, count(*) as n, sum(c.value) as value
     from ${d.text} d
     join coupons c on c.valid_until >= d.day_from and c.valid_until < d.day_to
     join coupon_activities a on a.id = c.activity_id
     join coupon_budgets b on b.id = a.budget_id
     where c.state = 'available' and c.valid_until >= ? and b.currency = ?
     group by d.day`,
    [...d.params, after, currency],
  );
  const out = new Map<string, ExpiringDay>();
  const entry = (day: string) => {
    const e = out.get(day) ?? { cards: 0, card_balance: 0, coupons: 0, coupon_value: 0 };
    out.set(day, e);
    return e;
  };
  for (const r of cards) Object.assign(entry(r.day), { cards: Number(r.n), card_balance: Number(r.balance ?? 0) });
  for (const r of coupons) Object.assign(entry(r.day), { coupons: Number(r.n), coupon_value: Number(r.value ?? 0) });
  return out;
}
