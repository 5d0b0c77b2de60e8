import express, { type Express, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import { ZariError, type Logger } from '../../kernel/index.js';
import { errorHandler } from './error-handler.js';
import { requestLogging, type RequestObserver } from './request-logger.js';
import { mountRoutes, type RouteDef } from './route.js';

export interface AppOptions {
  readonly logger: Logger;
  readonly routes: readonly RouteDef[];
  /** runs after body parsing and before the routes (the auth middleware) */
  readonly before?: readonly RequestHandler[];
  readonly observe?: RequestObserver;
  /** Express "trust proxy" (false, a hop count, or a subnet list) */
  readonly trustProxy?: boolean | number | string;
  readonly jsonLimit?: string;
}

export interface WebApp {
  readonly app: Express;
  /** mounts more declared routes (they still come before the 404 and error handlers) */
  addRoutes(routes: readonly RouteDef[]): void;
  /** mounts a plain Express router or handler (static UI, streaming) before the 404 and error handlers */
  use(handler: Router | RequestHandler): void;
}

/** helmet with a CSP for a same-origin SPA (scripts, styles, sockets and media from this origin only). */
function security(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'media-src': ["'self'", 'blob:'],
        'connect-src': ["'self'", 'ws:', 'wss:'],
        'frame-ancestors': ["'none'"],
        'object-src': ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}

/** The 404 of an unknown /api route; its message prefix tells it apart from a resource's not_found. */
export const noSuchRoutePrefix = 'no such route';

/** The Express 5 app: security headers, request logs, JSON bodies, declared routes, JSON errors. */
export function createApp(options: AppOptions): WebApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  app.use(requestLogging(options.logger, options.observe));
  app.use(security());
  app.use(express.json({ limit: options.jsonLimit ?? '1mb' }));
  for (const handler of options.before ?? []) app.use(handler);
  const routes = express.Router();
  const extras = express.Router();
  mountRoutes(routes, options.routes);
  app.use(routes);
  app.use(extras);
  app.use('/api', (req, _res, next) => {
    next(new ZariError('not_found', `${noSuchRoutePrefix}: ${req.method} ${req.originalUrl.split('?')[0] ?? ''}`));
  });
  app.use(errorHandler(options.logger));
  return {
    app,
    addRoutes: (more) => mountRoutes(routes, more),
    use: (handler) => {
      extras.use(handler);
    },
  };
}
