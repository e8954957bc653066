/**
 * Times arrive as ISO-8601 UTC strings and are shown in the platform's time zone (Asia/Shanghai
 * unless the server says otherwise, see settings.ts), whatever zone the browser is in. The zone
 * is an argument so these stay pure; components get it from useFormat() in i18n.
 */

const cache = new Map<string, Intl.DateTimeFormat>();

function format(locale: string, kind: 'datetime' | 'date' | 'day', timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${kind}|${timeZone}`;
  let found = cache.get(key);
  if (!found) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'datetime'
        ? { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }
        : kind === 'date'
          ? { year: 'numeric', month: '2-digit', day: '2-digit' }
          : { month: 'numeric', day: 'numeric' };
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    cache.set(key, found);
  }
  return found;
}

export function formatDateTime(iso: string, locale: string, timeZone: string): string {
  return format(locale, 'datetime', timeZone).format(new Date(iso));
}

export function formatDate(iso: string, locale: string, timeZone: string): string {
  return format(locale, 'date', timeZone).format(new Date(iso));
}

/** Short day label for chart axes ("3/14", "3月14日"). */
export function formatDay(iso: string, locale: string, timeZone: string): string {
  return format(locale, 'day', timeZone).format(new Date(iso));
}

/** The calendar day (YYYY-MM-DD) an instant falls on in the platform time zone: the key for "per day" charts. */
export function platformDay(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
