import { ApiError } from '../../shared/api.js';
import { fieldErrorFor } from '../../shared/components/problem-alert.js';

/**
 * Form checks that mirror the API's request schemas (same limits and patterns), so a person
 * sees the problem beside the field before sending; whatever still fails comes back from the
 * API and is shown the same way (fieldError).
 */

export interface Rule {
  required?: boolean;
  min?: number;
  max?: number;
  /** The pattern and how to describe it to a person. */
  pattern?: { re: RegExp; rule: string };
  url?: boolean;
}

export type Complaint =
  | { key: 'form.required' }
  | { key: 'form.too_long'; vars: { max: number } }
  | { key: 'form.too_short'; vars: { min: number } }
  | { key: 'form.pattern'; vars: { rule: string } }
  | { key: 'form.url' };

/**
 * The value as one of a select's options (a union the API takes), or undefined when it is none
 * of them, so what is sent is typed by the options rather than trusted as any string.
 */
export function optionOf<T extends string>(options: readonly T[], value: string): T | undefined {
  return options.find((option) => option === value);
}

/** The ids the API accepts for merchants, categories and other references. */
export const ID_PATTERN = { re: /^[A-Za-z0-9._:@/-]+$/, rule: 'A–Z a–z 0–9 . _ : @ / -' };
export const USERNAME_PATTERN = { re: /^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$/, rule: '3–64: A–Z a–z 0–9 . _ @ -' };
export const EVENT_TYPE_PATTERN = { re: /^(\*|[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?)$/, rule: 'giftcard.issued, giftcard.*, *' };

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

export function check(value: string, rule: Rule): Complaint | null {
  if (value.trim() === '') return rule.required ? { key: 'form.required' } : null;
  if (rule.max !== undefined && value.length > rule.max) return { key: 'form.too_long', vars: { max: rule.max } };
  if (rule.min !== undefined && value.length < rule.min) return { key: 'form.too_short', vars: { min: rule.min } };
  if (rule.pattern && !rule.pattern.re.test(value)) return { key: 'form.pattern', vars: { rule: rule.pattern.rule } };
  if (rule.url && !isHttpUrl(value)) return { key: 'form.url' };
  return null;
}

/** Every field's complaint; an empty object means the form may be sent. */
export function checkAll<F extends string>(values: Record<F, string>, rules: Partial<Record<F, Rule>>): Partial<Record<F, Complaint>> {
  const found: Partial<Record<F, Complaint>> = {};
  for (const field of Object.keys(rules) as F[]) {
    const rule = rules[field];
    const complaint = rule ? check(values[field] ?? '', rule) : null;
    if (complaint) found[field] = complaint;
  }
  return found;
}

/** Splits "a, b\nc" into ['a', 'b', 'c'] (event types, tags). */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,，]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The API's message for a field: a schema error naming it, or a domain error whose code is
 * about that field (e.g. `webhook_url_invalid` → url), shown under the field.
 */
export function fieldError(error: unknown, field: string, codes: Record<string, string> = {}): string | undefined {
  const fromSchema = fieldErrorFor(error, field);
  if (fromSchema) return fromSchema;
  if (error instanceof ApiError && codes[error.code] === field) return error.problem.detail ?? error.problem.title;
  return undefined;
}

/** A complaint in words, for a translator that knows the form.* keys. */
export function complaintText(t: (key: Complaint['key'], vars?: Record<string, string | number>) => string, complaint: Complaint | undefined): string | undefined {
  if (!complaint) return undefined;
  return 'vars' in complaint ? t(complaint.key, complaint.vars) : t(complaint.key);
}
