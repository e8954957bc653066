import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type ApiClient, createApiClient, isNotYetAvailable } from '../shared/api.js';
import type { ApiAnswer } from '../shared/api-types.js';

/**
 * The demo shopper picker. The platform owns shopper identity: in production its app signs a
 * shopper token and the storefront sends it as X-Shopper-Token. This demo has no platform, so
 * the server mints tokens for its demo shoppers — THE HOOK is the two calls below, to be
 * provided with the demo data (`scrip seed-demo`). Until they exist the picker says so and the
 * storefront works signed out.
 */
export const DEMO_SHOPPERS_PATH = '/v1/demo/shoppers';
export const demoShopperTokenPath = (id: string) => `/v1/demo/shoppers/${encodeURIComponent(id)}/token`;

export interface DemoShopper {
  id: string;
  name: string;
}

type DemoShoppers = ApiAnswer<'/v1/demo/shoppers', 'get'>;
type DemoShopperToken = ApiAnswer<'/v1/demo/shoppers/{id}/token', 'post'>;

interface ShopperSession {
  shopper: DemoShopper;
  token: string;
  /** When the token stops working (ms since the epoch); a fresh one is asked for before then. */
  expiresAt?: number;
}

const STORAGE_KEY = 'scrip.shop.shopper';
let current: ShopperSession | null = null;
let onRefused: () => void = () => {};

/** The storefront's API client: every call carries the chosen shopper's token. */
export const api: ApiClient = createApiClient({
  credentials: () => ({ kind: 'none' }),
  shopperToken: () => current?.token ?? null,
  // The token expired or was refused: forget it, so the picker asks again.
  onUnauthenticated: () => onRefused(),
});

type Directory = { state: 'loading' } | { state: 'ready'; shoppers: DemoShopper[] } | { state: 'unavailable' } | { state: 'failed'; error: unknown };

interface ShopperValue {
  directory: Directory;
  shopper: DemoShopper | null;
  choose(id: string | null): Promise<void>;
}

const ShopperContext = createContext<ShopperValue | null>(null);

function restore(): ShopperSession | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as ShopperSession | null;
    return value && typeof value.token === 'string' && typeof value.shopper?.id === 'string' ? value : null;
  } catch {
    return null;
  }
}

export function ShopperProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<ShopperSession | null>(() => {
    current = restore();
    return current;
  });
  const [directory, setDirectory] = useState<Directory>({ state: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    api.get<DemoShoppers>(DEMO_SHOPPERS_PATH, { signal: controller.signal, credentials: { kind: 'none' } }).then(
      (answer) => setDirectory({ state: 'ready', shoppers: answer.items.map((s) => ({ id: s.id, name: s.display_name ?? s.id })) }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setDirectory(isNotYetAvailable(error) ? { state: 'unavailable' } : { state: 'failed', error });
      },
    );
    return () => controller.abort();
  }, []);

  const choose = useCallback(
    async (id: string | null) => {
      let next: ShopperSession | null = null;
      if (id !== null && directory.state === 'ready') {
        const shopper = directory.shoppers.find((s) => s.id === id);
        if (shopper) {
          const { token, expires_in } = await api.post<DemoShopperToken>(demoShopperTokenPath(id), undefined, {
            idempotencyKey: false,
            credentials: { kind: 'none' },
          });
          next = { shopper, token, ...(expires_in ? { expiresAt: Date.now() + expires_in * 1000 } : {}) };
        }
      }
      current = next;
      try {
        if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
        else sessionStorage.removeItem(STORAGE_KEY);
      } catch {
        // Not kept across reloads; still used on this page.
      }
      setSession(next);
    },
    [directory],
  );

  // A kept token close to its end is replaced; a refused one is dropped.
  useEffect(() => {
    onRefused = () => void choose(null);
    if (directory.state === 'ready' && session?.expiresAt && session.expiresAt - Date.now() < 60_000) void choose(session.shopper.id);
  }, [directory, session, choose]);

  const value = useMemo(() => ({ directory, shopper: session?.shopper ?? null, choose }), [directory, session, choose]);
  return <ShopperContext.Provider value={value}>{children}</ShopperContext.Provider>;
}

export function useShopper(): ShopperValue {
  const value = useContext(ShopperContext);
  if (!value) throw new Error('ShopperProvider is missing');
  return value;
}
