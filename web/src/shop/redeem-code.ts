/**
 * Typing a gift card code: Crockford base32, shown in groups of four. Input is normalised the
 * way the server normalises it (case, spaces, dashes, O→0, I/L→1), so what the shopper sees is
 * what is sent. The server alone decides whether a code is valid (check character, throttling).
 */

/** Longest code accepted in the box (the gift cards API defines the real length). */
export const MAX_CODE_LENGTH = 32;

const SIGNIFICANT = /[0-9A-Z*~$=]/;
const LOOKALIKES: Record<string, string> = { O: '0', I: '1', L: '1' };

function normaliseChar(char: string): string | null {
  const upper = char.toUpperCase();
  const mapped = LOOKALIKES[upper] ?? upper;
  return SIGNIFICANT.test(mapped) && mapped.length === 1 ? mapped : null;
}

/** "abcd-efgh ijkl" → "ABCDEFGH1JK1": what is sent to the API. */
export function normaliseCode(raw: string): string {
  let out = '';
  for (const char of raw) {
    const mapped = normaliseChar(char);
    if (mapped) out += mapped;
    if (out.length === MAX_CODE_LENGTH) break;
  }
  return out;
}

/** "ABCDEFGH1J" → "ABCD EFGH 1J". */
export function groupCode(normalised: string): string {
  return normalised.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Re-formats the box after an edit and says where the caret goes: after the same number of
 * significant characters as before, so typing or deleting in the middle does not jump.
 */
export function formatCodeInput(raw: string, caret: number): { value: string; caret: number } {
  const before = normaliseCode(raw.slice(0, caret)).length;
  const value = groupCode(normaliseCode(raw));
  // Each complete group of four before the caret is followed by one space.
  const position = before === 0 ? 0 : before + Math.floor((before - 1) / 4) + (before % 4 === 0 && before < normaliseCode(raw).length ? 1 : 0);
  return { value, caret: Math.min(position, value.length) };
}
