import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ZariError } from '../../kernel/index.js';
import { setRequestAuth } from '../http/route.js';
import { readCookie, sessionCookieName, setSessionCookie } from './cookies.js';
import { safeEqual, type SessionRecord, type SessionStore } from './session.store.js';
import { toActor, type AuthUser, type UserDirectory } from './user-directory.port.js';

export const csrfHeader = 'x-csrf-token';

/** The session and user of an authenticated request (set by the auth middleware). */
export interface RequestSession {
  readonly session: SessionRecord;
  readonly user: AuthUser;
}

const sessions = new WeakMap<Request, RequestSession>();

export function requestSession(req: Request): RequestSession | null {
  return sessions.get(req) ?? null;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
/** paths that may change state without a CSRF token: there is no session to ride on yet */
const csrfExempt = new Set(['/api/auth/login']);

export interface AuthMiddlewareDeps {
  readonly sessions: SessionStore;
  readonly users: UserDirectory;
  readonly secureCookies: boolean;
}

/**
 * The live session and active user behind a Cookie header, or null. Also for the Socket.IO handshake,
 * so sockets are authenticated with the same session as REST.
 */
export async function sessionFromCookie(
  cookieHeader: string | undefined,
  deps: Pick<AuthMiddlewareDeps, 'sessions' | 'users'>,
): Promise<(RequestSession & { token: string; renewed: boolean }) | null> {
  const token = readCookie(cookieHeader, sessionCookieName);
  const session = token ? await deps.sessions.resolve(token) : null;
  const user = session ? await deps.users.findById(session.userId) : null;
  if (!token || !session || !user || !user.active) return null;
  return { token, session, user, renewed: session.renewed };
}

async function authenticate(req: Request, res: Response, deps: AuthMiddlewareDeps): Promise<void> {
  const found = await sessionFromCookie(req.headers.cookie, deps);
  if (!found) {
    setRequestAuth(req, { actor: null, sessionId: null });
    return;
  }
  const { token, session, user } = found;
  sessions.set(req, { session, user });
  if (found.renewed) setSessionCookie(res, token, { secure: deps.secureCookies, maxAgeMs: deps.sessions.ttlMs });
  setRequestAuth(req, { actor: toActor(user), sessionId: session.id });
  if (safeMethods.has(req.method) || csrfExempt.has(req.path)) return;
  const sent = req.get(csrfHeader);
  if (!sent || !safeEqual(sent, session.csrfToken)) {
    throw new ZariError('csrf_failed', `missing or wrong ${csrfHeader} header`);
  }
}

/**
 * Resolves the session cookie into an Actor for every request and enforces CSRF: a state-changing
 * request that rides on a session must echo the session's CSRF token in the x-csrf-token header
 * (the SPA reads it from /api/auth/login or /api/auth/me). Requests without a session carry no
 * authority, so they need no token; the route's access rule refuses them.
 */
export function authMiddleware(deps: AuthMiddlewareDeps): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    authenticate(req, res, deps).then(() => next(), next);
  };
}
