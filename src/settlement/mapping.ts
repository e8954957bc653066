import type { AmountFormat } from './amount.js';

/**
 * How to read an external file: which column holds each field, the amount format, and which
 * values of the type column mean a payment or a refund. Saved by name; `default` always exists.
 */
export interface ReconcileMapping {
  columns: {
    reference: string;
    amount: string;
    time: string;
    /** Absent: the amount's sign tells (negative = refund). */
    type?: string | undefined;
    /** Absent: every row is in the platform's default currency. */
    currency?: string | undefined;
  };
  amount_format: AmountFormat;
  delimiter: ',' | ';' | '\t' | '|';
  types: { payment: string[]; refund: string[] };
}

export const DEFAULT_MAPPING: ReconcileMapping = {
  columns: { reference: 'reference', type: 'type', amount: 'amount', currency: 'currency', time: 'time' },
  amount_format: 'yuan',
  delimiter: ',',
  types: { payment: ['payment', 'pay', 'sale', 'charge', '支付', '收款'], refund: ['refund', 'return', '退款'] },
};

export const DEFAULT_MAPPING_NAME = 'default';

/** Fills omitted parts of a mapping from the default one; values are normalised for matching. */
export function completeMapping(input: Partial<ReconcileMapping> & { columns: ReconcileMapping['columns'] }): ReconcileMapping {
  const types = input.types ?? DEFAULT_MAPPING.types;
  return {
    columns: { ...input.columns },
    amount_format: input.amount_format ?? DEFAULT_MAPPING.amount_format,
    delimiter: input.delimiter ?? DEFAULT_MAPPING.delimiter,
    types: { payment: types.payment.map(normalType), refund: types.refund.map(normalType) },
  };
}

export function normalType(value: string): string {
  return value.trim().toLowerCase();
}

/** Problems with a mapping, empty when it is usable. */
export function mappingProblems(mapping: ReconcileMapping): string[] {
  const problems: string[] = [];
  const named = Object.values(mapping.columns).filter((c): c is string => typeof c === 'string');
  if (new Set(named).size !== named.length) problems.push('two fields map to the same column');
  const overlap = mapping.types.payment.filter((t) => mapping.types.refund.includes(t));
  if (overlap.length > 0) problems.push(`type values both payment and refund: ${overlap.join(', ')}`);
  return problems;
}
