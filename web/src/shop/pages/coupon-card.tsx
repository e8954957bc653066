import { useFormat } from '../../shared/i18n/i18n.js';
import { useT } from '../i18n.js';
import type { Coupon } from '../shop-api.js';

/** What a coupon gives, its threshold and how long it lasts. */
export function CouponCard({ coupon }: { coupon: Coupon }) {
  const t = useT();
  const format = useFormat();
  const condition = coupon.condition as { kind?: string; amount?: number; count?: number } | null;
  const value =
    coupon.type === 'percent_off' && coupon.percent_bp !== null
      ? t('coupon.percent_off', { percent: percentText(coupon.percent_bp) })
      : format.money(coupon.amount ?? coupon.value, coupon.currency);
  return (
    <div className="shop-card coupon-card" data-testid="coupon">
      <span className="coupon-card__value">{value}</span>
      <span className="coupon-card__name">{coupon.name}</span>
      <span className="muted">
        {condition?.kind === 'min_spend' && typeof condition.amount === 'number'
          ? t('coupon.min_spend', { amount: format.money(condition.amount, coupon.currency) })
          : condition?.kind === 'min_items' && typeof condition.count === 'number'
            ? t('coupon.min_items', { count: condition.count })
            : t('coupon.no_threshold')}
      </span>
      <span className="muted">{t('coupon.valid_until', { date: format.dateTime(coupon.valid_until) })}</span>
      {coupon.expires_soon ? <span className="badge badge--warn">{t('wallet.expires_soon')}</span> : null}
    </div>
  );
}

/** Basis points as a percentage, exactly: 1500 → "15", 1250 → "12.5". */
export function percentText(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = bp % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}
