import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../kernel/index.js';

const loggers = new WeakMap<Request, Logger>();

/** The request's child logger (bound to its request id); the root logger before the middleware ran. */
export function requestLogger(req: Request, fallback: Logger): Logger {
  return loggers.get(req) ?? fallback;
}

export interface RequestObserver {
  /** called once per finished response; `route` is the matched Express route pattern or null */
  (req: Request, res: Response, route: string | null, seconds: number): void;
}

function routeOf(req: Request): string | null {
  const route: unknown = (req as { route?: unknown }).route;
  if (typeof route !== 'object' || route === null || !('path' in route)) return null;
  return typeof route.path === 'string' ? `${req.baseUrl}${route.path}` : null;
}

/** A pino child per request with a request id (from x-request-id if sane), one log line per response. */
export function requestLogging(logger: Logger, observe?: RequestObserver): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    const id = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    const log = logger.child({ reqId: id });
    loggers.set(req, log);
    res.setHeader('x-request-id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req);
      observe?.(req, res, route, seconds);
      const level = res.statusCode >= 500 ? 'error' : 'info';
      log[level]({ method: req.method, path: req.path, route, status: res.statusCode, ms: Math.round(seconds * 1000) }, 'request');
    });
    next();
  };
}
