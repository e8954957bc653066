import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appPath, buildPath, matchPath } from './route-match.js';

describe('routes', () => {
  it('matches patterns and decodes parameters', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/ledger', '/ledger/')).toEqual({});
    expect(matchPath('/ledger/accounts/:id', '/ledger/accounts/a%2Fb')).toEqual({ id: 'a/b' });
    expect(matchPath('/ledger/accounts/:id', '/ledger/transfers/x')).toBeNull();
    expect(matchPath('/ledger/accounts/:id', '/ledger/accounts')).toBeNull();
    expect(matchPath('/ledger/accounts/:id', '/ledger/accounts/%E0%A4%A')).toBeNull();
  });

  it('builds what it matches, for any id', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (id) => {
        expect(matchPath('/ledger/accounts/:id', buildPath('/ledger/accounts/:id', { id }))).toEqual({ id });
      }),
    );
  });

  it('strips the app base', () => {
    expect(appPath('/console', '/console')).toBe('/');
    expect(appPath('/console/', '/console')).toBe('/');
    expect(appPath('/console/ledger', '/console')).toBe('/ledger');
    expect(appPath('/consoles', '/console')).toBe('/consoles');
  });
});
