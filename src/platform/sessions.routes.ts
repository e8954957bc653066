import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { transaction } from '../db/database.js';
import { Problem, problem } from '../errors.js';
import { actorOf } from '../http/actor.js';
import { clearSessionCookies, isHttps } from '../http/authenticate.js';
import type { App, AppContext } from '../http/context.js';
import { problems } from '../http/schemas.js';
import { recordAudit } from './audit.js';
import { SignIn, SignedIn, Whoami } from './identity.schemas.js';
import { checkPassword } from './passwords.js';
import type { Principal } from './principal.js';
import { signInChecks } from './rate-limit.js';
import { limitFailures } from './rate-limit.repo.js';
import { createSession, revokeSession } from './sessions.repo.js';
import { CSRF_COOKIE, SESSION_COOKIE, csrfCookieOptions, sessionCookieOptions } from './sessions.js';
import { type StaffUserRow, findStaffUserByUsername, markSignedIn } from './staff-users.repo.js';

/** Console sign-in, "who am I", and sign-out. */

function whoami(principal: Principal, session: { id: string; expiresAt: string } | undefined) {
  if (principal.role === null) throw problem('unauthenticated');
  return {
    user: {
      kind: principal.kind,
      id: principal.id,
      role: principal.role,
      name: principal.name ?? null,
      username: principal.kind === 'staff' ? (principal.name ?? null) : null,
      merchant_id: principal.merchantId ?? null,
    },
    shopper_id: principal.shopperId ?? null,
    session: session ? { id: session.id, expires_at: session.expiresAt } : null,
  };
}

function staffPrincipal(user: StaffUserRow): Principal {
  return { kind: 'staff', id: `staff:${user.id}`, role: user.role, name: user.username, ...(user.merchant_id ? { merchantId: user.merchant_id } : {}) };
}

export function sessionRoutes(ctx: AppContext) {
  const lifetime = { idleMinutes: ctx.config.sessionTtlMinutes, maxHours: ctx.config.sessionMaxHours };

  async function checkCredentials(request: FastifyRequest, username: string, password: string): Promise<StaffUserRow> {
    const user = await findStaffUserByUsername(ctx.db, username);
    const matches = await checkPassword(user?.password_hash ?? null, password);
    if (!user || !matches || user.disabled) {
      request.log.warn({ username: username.slice(0, 64) }, 'staff sign-in failed');
      throw problem('invalid_credentials');
    }
    return user;
  }

  return async function plugin(app: App): Promise<void> {
    app.post(
      '/sessions',
      {
        config: { carriesSecrets: true },
        schema: {
          tags: ['identity'],
          summary: 'Staff sign-in: sets the session and CSRF cookies',
          description:
            'Wrong username, wrong password and disabled user all answer `invalid_credentials`. Failures are limited per IP and per username (429 `rate_limited` with Retry-After).',
          body: SignIn,
          response: { 201: SignedIn, ...problems(400, 401, 429) },
        },
      },
      async (request, reply) => {
        const now = ctx.clock.now();
        const { username, password } = request.body;
        const checks = signInChecks(ctx.config.rateLimits, username, request.ip);
        const user = await limitFailures(ctx.db, checks, now, () => checkCredentials(request, username, password), (error) => error instanceof Problem && error.code === 'invalid_credentials');
        const principal = staffPrincipal(user);
        const actor = { ...actorOf(request), principal, channel: 'console' };
        const session = await transaction(ctx.db, async (tx) => {
          const created = await createSession(tx, user.id, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null }, lifetime, now);
          await markSignedIn(tx, user.id, now);
          await recordAudit(tx, actor, { action: 'session.create', entityType: 'staff_session', entityId: created.id, after: { staff_user_id: user.id, expires_at: created.expiresAt } }, now);
          return created;
        });
        const secure = isHttps(request);
        reply.setCookie(SESSION_COOKIE, session.token, sessionCookieOptions(secure));
        reply.setCookie(CSRF_COOKIE, session.csrfToken, csrfCookieOptions(secure));
        reply.header('cache-control', 'no-store');
        return reply.code(201).send({ ...whoami(principal, { id: session.id, expiresAt: session.expiresAt }), csrf_token: session.csrfToken });
      },
    );

    app.get(
      '/sessions/current',
      { schema: { tags: ['identity'], summary: 'Who am I: the caller’s identity, role, merchant and session', response: { 200: Whoami, ...problems(401) } } },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return whoami(request.principal as Principal, request.staffSession);
      },
    );

    app.delete(
      '/sessions/current',
      {
        schema: {
          tags: ['identity'],
          summary: 'Sign out (staff sessions; needs X-CSRF-Token)',
          response: { 204: Type.Null(), ...problems(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const session = request.staffSession;
        if (!session) throw problem('session_not_found', 'only a console session can be signed out; API keys are revoked instead');
        const now = ctx.clock.now();
        const actor = actorOf(request);
        await transaction(ctx.db, async (tx) => {
          if (await revokeSession(tx, session.id, now)) {
            await recordAudit(tx, actor, { action: 'session.revoke', entityType: 'staff_session', entityId: session.id }, now);
          }
        });
        clearSessionCookies(request, reply);
        return reply.code(204).send(null);
      },
    );
  };
}
