import { describe, expect, it } from 'vitest';
import { isMoneyColumn, parseCsv } from './report-table.js';

describe('report CSV', () => {
  it('reads quoted cells, commas and doubled quotes', () => {
    expect(parseCsv('merchant,owed\n"Tea, West Lake",12345\n"say ""hi""",0\n')).toEqual([
      ['merchant', 'owed'],
      ['Tea, West Lake', '12345'],
      ['say "hi"', '0'],
    ]);
  });

  it('tells amount columns from counts and ids', () => {
    expect(isMoneyColumn('closing_balance', ['100', '-5'])).toBe(true);
    expect(isMoneyColumn('redeemed', ['100'])).toBe(true);
    expect(isMoneyColumn('issued_count', ['3'])).toBe(false);
    expect(isMoneyColumn('merchant_id', ['m-1'])).toBe(false);
    expect(isMoneyColumn('amount', ['1.5'])).toBe(false);
  });
});
