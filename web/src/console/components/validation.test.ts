import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api.js';
import { check, checkAll, EVENT_TYPE_PATTERN, fieldError, ID_PATTERN, isHttpUrl, optionOf, splitList, USERNAME_PATTERN } from './validation.js';

describe('form checks mirror the API', () => {
  it('applies required, length and pattern rules', () => {
    expect(check('', { required: true })).toEqual({ key: 'form.required' });
    expect(check('', { max: 3 })).toBeNull();
    expect(check('abcd', { max: 3 })).toEqual({ key: 'form.too_long', vars: { max: 3 } });
    expect(check('short', { min: 12 })).toEqual({ key: 'form.too_short', vars: { min: 12 } });
    expect(check('m tea', { pattern: ID_PATTERN })?.key).toBe('form.pattern');
    expect(check('m-tea', { pattern: ID_PATTERN })).toBeNull();
    expect(check('li', { pattern: USERNAME_PATTERN })?.key).toBe('form.pattern');
    expect(check('li.lei', { pattern: USERNAME_PATTERN })).toBeNull();
    expect(checkAll({ a: '', b: 'x' }, { a: { required: true }, b: { required: true } })).toEqual({ a: { key: 'form.required' } });
  });

  it('takes absolute http(s) URLs without credentials, and event type patterns', () => {
    expect(isHttpUrl('https://example.com/hook')).toBe(true);
    expect(isHttpUrl('ftp://example.com')).toBe(false);
    expect(isHttpUrl('https://user:pw@example.com')).toBe(false);
    expect(isHttpUrl('/relative')).toBe(false);
    expect(EVENT_TYPE_PATTERN.re.test('giftcard.*')).toBe(true);
    expect(EVENT_TYPE_PATTERN.re.test('*')).toBe(true);
    expect(EVENT_TYPE_PATTERN.re.test('Giftcard')).toBe(false);
    expect(splitList('giftcard.*, coupon.claimed\n approval.decided，x')).toEqual(['giftcard.*', 'coupon.claimed', 'approval.decided', 'x']);
  });

  it('puts the API’s answer under the field it is about', () => {
    const schema = new ApiError({ title: 'Invalid', status: 400, code: 'validation_failed', errors: [{ field: 'body/name', code: 'maxLength', message: 'too long' }] });
    expect(fieldError(schema, 'name')).toBe('too long');
    const domain = new ApiError({ title: 'Bad URL', status: 400, code: 'webhook_url_invalid', detail: 'url must use http or https' });
    expect(fieldError(domain, 'url', { webhook_url_invalid: 'url' })).toBe('url must use http or https');
    expect(fieldError(domain, 'description', { webhook_url_invalid: 'url' })).toBeUndefined();
  });
});

describe('optionOf', () => {
  const ROLES = ['admin', 'finance'] as const;
  it('gives the option the value names, typed as the options’ union', () => {
    const role: (typeof ROLES)[number] | undefined = optionOf(ROLES, 'finance');
    expect(role).toBe('finance');
  });
  it('gives undefined for a value that is none of the options', () => {
    expect(optionOf(ROLES, 'Admin')).toBeUndefined();
    expect(optionOf(ROLES, '')).toBeUndefined();
  });
});
