import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type ApiClient, ApiError, type Credentials, createApiClient, isNotYetAvailable } from '../shared/api.js';
import { type ConsoleRole, csrfFromCookies, isConsoleRole, parseStoredSession, type SessionResponse, type StaffSession, sessionFrom } from './roles.js';

/**
 * Who is signed in to the console, and the API client that signs its requests. Staff sign-in
 * uses the identity API's sessions (HttpOnly cookie + CSRF token); an API key pasted on the
 * sign-in screen is the fallback (and the way in before any staff user exists).
 */

const STORAGE_KEY = 'scrip.console.session';

let current: StaffSession | null = null;
let onExpired: () => void = () => {};

export const api: ApiClient = createApiClient({
  credentials: (): Credentials =>
    current?.kind === 'api_key' ? { kind: 'api_key', key: current.key } : current ? { kind: 'session', csrfToken: current.csrfToken } : { kind: 'none' },
  onUnauthenticated: () => onExpired(),
});

function store(session: StaffSession | null): void {
  current = session;
  try {
    if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage disabled: the session lasts as long as the page.
  }
}

function stored(): StaffSession | null {
  try {
    return parseStoredSession(sessionStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

type Status = 'checking' | 'signed_out' | 'signed_in';

interface SessionValue {
  status: Status;
  session: StaffSession | null;
  /** False when this server has no staff sign-in yet (the identity API has not landed). */
  passwordSignIn: boolean;
  /** Set when the API signed us out (a 401), so the sign-in screen can say why. */
  expired: boolean;
  signInWithPassword(username: string, password: string): Promise<void>;
  signInWithKey(key: string, menuRole: ConsoleRole): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export class SignInRefused extends Error {
  override name = 'SignInRefused';
  constructor(
    readonly reason: 'no_console_role' | 'key_invalid' | 'password_unavailable',
    readonly role?: string,
  ) {
    super(reason);
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<StaffSession | null>(() => {
    current = stored();
    return current;
  });
  const [status, setStatus] = useState<Status>(session ? 'signed_in' : 'checking');
  const [passwordSignIn, setPasswordSignIn] = useState(true);
  const [expired, setExpired] = useState(false);

  const adopt = useCallback((next: StaffSession | null) => {
    store(next);
    setSession(next);
    setStatus(next ? 'signed_in' : 'signed_out');
    if (next) setExpired(false);
  }, []);

  useEffect(() => {
    onExpired = () => {
      adopt(null);
      setExpired(true);
    };
  }, [adopt]);

  // With no session in this tab, a staff cookie may still be valid: ask the identity API.
  useEffect(() => {
    if (status !== 'checking') return;
    api
      .get<SessionResponse>('/v1/sessions/current', { quietUnauthenticated: true, credentials: { kind: 'none' } })
      .then((answer) => adopt(sessionFrom(answer, csrfFromCookies(document.cookie))))
      .catch((error: unknown) => {
        if (isNotYetAvailable(error)) setPasswordSignIn(false);
        adopt(null);
      });
  }, [status, adopt]);

  const signInWithPassword = useCallback(
    async (username: string, password: string) => {
      try {
        const answer = await api.post<SessionResponse>('/v1/sessions', { username, password }, { quietUnauthenticated: true, credentials: { kind: 'none' }, idempotencyKey: false });
        const next = sessionFrom(answer);
        if (!next) throw new SignInRefused('no_console_role', answer.user?.role);
        adopt(next);
      } catch (error) {
        if (isNotYetAvailable(error)) {
          setPasswordSignIn(false);
          throw new SignInRefused('password_unavailable');
        }
        throw error;
      }
    },
    [adopt],
  );

  const signInWithKey = useCallback(
    async (key: string, menuRole: ConsoleRole) => {
      const credentials: Credentials = { kind: 'api_key', key };
      const role = await roleOfKey(credentials);
      if (role === 'invalid') throw new SignInRefused('key_invalid');
      if (role !== 'unknown' && !isConsoleRole(role)) throw new SignInRefused('no_console_role', role);
      const known = role === 'unknown' ? menuRole : role;
      adopt({ kind: 'api_key', key, user: { username: key.slice(0, 12), role: known } });
    },
    [adopt],
  );

  const signOut = useCallback(async () => {
    if (current?.kind === 'session') await api.delete('/v1/sessions/current', { quietUnauthenticated: true }).catch(() => undefined);
    adopt(null);
  }, [adopt]);

  const value = useMemo(
    () => ({ status, session, passwordSignIn, expired, signInWithPassword, signInWithKey, signOut }),
    [status, session, passwordSignIn, expired, signInWithPassword, signInWithKey, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/**
 * The role of a key as the API sees it. The identity API's GET /v1/sessions/current names the
 * caller; where that is not available yet, a harmless read tells a valid key (403 or 404) from
 * an invalid one (401), and the role stays 'unknown'.
 */
async function roleOfKey(credentials: Credentials): Promise<string | 'invalid' | 'unknown'> {
  try {
    const answer = await api.get<SessionResponse>('/v1/sessions/current', { credentials, quietUnauthenticated: true });
    if (answer.user?.role) return answer.user.role;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'invalid_api_key') return 'invalid';
    if (!(error instanceof ApiError) || error.code === 'network_error') throw error;
  }
  try {
    await api.get('/v1/ledger/accounts/console-key-check', { credentials, quietUnauthenticated: true });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return 'invalid';
    if (!(error instanceof ApiError) || error.status >= 500 || error.status === 0) throw error;
  }
  return 'unknown';
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('SessionProvider is missing');
  return value;
}
