import { problem } from '../../errors.js';
import type { UsableCard } from '../ports.js';
import { fillInOrder } from '../settle-math.js';
import type { CardCoverage } from './types.js';

export const MAX_CARDS = 10;

/**
 * Gift cards pay what is left after discounts: each card in the given order pays the merchants
 * that accept it, merchants in cart order, up to its available balance.
 */
export function cardCoverage(cards: readonly UsableCard[], due: ReadonlyMap<string, number>, currency: string): CardCoverage[] {
  if (cards.length > MAX_CARDS) throw problem('checkout_too_many_cards', `at most ${MAX_CARDS} gift cards per order`);
  const left = new Map(due);
  const out: CardCoverage[] = [];
  const seen = new Set<string>();
  for (const card of cards) {
    if (seen.has(card.cardId)) throw problem('checkout_card_not_usable', `card ${card.last4} is listed twice`, { extra: { card_id: card.cardId } });
    seen.add(card.cardId);
    if (card.currency !== currency) throw problem('checkout_card_not_usable', `card ${card.last4} is in ${card.currency}`, { extra: { card_id: card.cardId } });
    let available = Math.max(0, card.available);
    const merchants: { merchant_id: string; amount: number }[] = [];
    for (const [merchantId, owed] of left) {
      if (available === 0) break;
      if (owed === 0 || (card.acceptedBy !== 'all' && !card.acceptedBy.includes(merchantId))) continue;
      const amount = Math.min(owed, available);
      merchants.push({ merchant_id: merchantId, amount });
      left.set(merchantId, owed - amount);
      available -= amount;
    }
    const amount = merchants.reduce((s, m) => s + m.amount, 0);
    out.push({ card_id: card.cardId, last4: card.last4, amount, merchants });
  }
  return out;
}

/** Splits the cards' amounts for one merchant over its lines, filling lines in order. */
export function cardsOnLines(
  coverage: readonly CardCoverage[],
  merchantId: string,
  lines: readonly { line_id: string; final_amount: number }[],
): { card_id: string; line_id: string; amount: number }[] {
  const sources = coverage.flatMap((card) =>
    card.merchants.filter((m) => m.merchant_id === merchantId && m.amount > 0).map((m) => ({ id: card.card_id, amount: m.amount })),
  );
  if (sources.length === 0) return [];
  const sinks = lines.map((line) => ({ id: line.line_id, amount: line.final_amount }));
  return fillInOrder(sources, sinks).map((part) => ({ card_id: part.source, line_id: part.sink, amount: part.amount }));
}
