/** Display of integer minor units, for reason words only (never for arithmetic). */

const SYMBOLS: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', GBP: '£', HKD: 'HK$', JPY: '¥' };
const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'VND']);

export function formatMoney(amount: number, currency: string): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const digits = ZERO_DECIMAL.has(currency) ? String(abs) : `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  const symbol = SYMBOLS[currency];
  return symbol ? `${sign}${symbol}${digits}` : `${sign}${digits} ${currency}`;
}
