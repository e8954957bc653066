/**
 * Exact parsing of amounts in external files: a decimal yuan string (`12.34`, `-0.5`, `100`)
 * or an integer number of fen. Never through floating point: the digits are split and joined.
 */

export type AmountFormat = 'yuan' | 'fen';

/** Larger than any real amount, far below 2^53 fen. */
const MAX_DIGITS = 15;

const YUAN = new RegExp(`^([+-]?)(\\d{1,${MAX_DIGITS}})(?:\\.(\\d{1,2}))?$`);

/** Minor units (may be negative), or null when the text is not an amount in this format. */
export function parseAmount(text: string, format: AmountFormat): number | null {
  const value = text.trim();
  if (format === 'fen') {
    const match = /^([+-]?)(\d{1,16})$/.exec(value);
    if (!match) return null;
    const fen = Number(match[2]);
    if (!Number.isSafeInteger(fen)) return null;
    return match[1] === '-' ? -fen : fen;
  }
  const match = YUAN.exec(value);
  if (!match) return null;
  const whole = Number(match[2]);
  const cents = Number((match[3] ?? '').padEnd(2, '0'));
  const fen = whole * 100 + cents;
  if (!Number.isSafeInteger(fen)) return null;
  return match[1] === '-' ? -fen : fen;
}

/** `1234` → `12.34`, `-5` → `-0.05`: for CSV exports read by people. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
