/** The roles that use the console (the API's storefront and integration roles do not). */

export const CONSOLE_ROLES = ['admin', 'operations', 'finance', 'customer_service', 'auditor', 'merchant'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export function isConsoleRole(role: unknown): role is ConsoleRole {
  return typeof role === 'string' && (CONSOLE_ROLES as readonly string[]).includes(role);
}

export interface StaffUser {
  username: string;
  role: ConsoleRole;
}

/**
 * How this browser tab is signed in. A staff session lives in an HttpOnly cookie the page never
 * sees; the page keeps only the CSRF token that mutations must echo. The API-key fallback keeps
 * the key in sessionStorage (this tab only) and sends it as a Bearer token.
 */
export type StaffSession = { kind: 'session'; csrfToken: string; user: StaffUser } | { kind: 'api_key'; key: string; user: StaffUser };

/** What POST /v1/sessions and GET /v1/sessions/current answer (the identity API). */
export interface SessionResponse {
  csrf_token?: string;
  user?: { username?: string; role?: string };
}

/** The session carried by a sessions-API answer, or null when it names no console role. */
export function sessionFrom(response: SessionResponse, csrfFallback?: string): StaffSession | null {
  const role = response.user?.role;
  const csrfToken = response.csrf_token ?? csrfFallback;
  if (!isConsoleRole(role) || !csrfToken) return null;
  return { kind: 'session', csrfToken, user: { username: response.user?.username ?? role, role } };
}

/** Parses what was kept in sessionStorage; anything unexpected counts as signed out. */
export function parseStoredSession(text: string | null): StaffSession | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<StaffSession> & { user?: Partial<StaffUser> };
    if (!value.user || !isConsoleRole(value.user.role) || typeof value.user.username !== 'string') return null;
    const user = { username: value.user.username, role: value.user.role };
    if (value.kind === 'api_key' && typeof value.key === 'string') return { kind: 'api_key', key: value.key, user };
    if (value.kind === 'session' && typeof value.csrfToken === 'string') return { kind: 'session', csrfToken: value.csrfToken, user };
    return null;
  } catch {
    return null;
  }
}

/** The CSRF token the identity API also puts in the readable `scrip_csrf` cookie (a new tab restores the session from it). */
export function csrfFromCookies(cookies: string): string | undefined {
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'scrip_csrf' && rest.length) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}
