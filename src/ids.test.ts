import { expect, it } from 'vitest';
import { uuidv7 } from './ids.js';

it('makes distinct version-7 ids that sort in the order they were made', () => {
  const ids = Array.from({ length: 20_000 }, () => uuidv7());
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(ids);
  for (const id of ids.slice(0, 50)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const msecs = Number.parseInt(ids[0]?.replace(/-/g, '').slice(0, 12) ?? '', 16);
  expect(Math.abs(msecs - Date.now())).toBeLessThan(60_000);
});
