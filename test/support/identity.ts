import type { LightMyRequestResponse } from 'fastify';
import type { Db } from '../../src/db/database.js';
import type { App } from '../../src/http/context.js';
import { cliActor } from '../../src/platform/principal.js';
import type { StaffRole } from '../../src/platform/staff-users.repo.js';
import { createStaffUser } from '../../src/platform/staff-users.js';

export const PASSWORD = 'correct horse battery staple';

/** Makes a staff user with PASSWORD; returns its id. */
export async function makeStaff(db: Db, username: string, role: StaffRole, merchantId?: string): Promise<string> {
  const { user } = await createStaffUser(db, { username, password: PASSWORD, role, merchantId: merchantId ?? null }, cliActor('test'), new Date('2026-01-01T00:00:00Z'));
  return user.id;
}

export interface Signed {
  response: LightMyRequestResponse;
  /** Cookie header carrying the session and CSRF cookies. */
  cookie: string;
  csrf: string;
  /** Headers for a cookie-authenticated mutation. */
  headers: Record<string, string>;
}

export function cookieHeader(response: LightMyRequestResponse): string {
  return response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

export async function signIn(app: App, username: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<Signed> {
  const response = await app.inject({ method: 'POST', url: '/v1/sessions', payload: { username, password }, headers });
  if (response.statusCode !== 201) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = cookieHeader(response);
  const csrf = response.json().csrf_token as string;
  return { response, cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}
