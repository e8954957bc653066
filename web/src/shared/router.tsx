import { type AnchorHTMLAttributes, createContext, type MouseEvent, type ReactNode, useCallback, useContext, useMemo, useSyncExternalStore } from 'react';
import { appPath } from './route-match.js';

/**
 * A small history router (no dependency): each app lives under its base path (/console, /shop)
 * and the server answers every path under it with the app's index.html.
 */

const NAVIGATE_EVENT = 'scrip:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const snapshot = () => `${window.location.pathname}${window.location.search}`;

interface RouterValue {
  base: string;
  /** App-relative path, e.g. '/ledger/accounts/a1'. */
  path: string;
  search: URLSearchParams;
  navigate(to: string, options?: { replace?: boolean }): void;
}

const RouterContext = createContext<RouterValue | null>(null);

export function Router({ base, children }: { base: string; children: ReactNode }) {
  const location = useSyncExternalStore(subscribe, snapshot);
  const navigate = useCallback(
    (to: string, options: { replace?: boolean } = {}) => {
      const url = `${base}${to}`;
      if (url === snapshot()) return;
      if (options.replace) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
      window.dispatchEvent(new Event(NAVIGATE_EVENT));
    },
    [base],
  );
  const value = useMemo(() => {
    const url = new URL(location, window.location.origin);
    return { base, path: appPath(url.pathname, base), search: url.searchParams, navigate };
  }, [base, location, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error('Router is missing');
  return value;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** An ordinary link (middle-click and ctrl-click open a tab) that navigates in place otherwise. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const { base, navigate, path } = useRouter();
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  const current = path === to.split('?')[0];
  return <a href={`${base}${to}`} onClick={handle} aria-current={current ? 'page' : undefined} {...rest} />;
}
