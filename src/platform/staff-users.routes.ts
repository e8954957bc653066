import { transaction } from '../db/database.js';
import { problem } from '../errors.js';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { IdParams, PageQuery, problems } from '../http/schemas.js';
import { recordAudit } from './audit.js';
import { RevokedSessions, StaffUser, StaffUserChange, StaffUserCreated, StaffUserInput, StaffUserPage } from './identity.schemas.js';
import { hashPassword } from './passwords.js';
import { revokeUserSessions } from './sessions.repo.js';
import { findStaffUser, listStaffUsers, staffUserView, updateStaffUser } from './staff-users.repo.js';
import { createStaffUser } from './staff-users.js';

/** Console staff users: created, listed, changed and cut off by an admin. */

export function staffUserRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.post(
      '/staff-users',
      {
        config: { carriesSecrets: true },
        schema: {
          tags: ['identity'],
          summary: 'Create a staff user (a generated password is in this response only)',
          body: StaffUserInput,
          response: { 201: StaffUserCreated, ...problems(400, 409) },
        },
      },
      async (request, reply) => {
        const { username, password, role, merchant_id } = request.body;
        const created = await createStaffUser(ctx.db, { username, password, role, merchantId: merchant_id ?? null }, actorOf(request), ctx.clock.now());
        return reply.code(201).header('cache-control', 'no-store').send({ ...created.user, ...(created.generatedPassword ? { password: created.generatedPassword } : {}) });
      },
    );

    app.get(
      '/staff-users',
      { schema: { tags: ['identity'], summary: 'Staff users', querystring: PageQuery, response: { 200: StaffUserPage, ...problems(400) } } },
      async (request) => listStaffUsers(ctx.db, request.query),
    );

    app.get(
      '/staff-users/:id',
      { schema: { tags: ['identity'], summary: 'One staff user', params: IdParams, response: { 200: StaffUser, ...problems(404) } } },
      async (request) => {
        const user = await findStaffUser(ctx.db, request.params.id);
        if (!user) throw problem('staff_user_not_found');
        return staffUserView(user);
      },
    );

    app.patch(
      '/staff-users/:id',
      {
        config: { carriesSecrets: true },
        schema: {
          tags: ['identity'],
          summary: 'Change a staff user’s role, merchant, password or disabled flag',
          description: 'A new password or disabling ends every session of the user.',
          params: IdParams,
          body: StaffUserChange,
          response: { 200: StaffUser, ...problems(400, 404) },
        },
      },
      async (request) => {
        const now = ctx.clock.now();
        const { role, merchant_id, disabled, password } = request.body;
        const passwordHash = password === undefined ? undefined : await hashPassword(password);
        const actor = actorOf(request);
        return transaction(ctx.db, async (tx) => {
          const changed = await updateStaffUser(tx, request.params.id, { role, merchantId: merchant_id, disabled, passwordHash }, now);
          if (!changed) throw problem('staff_user_not_found');
          const before = staffUserView(changed.before);
          const after = staffUserView(changed.after);
          const endSessions = passwordHash !== undefined || (after.disabled && !before.disabled);
          const ended = endSessions ? await revokeUserSessions(tx, after.id, now) : 0;
          await recordAudit(
            tx,
            actor,
            { action: 'staff_user.update', entityType: 'staff_user', entityId: after.id, before, after: { ...after, password_changed: passwordHash !== undefined, sessions_ended: ended } },
            now,
          );
          return after;
        });
      },
    );

    app.post(
      '/staff-users/:id/sessions/revoke',
      {
        schema: {
          tags: ['identity'],
          summary: 'Sign a staff user out everywhere',
          params: IdParams,
          response: { 200: RevokedSessions, ...problems(404) },
        },
      },
      async (request) => {
        const now = ctx.clock.now();
        const actor = actorOf(request);
        return transaction(ctx.db, async (tx) => {
          const user = await findStaffUser(tx, request.params.id);
          if (!user) throw problem('staff_user_not_found');
          const revoked = await revokeUserSessions(tx, user.id, now);
          await recordAudit(tx, actor, { action: 'staff_user.sessions_revoke', entityType: 'staff_user', entityId: user.id, after: { revoked } }, now);
          return { revoked };
        });
      },
    );
  };
}
