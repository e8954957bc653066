/**
 * Money on screen. Amounts arrive as integer minor units (fen) and are never turned into
 * floating point: the decimal string is built with BigInt division and remainder, and Intl only
 * lays it out (symbol, grouping, separators) — Intl treats a numeric string as an exact decimal.
 */

/** ISO 4217 minor-unit digits for the currencies that are not the common 2. */
const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, KWD: 3, BHD: 3, JOD: 3, OMR: 3, TND: 3 };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** The exact decimal string of an amount in minor units, e.g. 123456 CNY → "1234.56". */
export function toDecimalString(minor: number | bigint, currency: string): `${number}` {
  if (typeof minor === 'number' && !Number.isSafeInteger(minor)) throw new RangeError(`amount must be a whole number of minor units, got ${minor}`);
  const digits = minorDigits(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const unit = 10n ** BigInt(digits);
  const major = magnitude / unit;
  const fraction = (magnitude % unit).toString().padStart(digits, '0');
  return `${negative ? '-' : ''}${major}${digits > 0 ? `.${fraction}` : ''}` as `${number}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let found = formatters.get(key);
  if (!found) {
    const digits = minorDigits(currency);
    found = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, found);
  }
  return found;
}

/** 123456, 'CNY', 'zh-CN' → "¥1,234.56". */
export function formatMoney(minor: number | bigint, currency: string, locale: string): string {
  return formatter(locale, currency).format(toDecimalString(minor, currency));
}

export type ParsedMoney = { ok: true; minor: number } | { ok: false; reason: 'empty' | 'not_a_number' | 'too_many_decimals' | 'too_large' };

/**
 * What a person typed ("95", "95.5", "1,234.50", "¥12") → minor units, exactly. Negative
 * amounts are not accepted: forms ask for amounts, and direction is a separate choice.
 */
export function parseMoney(input: string, currency: string): ParsedMoney {
  const cleaned = input.replace(/[\s,，¥￥$€£]/g, '').replace(/^(CNY|RMB)/i, '');
  if (cleaned === '') return { ok: false, reason: 'empty' };
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return { ok: false, reason: 'not_a_number' };
  const digits = minorDigits(currency);
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return { ok: false, reason: 'too_many_decimals' };
  const minor = BigInt(match[1] as string) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'too_large' };
  return { ok: true, minor: Number(minor) };
}
