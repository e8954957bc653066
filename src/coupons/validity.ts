import type { Validity } from './values.js';

/**
 * When a claimed coupon is valid. "N days after claim" ends at the end of the N-th day after
 * the claim's day in the platform time zone: claimed 1 March 10:00 with 7 days → valid until
 * 8 March 23:59:59.999 local time.
 */

export function validityPeriod(validity: Validity, claimedAt: Date, timeZone: string): { from: string; until: string } {
  if (validity.kind === 'fixed') return { from: validity.from, until: validity.until };
  const day = localDate(claimedAt, timeZone);
  const lastDay = addDays(day, validity.days);
  const nextMidnight = localMidnight(addDays(lastDay, 1), timeZone);
  return { from: claimedAt.toISOString(), until: new Date(nextMidnight.getTime() - 1).toISOString() };
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

// Building an Intl.DateTimeFormat costs far more than using one: one per zone and purpose.
const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      ...(withTime ? { hourCycle: 'h23' as const, hour: 'numeric' as const, minute: 'numeric' as const, second: 'numeric' as const } : {}),
    });
    if (formats.size < 100) formats.set(key, format);
  }
  return format;
}

export function localDate(at: Date, timeZone: string): LocalDate {
  const parts = formatOf(timeZone, false).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

function addDays(date: LocalDate, days: number): LocalDate {
  const at = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(at: Date, timeZone: string): number {
  const parts = formatOf(timeZone, true).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant local midnight starts the given day (offsets re-read once for DST changes). */
export function localMidnight(date: LocalDate, timeZone: string): Date {
  const naive = Date.UTC(date.year, date.month - 1, date.day);
  let guess = naive - offsetMinutes(new Date(naive), timeZone) * 60_000;
  guess = naive - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}
