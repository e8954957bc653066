import { csvCell } from './reconcile.js';

/** Flat rows of a report as CSV (amounts in fen, as in the JSON), header from the first row's keys. */
export function toCsv(rows: readonly Record<string, string | number | boolean | null>[]): string {
  if (rows.length === 0) return '';
  const header = Object.keys(rows[0] ?? {});
  const cell = (value: string | number | boolean | null | undefined) => (value === null || value === undefined ? '' : typeof value === 'string' ? csvCell(value) : String(value));
  return `${[header.join(','), ...rows.map((row) => header.map((key) => cell(row[key])).join(','))].join('\n')}\n`;
}
