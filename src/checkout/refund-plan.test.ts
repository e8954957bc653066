import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Problem } from '../errors.js';
import type { FundRow, LineRow } from './orders.repo.js';
import { planRefund } from './refund-plan.js';

const lineRow = (quantity: number, amount: number): LineRow => ({
  order_id: 'o',
  line_id: 'L',
  position: 0,
  sku: 's',
  merchant_id: 'm',
  category_id: 'c',
  unit_price: amount / quantity,
  quantity,
  original_amount: amount,
  discount_amount: 0,
  final_amount: amount,
  refunded_quantity: 0,
});
const fund = (source: FundRow['source'], id: string, amount: number): FundRow => ({ order_id: 'o', line_id: 'L', source, source_id: id, merchant_id: 'm', amount, refunded_amount: 0 });

describe('planRefund', () => {
  it('returns every fund exactly, never more, over any sequence of partial refunds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 12 }),
        (quantity, amounts, steps) => {
          const funds = amounts.map((a, i) => fund(i === 0 ? 'external' : i % 2 ? 'card' : 'coupon', `f${i}`, a));
          const line = lineRow(quantity, amounts.reduce((s, a) => s + a, 0));
          const paying = funds.filter((f) => f.source !== 'coupon');
          const sum = (fs: FundRow[], key: 'amount' | 'refunded_amount') => fs.reduce((s, f) => s + f[key], 0);
          const apply = (q: number | undefined) => {
            const plan = planRefund([line], funds, q === undefined ? undefined : [{ line_id: 'L', quantity: q }]);
            for (const part of plan.parts) {
              expect(part.amount).toBeGreaterThan(0);
              part.fund.refunded_amount += part.amount;
              expect(part.fund.refunded_amount).toBeLessThanOrEqual(part.fund.amount);
            }
            line.refunded_quantity = plan.lines[0]?.refundedAfter ?? line.refunded_quantity;
            // What the shopper paid comes back exactly per unit, whatever the steps.
            const units = line.refunded_quantity;
            expect(sum(paying, 'refunded_amount')).toBe(Math.floor((sum(paying, 'amount') * units) / quantity));
          };
          for (const step of steps) {
            if (line.refunded_quantity + step > quantity) {
              expect(() => apply(step)).toThrow(Problem);
              continue;
            }
            apply(step);
          }
          if (line.refunded_quantity < quantity) apply(undefined);
          for (const f of funds) expect(f.refunded_amount).toBe(f.amount);
          expect(() => apply(undefined)).toThrow(/fully refunded/);
        },
      ),
    );
  });
});
