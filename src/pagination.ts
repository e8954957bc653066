import { problem } from './errors.js';

/** Cursor pagination: opaque, URL-safe cursors that carry the position of the last item. */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<T extends Record<string, string | number>>(
  cursor: string | undefined,
  keys: Record<keyof T, 'string' | 'number'>,
): T | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    for (const [key, type] of Object.entries(keys)) {
      if (typeof value[key] !== type) throw new Error('bad cursor');
    }
    return value as T;
  } catch {
    throw problem('invalid_cursor');
  }
}

export function pageSize(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
}
