import type { CouponCondition, CouponScope, WalletCoupon } from '../checkout/ports.js';
import type { Db, Tx } from '../db/database.js';
import type { CouponState, CouponType } from '../db/schema.js';

/** The shopper's coupons as the wallet and the checkout read them. */

export interface WalletRow {
  id: string;
  item_id: string;
  activity_id: string;
  shopper_id: string;
  state: CouponState;
  value: number;
  valid_from: string;
  valid_until: string;
  channel: string;
  locked_order_id: string | null;
  discount: number | null;
  claimed_at: string;
  condition: string;
  scope: string;
  merchant_id: string | null;
  budget_id: string;
  activity_name: string;
  name_zh: string;
  name_en: string;
  type: CouponType;
  amount: number | null;
  percent_bp: number | null;
  cap: number | null;
  currency: string;
}

export const WALLET_LIMIT = 200;

function walletQuery(db: Db | Tx) {
  return db.q
    .selectFrom('coupons as c')
    .innerJoin('coupon_activity_items as i', 'i.id', 'c.item_id')
    .innerJoin('coupon_activities as a', 'a.id', 'c.activity_id')
    .innerJoin('coupon_templates as t', 't.id', 'i.template_id')
    .select([
      'c.id', 'c.item_id', 'c.activity_id', 'c.shopper_id', 'c.state', 'c.value', 'c.valid_from', 'c.valid_until', 'c.channel',
      'c.locked_order_id', 'c.discount', 'c.claimed_at', 'i.condition', 'i.scope', 'a.merchant_id', 'a.budget_id', 'a.name as activity_name',
      't.name_zh', 't.name_en', 't.type', 't.amount', 't.percent_bp', 't.cap', 't.currency',
    ]);
}

export async function walletRows(db: Db | Tx, shopperId: string, filter: { states?: CouponState[]; currency?: string } = {}): Promise<WalletRow[]> {
  return walletQuery(db)
    .where('c.shopper_id', '=', shopperId)
    .$if(filter.states !== undefined, (qb) => qb.where('c.state', 'in', filter.states ?? []))
    .$if(filter.currency !== undefined, (qb) => qb.where('t.currency', '=', filter.currency ?? ''))
    .orderBy('c.valid_until')
    .orderBy('c.id')
    .limit(WALLET_LIMIT)
    .execute();
}

export async function couponRow(db: Db | Tx, couponId: string): Promise<WalletRow | undefined> {
  return walletQuery(db).where('c.id', '=', couponId).executeTakeFirst();
}

/** The state a shopper sees: an available coupon past its validity is expired even before the sweep runs. */
export function visibleState(row: Pick<WalletRow, 'state' | 'valid_until'>, now: Date): CouponState {
  return row.state === 'available' && row.valid_until < now.toISOString() ? 'expired' : row.state;
}

export function toWalletCoupon(row: WalletRow, now: Date): WalletCoupon {
  const state = visibleState(row, now);
  return {
    couponId: row.id,
    owner: row.merchant_id === null ? 'platform' : 'merchant',
    merchantId: row.merchant_id,
    name: { 'zh-CN': row.name_zh, en: row.name_en },
    type: row.type,
    amount: row.amount,
    percentBp: row.percent_bp,
    cap: row.cap,
    condition: JSON.parse(row.condition) as CouponCondition,
    scope: JSON.parse(row.scope) as CouponScope,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    state: state === 'recycled' ? 'expired' : state,
    lockedByOrderId: row.locked_order_id,
    currency: row.currency,
  };
}

function money(amount: number, currency: string): string {
  const sign = currency === 'CNY' ? '¥' : `${currency} `;
  return `${sign}${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')}`;
}

/** "Spend ¥100.00 or more, ¥20.00 off" in the shopper's language. */
export function describeCoupon(row: Pick<WalletRow, 'type' | 'amount' | 'percent_bp' | 'cap' | 'condition' | 'currency'>, lang: 'en' | 'zh-CN'): string {
  const condition = JSON.parse(row.condition) as CouponCondition;
  const m = (n: number) => money(n, row.currency);
  const off =
    row.type === 'percent_off'
      ? lang === 'en'
        ? `${(row.percent_bp ?? 0) / 100}% off, up to ${m(row.cap ?? 0)}`
        : `${(10_000 - (row.percent_bp ?? 0)) / 1000}折，最高优惠${m(row.cap ?? 0)}`
      : lang === 'en'
        ? `${m(row.amount ?? 0)} off`
        : `减${m(row.amount ?? 0)}`;
  if (condition.kind === 'min_spend') return lang === 'en' ? `Spend ${m(condition.amount)} or more, ${off}` : `满${m(condition.amount)}${off}`;
  if (condition.kind === 'min_items') return lang === 'en' ? `Buy ${condition.count} or more items, ${off}` : `满${condition.count}件${off}`;
  return lang === 'en' ? `No minimum, ${off}` : `无门槛${off}`;
}
