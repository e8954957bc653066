/**
 * Event type filters. A filter is a list of patterns; an event matches when any pattern does:
 * `*` (every event), an exact type (`giftcard.issued`), or a prefix ending in `.*`
 * (`giftcard.*` matches `giftcard.issued` and `giftcard.balance.changed`, not `giftcard`).
 */

export const EVENT_TYPE_PATTERN = '^(\\*|[a-z0-9_]+(\\.[a-z0-9_]+)*(\\.\\*)?)$';
const PATTERN = new RegExp(EVENT_TYPE_PATTERN);

export function isEventPattern(pattern: string): boolean {
  return PATTERN.test(pattern);
}

export function matchesPattern(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

export function matchesFilter(patterns: readonly string[], type: string): boolean {
  return patterns.some((pattern) => matchesPattern(pattern, type));
}

/** Sorted, without duplicates, and without patterns another pattern already covers. */
export function normaliseFilter(patterns: readonly string[]): string[] {
  const unique = [...new Set(patterns)].sort();
  if (unique.includes('*')) return ['*'];
  const covers = (wider: string, pattern: string) => wider !== pattern && wider.endsWith('.*') && pattern.startsWith(wider.slice(0, -1));
  return unique.filter((pattern) => !unique.some((wider) => covers(wider, pattern)));
}
