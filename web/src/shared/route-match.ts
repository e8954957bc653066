/** Path patterns for the apps' routers: pure, tested without a browser. */

export type Params = Record<string, string>;

/** '/ledger/accounts/:id' against '/ledger/accounts/a%2Fb' → { id: 'a/b' }; null when it does not match. */
export function matchPath(pattern: string, path: string): Params | null {
  const want = split(pattern);
  const have = split(path);
  if (want.length !== have.length) return null;
  const params: Params = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const h = have[i] as string;
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(h);
      } catch {
        return null;
      }
    } else if (w !== h) {
      return null;
    }
  }
  return params;
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

/** Builds a path from a pattern, encoding each parameter: ('/ledger/accounts/:id', {id: 'a/b'}) → '/ledger/accounts/a%2Fb'. */
export function buildPath(pattern: string, params: Params = {}): string {
  return pattern.replace(/:(\w+)/g, (_whole, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** The app-relative path of a location: ('/console/ledger', '/console') → '/ledger'. */
export function appPath(pathname: string, base: string): string {
  if (pathname === base || pathname === `${base}/`) return '/';
  return pathname.startsWith(`${base}/`) ? pathname.slice(base.length) : pathname;
}
