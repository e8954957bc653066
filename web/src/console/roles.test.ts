import { describe, expect, it } from 'vitest';
import { csrfFromCookies, parseStoredSession, sessionFrom } from './roles.js';

describe('console sessions', () => {
  it('accepts the identity API answer for a console role', () => {
    expect(sessionFrom({ csrf_token: 'c1', user: { username: 'li', role: 'finance' } })).toEqual({
      kind: 'session',
      csrfToken: 'c1',
      user: { username: 'li', role: 'finance' },
    });
  });

  it('refuses roles without a console and answers without a CSRF token', () => {
    expect(sessionFrom({ csrf_token: 'c1', user: { username: 'shop', role: 'storefront' } })).toBeNull();
    expect(sessionFrom({ user: { username: 'li', role: 'admin' } })).toBeNull();
    expect(sessionFrom({ user: { username: 'li', role: 'admin' } }, 'kept')).toMatchObject({ csrfToken: 'kept' });
  });

  it('reads back only well-formed stored sessions', () => {
    const key = { kind: 'api_key', key: 'sk_live_x', user: { username: 'sk_live_x…', role: 'admin' } };
    expect(parseStoredSession(JSON.stringify(key))).toEqual(key);
    expect(parseStoredSession(null)).toBeNull();
    expect(parseStoredSession('{not json')).toBeNull();
    expect(parseStoredSession(JSON.stringify({ ...key, user: { username: 'x', role: 'root' } }))).toBeNull();
    expect(parseStoredSession(JSON.stringify({ kind: 'session', user: key.user }))).toBeNull();
  });

  it('finds the CSRF token among the cookies a new tab can read', () => {
    expect(csrfFromCookies('theme=dark; scrip_csrf=abc%3D123; other=1')).toBe('abc=123');
    expect(csrfFromCookies('scrip_csrf_old=x')).toBeUndefined();
    expect(csrfFromCookies('')).toBeUndefined();
  });
});
