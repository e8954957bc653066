import { problem } from '../../errors.js';
import type { CartLine } from './types.js';

/** Checks a cart and returns each line's amount (unit price × quantity). Throws the first problem. */
export function lineAmounts(lines: readonly CartLine[], currency: string, maxLines: number): number[] {
  if (lines.length === 0) throw problem('cart_empty');
  if (lines.length > maxLines) throw problem('cart_too_large', `at most ${maxLines} lines per cart`);
  const seen = new Set<string>();
  const amounts: number[] = new Array(lines.length);
  let total = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as CartLine;
    if (line.currency !== undefined && line.currency !== currency) {
      throw problem('cart_mixed_currencies', `line ${line.line_id} is in ${line.currency}, the cart in ${currency}`);
    }
    if (seen.has(line.line_id)) throw problem('cart_line_duplicate', `line ${line.line_id} appears twice`);
    seen.add(line.line_id);
    const amount = line.unit_price * line.quantity;
    const valid =
      Number.isSafeInteger(line.unit_price) && line.unit_price > 0 && Number.isSafeInteger(line.quantity) && line.quantity > 0 && Number.isSafeInteger(amount);
    if (!valid) {
      throw problem('cart_line_invalid', `line ${line.line_id}: unit_price and quantity must be whole numbers above zero`, {
        errors: [{ field: `/lines/${i}`, code: 'cart_line_invalid', message: 'unit_price and quantity must be positive integers' }],
      });
    }
    amounts[i] = amount;
    total += amount;
  }
  if (!Number.isSafeInteger(total)) throw problem('cart_line_invalid', 'the cart total is too large');
  return amounts;
}
