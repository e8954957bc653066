import { describe, expect, it } from 'vitest';
import { endOfDayIso, startOfDayIso, zoneOffsetMs } from './zoned-time.js';

describe('days in the platform time zone', () => {
  it('starts a Shanghai day at 16:00 UTC the day before', () => {
    expect(startOfDayIso('2026-03-05', 'Asia/Shanghai')).toBe('2026-03-04T16:00:00.000Z');
    expect(endOfDayIso('2026-03-05', 'Asia/Shanghai')).toBe('2026-03-05T16:00:00.000Z');
    expect(zoneOffsetMs(Date.UTC(2026, 0, 1), 'Asia/Shanghai')).toBe(8 * 3600_000);
  });

  it('follows daylight saving time where the zone has it', () => {
    expect(startOfDayIso('2026-01-15', 'America/New_York')).toBe('2026-01-15T05:00:00.000Z');
    expect(startOfDayIso('2026-07-15', 'America/New_York')).toBe('2026-07-15T04:00:00.000Z');
    // The day clocks spring forward still starts at local midnight (05:00 UTC, before the change).
    expect(startOfDayIso('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
  });

  it('crosses month and year ends, and refuses text that is not a day', () => {
    expect(endOfDayIso('2026-12-31', 'UTC')).toBe('2027-01-01T00:00:00.000Z');
    expect(startOfDayIso('5 March', 'UTC')).toBeNull();
    expect(endOfDayIso('', 'UTC')).toBeNull();
  });
});
