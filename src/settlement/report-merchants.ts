import { isPosted, merchantOf, type Movement, ref } from './movement.js';
import type { Figure, Replay, Reporter } from './replay.js';
import { localDate } from './time-zone.js';

/**
 * Merchant settlement: per merchant and local day, what became owed (in transit → payable at
 * receipt), split by what paid for the goods (gift card, coupon, the shopper's own payment),
 * less refunds taken back from payable, ± adjustments. The split follows each order's money: a
 * receipt takes from the order's card money first, then coupon, then cash.
 */

export const MERCHANT_LINES = [
  'card_in',
  'coupon_in',
  'cash_in',
  'refunded_in_transit',
  'in_transit_other',
  'receipt_card',
  'receipt_coupon',
  'receipt_cash',
  'refunded_payable',
  'payable_adjusted',
  'payable_other',
] as const;
export type MerchantLine = (typeof MERCHANT_LINES)[number];

const SOURCE_OF: Record<string, 'card' | 'coupon' | 'cash'> = {
  'giftcard.redeem': 'card',
  'giftcard.refund': 'card',
  'coupon.use': 'coupon',
  'coupon.refund': 'coupon',
  'checkout.payment': 'cash',
  'checkout.refund': 'cash',
};

export function merchantKey(merchant: string, day: string, line: MerchantLine): string {
  return `merchant.${merchant}.${day}.${line}`;
}

type Sources = { card: number; coupon: number; cash: number };

export class MerchantReporter implements Reporter {
  /** Money of each (merchant, order) still in transit, by source. */
  private readonly inTransit = new Map<string, Sources>();
  constructor(private readonly zone: string) {}

  observe(m: Movement): Figure[] {
    if (!isPosted(m)) return [];
    const day = localDate(new Date(m.created_at), this.zone);
    const figures: Figure[] = [];
    const order = ref(m, 'order') ?? '-';
    const intoTransit = m.credit_code === 'merchant.in_transit' ? merchantOf(m.credit_account_id) : undefined;
    const outOfTransit = m.debit_code === 'merchant.in_transit' ? merchantOf(m.debit_account_id) : undefined;
    const intoPayable = m.credit_code === 'merchant.payable' ? merchantOf(m.credit_account_id) : undefined;
    const outOfPayable = m.debit_code === 'merchant.payable' ? merchantOf(m.debit_account_id) : undefined;
    const source = SOURCE_OF[m.code];

    if (intoTransit && source && m.code !== 'giftcard.refund' && m.code !== 'coupon.refund' && m.code !== 'checkout.refund') {
      this.sources(intoTransit, order)[source] += m.amount;
      figures.push({ key: merchantKey(intoTransit, day, `${source}_in`), amount: m.amount });
    } else if (intoTransit) {
      figures.push({ key: merchantKey(intoTransit, day, 'in_transit_other'), amount: m.amount });
    }
    if (outOfTransit && m.code === 'checkout.receipt' && intoPayable) {
      figures.push(...this.receipt(outOfTransit, order, day, m.amount));
    } else if (outOfTransit && source) {
      const left = this.sources(outOfTransit, order);
      left[source] -= m.amount;
      figures.push({ key: merchantKey(outOfTransit, day, 'refunded_in_transit'), amount: -m.amount });
    } else if (outOfTransit) {
      figures.push({ key: merchantKey(outOfTransit, day, 'in_transit_other'), amount: -m.amount });
    }
    if (intoPayable && m.code !== 'checkout.receipt') {
      figures.push({ key: merchantKey(intoPayable, day, m.code === 'settlement.adjust' ? 'payable_adjusted' : 'payable_other'), amount: m.amount });
    }
    if (outOfPayable) {
      const line: MerchantLine = source ? 'refunded_payable' : m.code === 'settlement.adjust' ? 'payable_adjusted' : 'payable_other';
      figures.push({ key: merchantKey(outOfPayable, day, line), amount: -m.amount });
    }
    return figures;
  }

