import type { NextFunction, Request, Response, Router } from 'express';
import type { z } from 'zod';
import { ZariError } from '../../kernel/index.js';
import { assertStorable, fromDbError } from './storable-input.js';
import type { Actor } from '../../crm-core/index.js';

/**
 * One REST route, declared as data: method, path, zod schemas for params/query/body/response, who may call it,
 * and a handler that returns the response body. The same declarations mount the Express routes and generate
 * the OpenAPI document (web/http/openapi.ts), so the two cannot drift.
 *
 * Authorization: `access: 'public'` needs nothing; 'session' needs a logged-in user (the service layer then
 * applies the access policy of crm-core and throws ZariError('forbidden')); a role list additionally
 * restricts the route to those roles at the edge.
 */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type RouteAccess = 'public' | 'session' | { readonly roles: readonly Actor['role'][] };

export interface RouteContext<B, Q, P> {
  readonly body: B;
  readonly query: Q;
  readonly params: P;
  /** null only on public routes */
  readonly actor: Actor | null;
  readonly req: Request;
  readonly res: Response;
}

export interface RouteDef<B = unknown, Q = unknown, P = unknown, R = unknown> {
  readonly method: HttpMethod;
  /** Express path, e.g. /api/clients/:id */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly access: RouteAccess;
  readonly params?: z.ZodType<P>;
  readonly query?: z.ZodType<Q>;
  readonly body?: z.ZodType<B>;
  /** describes the JSON response for OpenAPI; not enforced at runtime */
  readonly response?: z.ZodType<R>;
  /** success status (default 200; 201 for creations; 204 returns no body) */
  readonly status?: number;
  /** non-JSON request body media types accepted (e.g. text/csv for imports); body is then a Buffer */
  readonly rawBody?: readonly string[];
  /** non-JSON response (CSV export, audio): the handler writes to ctx.res itself and returns undefined */
  readonly produces?: readonly string[];
  /** method syntax on purpose: any RouteDef<B,Q,P,R> is a RouteDef (bivariant), so route lists need no casts */
  handler(ctx: RouteContext<B, Q, P>): Promise<R>;
}

export function defineRoute<B = undefined, Q = undefined, P = undefined, R = unknown>(def: RouteDef<B, Q, P, R>): RouteDef<B, Q, P, R> {
  return def;
}

/** What the auth middleware (web/auth) leaves on the request. */
export interface RequestAuth {
  readonly actor: Actor | null;
  readonly sessionId: string | null;
}

export function requestAuth(req: Request): RequestAuth {
  return (req as Request & { zariAuth?: RequestAuth }).zariAuth ?? { actor: null, sessionId: null };
}

export function setRequestAuth(req: Request, auth: RequestAuth): void {
  (req as Request & { zariAuth?: RequestAuth }).zariAuth = auth;
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ZariError('validation_failed', `invalid ${where}`, result.error.issues.map((i) => ({
      path: [where, ...i.path.map(String)].join('.'),
      code: i.code,
      message: i.message,
    })));
  }
  return result.data;
}

function authorize(access: RouteAccess, actor: Actor | null): void {
  if (access === 'public') return;
  if (!actor) throw new ZariError('unauthenticated', 'log in first');
  if (access !== 'session' && !access.roles.includes(actor.role)) {
    throw new ZariError('forbidden', `role ${actor.role} may not do this`);
  }
}

/** Mounts the routes; errors go to the Express error handler (web/http/error-handler.ts). */
export function mountRoutes(router: Router, routes: readonly RouteDef[]): void {
  for (const route of routes) {
    router[route.method](route.path, (req: Request, res: Response, next: NextFunction) => {
      const run = async (): Promise<void> => {
        const { actor } = requestAuth(req);
        authorize(route.access, actor);
        const params = parse(route.params, req.params, 'params');
        const query = parse(route.query, req.query, 'query');
        const body = route.rawBody ? req.body as unknown : parse(route.body, req.body ?? {}, 'body');
        assertStorable({ params, query, ...(route.rawBody ? {} : { body }) });
        const result = await route.handler({ body, query, params, actor, req, res }).catch((e: unknown) => {
          throw fromDbError(e);
        });
        if (res.headersSent) return;
        const status = route.status ?? 200;
        if (status === 204 || result === undefined) res.status(status === 200 ? 204 : status).end();
        else res.status(status).json(result);
      };
      run().catch(next);
    });
  }
}
