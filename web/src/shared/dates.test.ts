import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, platformDay } from './dates.js';

describe('dates in the platform time zone', () => {
  // 2026-03-01T17:30:00Z is already 2 March in Shanghai (UTC+8).
  const iso = '2026-03-01T17:30:00.000Z';

  it('shows instants in Asia/Shanghai whatever the machine zone', () => {
    expect(formatDateTime(iso, 'en', 'Asia/Shanghai')).toBe('03/02/2026, 01:30:00');
    expect(formatDateTime(iso, 'zh-CN', 'Asia/Shanghai')).toBe('2026/03/02 01:30:00');
    expect(formatDate(iso, 'zh-CN', 'Asia/Shanghai')).toBe('2026/03/02');
  });

  it('puts an instant on the platform day, not the UTC day', () => {
    expect(platformDay(iso, 'Asia/Shanghai')).toBe('2026-03-02');
    expect(platformDay(iso, 'UTC')).toBe('2026-03-01');
    expect(platformDay('2026-03-01T15:59:59.999Z', 'Asia/Shanghai')).toBe('2026-03-01');
    expect(platformDay('2026-03-01T16:00:00.000Z', 'Asia/Shanghai')).toBe('2026-03-02');
  });
});