  private sources(merchant: string, order: string): Sources {
    const key = `${merchant}\u0000${order}`;
    let s = this.inTransit.get(key);
    if (!s) {
      s = { card: 0, coupon: 0, cash: 0 };
      this.inTransit.set(key, s);
    }
    return s;
  }

  private receipt(merchant: string, order: string, day: string, amount: number): Figure[] {
    const s = this.sources(merchant, order);
    const card = Math.min(Math.max(s.card, 0), amount);
    const coupon = Math.min(Math.max(s.coupon, 0), amount - card);
    const cash = amount - card - coupon;
    s.card -= card;
    s.coupon -= coupon;
    s.cash -= cash;
    if (s.card === 0 && s.coupon === 0 && s.cash === 0) this.inTransit.delete(`${merchant}\u0000${order}`);
    return [
      { key: merchantKey(merchant, day, 'receipt_card'), amount: card },
      { key: merchantKey(merchant, day, 'receipt_coupon'), amount: coupon },
      { key: merchantKey(merchant, day, 'receipt_cash'), amount: cash },
    ].filter((f) => f.amount !== 0);
  }
}

export interface MerchantDay {
  date: string;
  lines: Record<MerchantLine, number>;
  /** What became owed that day: receipts − refunds from payable ± adjustments and other. */
  owed: number;
  /** Of which paid by gift cards and coupons. */
  owed_card_and_coupon: number;
}

export interface MerchantSettlement {
  merchant_id: string;
  currency: string;
  payable: { opening: number; closing: number };
  in_transit: { opening: number; closing: number };
  days: MerchantDay[];
  owed: number;
  ties: boolean;
}

export function merchantSettlements(replay: Replay): MerchantSettlement[] {
  const days = new Map<string, Map<string, Record<MerchantLine, number>>>();
  for (const [key, amount] of replay.sums) {
    const match = /^merchant\.(.+)\.(\d{4}-\d{2}-\d{2})\.([a-z_]+)$/.exec(key);
    if (!match) continue;
    const [, merchant = '', day = '', line = ''] = match;
    let byDay = days.get(merchant);
    if (!byDay) {
      byDay = new Map();
      days.set(merchant, byDay);
    }
    let lines = byDay.get(day);
    if (!lines) {
      lines = Object.fromEntries(MERCHANT_LINES.map((l) => [l, 0])) as Record<MerchantLine, number>;
      byDay.set(day, lines);
    }
    lines[line as MerchantLine] += amount;
  }
  const merchants = new Map<string, MerchantSettlement>();
  for (const [id, totals] of replay.accounts) {
    const merchant = merchantOf(id);
    if (!merchant || (totals.code !== 'merchant.payable' && totals.code !== 'merchant.in_transit')) continue;
    let s = merchants.get(merchant);
    if (!s) {
      s = { merchant_id: merchant, currency: totals.currency, payable: { opening: 0, closing: 0 }, in_transit: { opening: 0, closing: 0 }, days: [], owed: 0, ties: false };
      merchants.set(merchant, s);
    }
    const part = totals.code === 'merchant.payable' ? s.payable : s.in_transit;
    part.opening += replay.balance(id, 'opening');
    part.closing += replay.balance(id, 'closing');
  }
  for (const s of merchants.values()) {
    const byDay = days.get(s.merchant_id) ?? new Map();
    s.days = [...byDay.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, lines]) => {
        const receipts = lines.receipt_card + lines.receipt_coupon + lines.receipt_cash;
        return { date, lines, owed: receipts + lines.refunded_payable + lines.payable_adjusted + lines.payable_other, owed_card_and_coupon: lines.receipt_card + lines.receipt_coupon };
      });
    s.owed = s.days.reduce((sum, d) => sum + d.owed, 0);
    s.ties = s.payable.opening + s.owed === s.payable.closing;
  }
  return [...merchants.values()].sort((a, b) => a.merchant_id.localeCompare(b.merchant_id));
}
