import { problem } from '../errors.js';

/**
 * Calendar days in the platform time zone (TIME_ZONE). Reports take dates, not instants: a day
 * runs from local midnight to the next local midnight, whatever the UTC offset that day.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const formats = new Map<string, Intl.DateTimeFormat>();

/** Formatters are costly to build and reports format every transfer's day: one per zone and use. */
function formatter(zone: string, use: 'parts' | 'date'): Intl.DateTimeFormat {
  const key = `${use}|${zone}`;
  let format = formats.get(key);
  if (!format) {
    format =
      use === 'parts'
        ? new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
        : new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    if (formats.size < 100) formats.set(key, format);
  }
  return format;
}

const offsets = new Map<string, number>();
const QUARTER_HOUR_MS = 900_000;

/**
 * The zone's offset from UTC in minutes at an instant (e.g. +480 for Asia/Shanghai). Offsets
 * change only on quarter-hour boundaries, so they are cached per quarter hour: files of millions
 * of rows cost one formatter call per quarter hour they span.
 */
function offsetMinutes(at: Date, zone: string): number {
  const key = `${zone}|${Math.floor(at.getTime() / QUARTER_HOUR_MS)}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const offset = computeOffsetMinutes(at, zone);
  if (offsets.size > 100_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

function computeOffsetMinutes(at: Date, zone: string): number {
  const parts = formatter(zone, 'parts').formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a local wall-clock time happens in the zone. */
export function zonedToInstant(year: number, month: number, day: number, hour: number, minute: number, second: number, zone: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  // Two rounds settle the offset across a DST change.
  let at = new Date(guess - offsetMinutes(new Date(guess), zone) * 60_000);
  at = new Date(guess - offsetMinutes(at, zone) * 60_000);
  return at;
}

/** The instant a local date starts. */
export function startOfDay(date: string, zone: string): Date {
  const match = DATE.exec(date);
  if (!match) throw problem('report_range_invalid', `${date} is not a date (YYYY-MM-DD)`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) throw problem('report_range_invalid', `${date} is not a calendar date`);
  return zonedToInstant(year, month, day, 0, 0, 0, zone);
}

/** The local date of an instant, YYYY-MM-DD. */
export function localDate(at: Date, zone: string): string {
  return formatter(zone, 'date').format(at);
}

export function nextDate(date: string): string {
  return addDays(date, 1);
}

/** The calendar date `days` after (or before, when negative) a date. */
export function addDays(date: string, days: number): string {
  const match = DATE.exec(date);
  if (!match) throw problem('report_range_invalid', `${date} is not a date (YYYY-MM-DD)`);
  const next = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days));
  return next.toISOString().slice(0, 10);
}

export interface Period {
  /** First local day included, and the last. */
  from_date: string;
  to_date: string;
  /** [from, to) in UTC ISO-8601. */
  from: string;
  to: string;
}

const MAX_DAYS = 3 * 366;

/** The period of local days from..to inclusive. */
export function periodOf(fromDate: string, toDate: string, zone: string): Period {
  const from = startOfDay(fromDate, zone);
  const to = startOfDay(nextDate(toDate), zone);
  if (to.getTime() <= from.getTime()) throw problem('report_range_invalid', 'to must not be before from');
  if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) throw problem('report_range_invalid', `a report covers at most ${MAX_DAYS} days`);
  return { from_date: fromDate, to_date: toDate, from: from.toISOString(), to: to.toISOString() };
}

/**
 * A time as written in an external file: ISO-8601 with an offset or Z, or a local
 * `YYYY-MM-DD[ T]HH:mm[:ss]` / `YYYY-MM-DD` in the platform zone. Null when unreadable.
 */
export function parseFileTime(text: string, zone: string): Date | null {
  const value = text.trim();
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(value) && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const at = new Date(value);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value) ?? /^(\d{4})\/(\d{2})\/(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  return zonedToInstant(year, month, day, hour, minute, second, zone);
}
