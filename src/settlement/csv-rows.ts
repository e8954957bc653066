import { problem } from '../errors.js';
import { parseAmount } from './amount.js';
import { CsvSplitter } from './csv-split.js';
import { type ReconcileMapping, normalType } from './mapping.js';
import { parseFileTime } from './time-zone.js';

/**
 * Reads an external reconciliation file as a stream of rows, never holding the file: bytes are
 * decoded as strict UTF-8 (any invalid byte fails the file), parsed as CSV and checked row by row.
 */

export type RowKind = 'payment' | 'refund';

export interface ExternalRow {
  /** The row's line in the file (the header is line 1). */
  line: number;
  reference: string;
  kind: RowKind;
  /** Fen, always > 0; the kind carries the direction. */
  amount: number;
  currency: string;
  at: string;
}

export interface ReadLimits {
  maxRows: number;
  maxBytes: number;
  zone: string;
  defaultCurrency: string;
}

async function* strictUtf8(source: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let bytes = 0;
  try {
    for await (const chunk of source) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytes += buffer.length;
      if (bytes > maxBytes) throw problem('reconcile_file_too_large', `the file is larger than ${maxBytes} bytes`);
      yield decoder.decode(buffer, { stream: true });
    }
    yield decoder.decode();
  } catch (error) {
    if (error instanceof TypeError) throw problem('reconcile_bad_encoding', 'the file is not valid UTF-8 (save it as UTF-8, e.g. not GBK)');
    throw error;
  }
}

interface ColumnIndexes {
  reference: number;
  amount: number;
  time: number;
  type: number | undefined;
  currency: number | undefined;
}

function indexesOf(header: string[], mapping: ReconcileMapping): ColumnIndexes {
  const names = header.map((h) => h.trim());
  const missing: string[] = [];
  const find = (column: string | undefined) => {
    if (column === undefined) return undefined;
    const at = names.indexOf(column);
    if (at < 0) missing.push(column);
    return at;
  };
  const indexes = {
    reference: find(mapping.columns.reference) as number,
    amount: find(mapping.columns.amount) as number,
    time: find(mapping.columns.time) as number,
    type: find(mapping.columns.type),
    currency: find(mapping.columns.currency),
  };
  if (missing.length > 0) {
    throw problem('reconcile_columns_missing', `missing columns: ${missing.join(', ')}; the file has: ${names.join(', ')}`, { extra: { missing } });
  }
  return indexes;
}

function badRow(line: number, why: string) {
  return problem('reconcile_bad_row', `line ${line}: ${why}`, { extra: { line } });
}

/** One checked row from a record; throws the row's problem. */
export function rowOf(record: string[], line: number, at: ColumnIndexes, mapping: ReconcileMapping, limits: ReadLimits): ExternalRow {
  const reference = (record[at.reference] ?? '').trim();
  if (reference === '' || reference.length > 128) throw badRow(line, 'reference must be 1 to 128 characters');
  const amountText = record[at.amount] ?? '';
  const signed = parseAmount(amountText, mapping.amount_format);
  if (signed === null || signed === 0) {
    throw problem('reconcile_bad_amount', `line ${line}: ${JSON.stringify(amountText.slice(0, 40))} is not a non-zero ${mapping.amount_format} amount`, { extra: { line } });
  }
  let kind: RowKind = signed < 0 ? 'refund' : 'payment';
  if (at.type !== undefined) {
    const type = normalType(record[at.type] ?? '');
    if (mapping.types.payment.includes(type)) kind = 'payment';
    else if (mapping.types.refund.includes(type)) kind = 'refund';
    else throw badRow(line, `type ${JSON.stringify(type.slice(0, 40))} is neither a payment nor a refund in this mapping`);
    if (kind === 'payment' && signed < 0) throw problem('reconcile_bad_amount', `line ${line}: a payment cannot be negative`, { extra: { line } });
  }
  const currencyText = at.currency === undefined ? '' : (record[at.currency] ?? '').trim().toUpperCase();
  const currency = currencyText === '' ? limits.defaultCurrency : currencyText;
  if (!/^[A-Z]{3}$/.test(currency)) throw badRow(line, `currency ${JSON.stringify(currency.slice(0, 10))} is not an ISO 4217 code`);
  const time = parseFileTime(record[at.time] ?? '', limits.zone);
  if (!time) throw badRow(line, `time ${JSON.stringify((record[at.time] ?? '').slice(0, 40))} is not a date-time`);
  return { line, reference, kind, amount: Math.abs(signed), currency, at: time.toISOString() };
}

/**
 * The checked rows of a file, in order, a batch per chunk of the file. Throws a problem for the
 * first bad byte, header or row.
 */
export async function* readExternalRows(source: AsyncIterable<Buffer | string>, mapping: ReconcileMapping, limits: ReadLimits): AsyncGenerator<ExternalRow[]> {
  const splitter = new CsvSplitter(mapping.delimiter);
  let indexes: ColumnIndexes | undefined;
  let line = 0;
  let rows = 0;
  const check = (records: string[][]): ExternalRow[] => {
    const batch: ExternalRow[] = [];
    for (const record of records) {
      line += 1;
      if (!indexes) {
        indexes = indexesOf(record, mapping);
        continue;
      }
      rows += 1;
      if (rows > limits.maxRows) throw problem('reconcile_too_many_rows', `a file may have at most ${limits.maxRows} rows`);
      batch.push(rowOf(record, line, indexes, mapping, limits));
    }
    return batch;
  };
  try {
    for await (const text of strictUtf8(source, limits.maxBytes)) {
      const batch = check(splitter.feed(text));
      if (batch.length > 0) yield batch;
    }
    const last = check(splitter.end());
    if (last.length > 0) yield last;
  } catch (error) {
    if (error instanceof RangeError) throw problem('reconcile_bad_row', `line ${line + 1}: ${error.message}`, { extra: { line: line + 1 } });
    throw error;
  }
  if (!indexes) throw problem('reconcile_empty_file', 'the file is empty (not even a header)');
  if (rows === 0) throw problem('reconcile_empty_file', 'the file has a header but no rows');
}
