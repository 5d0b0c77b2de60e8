import { z } from 'zod';
import { grantSchema, roleSchema } from '../../crm-core/index.js';
import { ZariError } from '../../kernel/index.js';
import { requestSession } from '../auth/auth.middleware.js';
import type { AuthService } from '../auth/auth.service.js';
import { clearSessionCookie, setSessionCookie } from '../auth/cookies.js';
import { toPublicUser } from '../auth/user-directory.port.js';
import { defineRoute, requestAuth, type RouteDef } from '../http/route.js';

export interface AuthRoutesDeps {
  readonly auth: AuthService;
  readonly secureCookies: boolean;
  readonly sessionTtlMs: number;
}

const publicUserSchema = z.object({
  id: z.number().int(),
  login: z.string(),
  name: z.string(),
  role: roleSchema,
  grants: z.array(grantSchema),
  extensions: z.array(z.string()),
});
const sessionResponse = z.object({ user: publicUserSchema, csrfToken: z.string() });
const loginBody = z.object({ login: z.string().min(1).max(128), password: z.string().min(1).max(1024) });

export function authRoutes(deps: AuthRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'post', path: '/api/auth/login', operationId: 'login', tags: ['auth'], access: 'public',
      summary: 'Log in: sets the HttpOnly session cookie; returns the user and the CSRF token',
      body: loginBody, response: sessionResponse,
      async handler({ body, req, res }) {
        const { token, session, user } = await deps.auth.login(body.login, body.password, req.ip ?? 'unknown');
        setSessionCookie(res, token, { secure: deps.secureCookies, maxAgeMs: deps.sessionTtlMs });
        return { user: toPublicUser(user), csrfToken: session.csrfToken };
      },
    }),
    defineRoute({
      method: 'post', path: '/api/auth/logout', operationId: 'logout', tags: ['auth'], access: 'session', status: 204,
      summary: 'Log out: ends the session and clears the cookie',
      async handler({ req, res }) {
        const { sessionId } = requestAuth(req);
        if (sessionId) await deps.auth.logout(sessionId);
        clearSessionCookie(res, deps.secureCookies);
        return undefined;
      },
    }),
    defineRoute({
      method: 'get', path: '/api/auth/me', operationId: 'me', tags: ['auth'], access: 'session',
      summary: 'The logged-in user and the CSRF token of the session',
      response: sessionResponse,
      async handler({ req }) {
        const current = requestSession(req);
        if (!current) throw new ZariError('unauthenticated', 'log in first');
        return { user: toPublicUser(current.user), csrfToken: current.session.csrfToken };
      },
    }),
  ];
}
