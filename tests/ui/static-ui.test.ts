import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { staticUi } from '../../web/index.js';

/** The built SPA is served with an SPA fallback that never shadows /api, /socket.io, /healthz or /metrics. */
async function serve(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const app = express();
  app.use(staticUi({ dir }));
  app.use((_req, res) => {
    res.status(404).json({ error: 'server route' });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

describe('static UI serving', () => {
  const dist = mkdtempSync(path.join(os.tmpdir(), 'zari-ui-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="app"></div><script type="module" src="/assets/app-1.js"></script>');
  writeFileSync(path.join(dist, 'assets', 'app-1.js'), 'export {};');

  it('serves index.html for / and for deep links, assets with a long cache, and leaves server paths alone', async () => {
    const s = await serve(dist);
    try {
      const root = await fetch(`${s.url}/`);
      expect(root.status).toBe(200);
      expect(await root.text()).toContain('id="app"');
      expect(root.headers.get('cache-control')).toBe('no-cache');
      const deep = await fetch(`${s.url}/clients/12`);
      expect(await deep.text()).toContain('id="app"');
      const asset = await fetch(`${s.url}/assets/app-1.js`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect((await fetch(`${s.url}/assets/missing.js`)).status).toBe(404);
      for (const p of ['/api/nope', '/healthz', '/metrics', '/socket.io/x']) {
        expect([p, await (await fetch(`${s.url}${p}`)).json()]).toEqual([p, { error: 'server route' }]);
      }
      expect((await fetch(`${s.url}/`, { method: 'POST' })).status).toBe(404);
    } finally {
      await s.close();
    }
  });

  it('without a build, says how to build it', async () => {
    const s = await serve(path.join(dist, 'nothing-here'));
    try {
      const res = await fetch(`${s.url}/desk`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build:ui');
    } finally {
      await s.close();
    }
  });
});
