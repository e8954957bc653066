/**
 * Calendar days in the platform time zone → instants. Filters ask for days ("from 3 March to 5
 * March") in the platform's zone, whatever zone the browser is in; the API wants UTC instants.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** How far `zone` is ahead of UTC at the instant `utcMs` (milliseconds; +8 h for Asia/Shanghai). */
export function zoneOffsetMs(utcMs: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** The instant a day ('2026-03-05') starts in `zone`, as ISO UTC; null for text that is not a day. */
export function startOfDayIso(day: string, zone: string): string | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const wall = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(wall)) return null;
  // The offset at the guess may differ from the offset at the answer across a DST change.
  let utc = wall - zoneOffsetMs(wall, zone);
  utc = wall - zoneOffsetMs(utc, zone);
  return new Date(utc).toISOString();
}

/** The instant the day after `day` starts in `zone`: the exclusive end of a range that includes `day`. */
export function endOfDayIso(day: string, zone: string): string | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const next = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1));
  return startOfDayIso(next.toISOString().slice(0, 10), zone);
}
