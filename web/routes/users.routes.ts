import { z } from 'zod';
import {
  changePasswordSchema, idSchema, resetPasswordSchema, setExtensionsSchema, userCreateSchema, userListQuerySchema,
  userUpdateSchema, type Actor,
} from '../../crm-core/index.js';
import { ZariError, forbidden } from '../../kernel/index.js';
import type { SessionStore } from '../auth/session.store.js';
import { userViewSchema, type UserAdmin } from '../auth/user-admin.port.js';
import { defineRoute, type RouteDef } from '../http/route.js';

export interface UsersRoutesDeps {
  readonly users: UserAdmin;
  readonly sessions: SessionStore;
}

const idParams = z.object({ id: idSchema });
const admin = { roles: ['admin'] } as const;
const staff = { roles: ['admin', 'supervisor'] } as const;
const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

function signedIn(actor: Actor | null): Actor {
  if (!actor) throw new ZariError('unauthenticated', 'log in first');
  return actor;
}

/** The edge is stricter than crm-core here: only staff see other users' profiles. */
function selfOrStaff(actor: Actor | null, id: number): Actor {
  if (!actor) throw new ZariError('unauthenticated', 'log in first');
  if (actor.userId !== id && actor.role !== 'admin' && actor.role !== 'supervisor') throw forbidden('you may see only your own profile');
  return actor;
}

function notSelf(actor: Actor | null, id: number, what: string): Actor {
  if (!actor) throw new ZariError('unauthenticated', 'log in first');
  if (actor.userId === id) throw new ZariError('conflict', `an admin cannot ${what} themselves`);
  return actor;
}

function crudRoutes(deps: UsersRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/users', operationId: 'listUsers', tags: ['users'], access: staff,
      summary: 'List users (filter by q, role, active)', query: userListQuerySchema, response: pageOf(userViewSchema),
      async handler({ query, actor }) { return deps.users.list(signedIn(actor), query); },
    }),
    defineRoute({
      method: 'post', path: '/api/users', operationId: 'createUser', tags: ['users'], access: admin, status: 201,
      summary: 'Create a user', body: userCreateSchema, response: userViewSchema,
      async handler({ body, actor }) { return deps.users.create(signedIn(actor), body); },
    }),
    defineRoute({
      method: 'get', path: '/api/users/:id', operationId: 'getUser', tags: ['users'], access: 'session',
      summary: 'A user (admins and supervisors: anyone; others: themselves)', params: idParams, response: userViewSchema,
      async handler({ params, actor }) { return deps.users.get(selfOrStaff(actor, params.id), params.id); },
    }),
    defineRoute({
      method: 'patch', path: '/api/users/:id', operationId: 'updateUser', tags: ['users'], access: admin,
      summary: 'Change a user (name, e-mail, role, grants, locale, active)', params: idParams, body: userUpdateSchema.strict(),
      response: userViewSchema,
      async handler({ params, body, actor }) {
        const demotes = body.active === false || (body.role !== undefined && body.role !== 'admin');
        const who = demotes ? notSelf(actor, params.id, 'deactivate or demote') : signedIn(actor);
        const user = await deps.users.update(who, params.id, body);
        if (body.active === false) await deps.sessions.destroyForUser(params.id);
        return user;
      },
    }),
    defineRoute({
      method: 'delete', path: '/api/users/:id', operationId: 'deactivateUser', tags: ['users'], access: admin, status: 204,
      summary: 'Deactivate a user (history keeps referring to them); ends their sessions', params: idParams,
      async handler({ params, actor }) {
        await deps.users.update(notSelf(actor, params.id, 'deactivate'), params.id, { active: false });
        await deps.sessions.destroyForUser(params.id);
        return undefined;
      },
    }),
  ];
}

function credentialRoutes(deps: UsersRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'put', path: '/api/users/:id/extensions', operationId: 'setUserExtensions', tags: ['users'], access: admin,
      summary: 'Set the extensions a user answers', params: idParams, body: setExtensionsSchema, response: userViewSchema,
      async handler({ params, body, actor }) { return deps.users.setExtensions(signedIn(actor), params.id, body.extensions); },
    }),
    defineRoute({
      method: 'post', path: '/api/users/:id/reset-password', operationId: 'resetUserPassword', tags: ['users'], access: admin,
      status: 204, summary: 'Set a new password for a user; ends their sessions', params: idParams, body: resetPasswordSchema,
      async handler({ params, body, actor }) {
        await deps.users.resetPassword(signedIn(actor), params.id, body.newPassword);
        return undefined;
      },
    }),
    defineRoute({
      method: 'post', path: '/api/users/me/password', operationId: 'changeOwnPassword', tags: ['users'], access: 'session',
      status: 204, summary: 'Change your own password (needs the current one); ends all your sessions: log in again', body: changePasswordSchema,
      async handler({ body, actor }) {
        await deps.users.changeOwnPassword(signedIn(actor), body.oldPassword, body.newPassword);
        return undefined;
      },
    }),
  ];
}

export function usersRoutes(deps: UsersRoutesDeps): RouteDef[] {
  return [...credentialRoutes(deps), ...crudRoutes(deps)];
}
