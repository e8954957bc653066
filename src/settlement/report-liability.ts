import { isPosted, type Movement } from './movement.js';
import type { Figure, Replay, Reporter } from './replay.js';

/**
 * Gift card liability roll-forward per currency: opening + issued + reloaded − redeemed +
 * refunded − returned − expired + reactivated ± adjusted ± other = closing, where closing must
 * equal the sum of card balances at the closing moment. Breakage is the expired side.
 */

const CARD = 'giftcard.card';

/** Lines in roll-forward order, with the sign each adds to the liability. */
export const LIABILITY_LINES = ['sold', 'sale_discount', 'promotion', 'reloaded', 'redeemed', 'refunded', 'returned', 'expired', 'reactivated', 'adjusted', 'other'] as const;
export type LiabilityLine = (typeof LIABILITY_LINES)[number];

const INTO_CARD: Record<string, LiabilityLine> = {
  'giftcard.sale': 'sold',
  'giftcard.sale_discount': 'sale_discount',
  'giftcard.promotion': 'promotion',
  'giftcard.reload': 'reloaded',
  'giftcard.refund': 'refunded',
  'giftcard.reactivate': 'reactivated',
  'settlement.adjust': 'adjusted',
};

const OUT_OF_CARD: Record<string, LiabilityLine> = {
  'giftcard.redeem': 'redeemed',
  'giftcard.return': 'returned',
  'giftcard.return_discount': 'returned',
  'giftcard.expire': 'expired',
  'settlement.adjust': 'adjusted',
};

export function liabilityKey(currency: string, line: LiabilityLine): string {
  return `liability.${currency}.${line}`;
}

export const liabilityReporter: Reporter = {
  observe(m: Movement): Figure[] {
    if (!isPosted(m)) return [];
    const figures: Figure[] = [];
    // A card-to-card move (a replacement card) adds and subtracts: net zero, both visible.
    if (m.credit_code === CARD) figures.push({ key: liabilityKey(m.currency, INTO_CARD[m.code] ?? 'other'), amount: m.amount });
    if (m.debit_code === CARD) figures.push({ key: liabilityKey(m.currency, OUT_OF_CARD[m.code] ?? 'other'), amount: -m.amount });
    return figures;
  },
};

export interface LiabilityRollForward {
  currency: string;
  opening: number;
  /** Each line signed as it moves the liability (redeemed is negative). */
  lines: Record<LiabilityLine, number>;
  issued: number;
  closing: number;
  /** Sum of every card's balance at the closing moment, from the accounts' balance history. */
  closing_card_balances: number;
  /** Card authorisations still pending at the closing moment (not yet redeemed or released). */
  pending_redemptions: number;
  cards: number;
  ties: boolean;
}

export function liabilityRollForward(replay: Replay, cardBalances: ReadonlyMap<string, number>): LiabilityRollForward[] {
  const currencies = new Set<string>();
  for (const [, totals] of replay.accountsOf(CARD)) currencies.add(totals.currency);
  for (const currency of cardBalances.keys()) currencies.add(currency);
  return [...currencies].sort().map((currency) => {
    let opening = 0;
    let closing = 0;
    let cards = 0;
    for (const [id, totals] of replay.accountsOf(CARD)) {
      if (totals.currency !== currency) continue;
      opening += replay.balance(id, 'opening');
      closing += replay.balance(id, 'closing');
      cards += 1;
    }
    const lines = Object.fromEntries(LIABILITY_LINES.map((line) => [line, replay.figure(liabilityKey(currency, line))])) as Record<LiabilityLine, number>;
    const moved = LIABILITY_LINES.reduce((sum, line) => sum + lines[line], 0);
    let pending = 0;
    for (const m of replay.openPendings.values()) if (m.currency === currency && m.debit_code === CARD) pending += m.amount;
    const closingCards = cardBalances.get(currency) ?? 0;
    return {
      currency,
      opening,
      lines,
      issued: lines.sold + lines.sale_discount + lines.promotion,
      closing,
      closing_card_balances: closingCards,
      pending_redemptions: pending,
      cards,
      ties: opening + moved === closing && closing === closingCards,
    };
  });
}

export interface Breakage {
  currency: string;
  expired: number;
  reactivated: number;
  /** Income recognised in the period: expired − reactivated. */
  breakage: number;
  /** The breakage account's balance at the period's end. */
  breakage_balance: number;
}

export function breakageReport(replay: Replay, rollForward: readonly LiabilityRollForward[]): Breakage[] {
  return rollForward.map((r) => {
    let balance = 0;
    for (const [id, totals] of replay.accountsOf('giftcard.breakage')) if (totals.currency === r.currency) balance += replay.balance(id, 'closing');
    return { currency: r.currency, expired: -r.lines.expired, reactivated: r.lines.reactivated, breakage: -r.lines.expired - r.lines.reactivated, breakage_balance: balance };
  });
}
