import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler, type Router } from 'express';

/** Where `vite build --config web/ui/vite.config.ts` writes the browser app (during `npm install`). */
export const defaultUiDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'ui', 'dist');

/** Paths that belong to the server, never to the SPA fallback. */
const serverPaths = /^\/(api|socket\.io|healthz|metrics)(\/|$)/;

const missingPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>zari</title></head>
<body><h1>zari</h1><p>The browser app is not built. Run <code>npm run build:ui</code> (it also runs during <code>npm install</code>), then reload.</p></body></html>`;

export interface StaticUiOptions {
  /** the built app (default: web/ui/dist) */
  readonly dir?: string;
}

/**
 * Serves the built single-page app: hashed assets cached for a year, index.html never cached, and an SPA
 * fallback (index.html) for every other GET that is not an API, Socket.IO, health or metrics path.
 * Without a build it answers a tiny page that says how to build it.
 */
export function staticUi(options: StaticUiOptions = {}): Router {
  const dir = options.dir ?? defaultUiDist;
  const index = path.join(dir, 'index.html');
  const router = express.Router();
  router.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  const fallback: RequestHandler = (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || serverPaths.test(req.path)) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    if (!existsSync(index)) {
      res.status(503).type('html').send(missingPage);
      return;
    }
    res.sendFile(index);
  };
  router.use(express.static(dir, { index: false, maxAge: 0 }));
  router.use(fallback);
  return router;
}
