import { assert } from '../../assert.js';

/**
 * Splits `total` over lines in proportion to `amounts` by the largest-remainder method: each
 * line first gets the floor of its exact share, then the fen left over go one each to the lines
 * with the largest remainders (ties: the earlier line). No line gets more than its own amount,
 * the shares sum exactly to `total`, and the same input always gives the same split.
 */
export function allocate(total: number, amounts: readonly number[]): number[] {
  const sum = amounts.reduce((s, a) => s + a, 0);
  assert(Number.isSafeInteger(total) && total >= 0, 'allocation total must be a whole non-negative number');
  assert(total <= sum, 'allocation total exceeds the amounts');
  if (total === 0) return amounts.map(() => 0);
  if (total === sum) return [...amounts];
  const max = Math.max(...amounts);
  const exact = total * max <= Number.MAX_SAFE_INTEGER && total * sum <= Number.MAX_SAFE_INTEGER;
  const shares: number[] = new Array(amounts.length);
  const remainders: number[] = new Array(amounts.length);
  let given = 0;
  for (let i = 0; i < amounts.length; i++) {
    const amount = amounts[i] as number;
    let share: number;
    let remainder: number;
    if (exact) {
      const product = total * amount;
      share = Math.floor(product / sum);
      remainder = product - share * sum;
    } else {
      const product = BigInt(total) * BigInt(amount);
      share = Number(product / BigInt(sum));
      // Remainders are compared only with each other; their order survives scaling to a double.
      remainder = Number(product % BigInt(sum));
    }
    shares[i] = share;
    remainders[i] = remainder;
    given += share;
  }
  let left = total - given;
  if (left > 0) {
    const order = amounts.map((_, i) => i).filter((i) => (remainders[i] as number) > 0);
    order.sort((a, b) => (remainders[b] as number) - (remainders[a] as number) || a - b);
    for (const i of order) {
      if (left === 0) break;
      if ((shares[i] as number) < (amounts[i] as number)) {
        shares[i] = (shares[i] as number) + 1;
        left--;
      }
    }
  }
  assert(left === 0, 'allocation left fen unplaced');
  return shares;
}
