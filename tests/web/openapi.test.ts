import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import type { Express } from 'express';
import { noSuchRoutePrefix, toOpenApiPath } from '../../web/index.js';
import { startTestApp, type HttpClient, type TestApp } from '../helpers/http.js';

interface Operation { operationId: string; summary: string; responses: Record<string, unknown>; parameters: { name: string; in: string }[]; security: unknown[] }
interface Doc { openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> } }

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Layer { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } }

/** Every (method, path) the real Express app has mounted, nested routers included. */
function mountedRoutes(app: Express): Set<string> {
  const out = new Set<string>();
  const walk = (stack: Layer[]): void => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') out.add(`${m} ${toOpenApiPath(layer.route.path)}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Doc;
  let admin: HttpClient;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    admin = await t.admin();
    const res = await t.anonymous().get<Doc>('/api/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(async () => {
    await t.close();
  });

  it('is structurally a valid OpenAPI 3.1 document', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBe('zari');
    expect(typeof doc.info.version).toBe('string');
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({ type: 'apiKey', in: 'cookie' });
    expect(doc.components.schemas.Error).toBeDefined();
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path.startsWith('/')).toBe(true);
      expect(path).not.toMatch(/:/);
      const declared = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        expect(methods).toContain(method);
        expect(op.operationId).toMatch(/^[a-zA-Z][\w]*$/);
        expect(ids.has(op.operationId)).toBe(false);
        ids.add(op.operationId);
        expect(op.summary.length).toBeGreaterThan(0);
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        const pathParams = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
        expect(pathParams.sort()).toEqual([...declared].sort());
      }
    }
    expect(ids.size).toBe(t.zari.routes.length);
  });

  it('documents login, users, health and metrics with schemas from zod', () => {
    const login = doc.paths['/api/auth/login']?.post as unknown as { requestBody: { content: { 'application/json': { schema: { required: string[] } } } }; security: unknown[] };
    expect(login.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['login', 'password']));
    expect(login.security).toEqual([]);
    expect(doc.paths['/api/users/{id}']?.get?.security).toEqual([{ sessionCookie: [] }]);
    expect(doc.paths['/healthz']?.get).toBeDefined();
    expect(doc.paths['/metrics']?.get).toBeDefined();
  });

  it('matches the real Express router: every mounted route is documented and every documented one is mounted', () => {
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) for (const method of Object.keys(item)) documented.add(`${method} ${path}`);
    const mounted = mountedRoutes(t.zari.app);
    expect([...mounted].sort()).toEqual([...documented].sort());
  });

  it('answers every documented route with something other than the "no such route" 404', async () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) {
        if (path === '/api/auth/logout') continue; // would end the admin session the loop uses
        const url = path.replace(/\{\w+\}/g, '999999');
        const res = await admin.request<{ error?: { message: string } }>(method, url, method === 'get' || method === 'delete' ? {} : { body: {} });
        const isNoRoute = res.status === 404 && (res.body?.error?.message ?? '').startsWith(noSuchRoutePrefix);
        expect({ route: `${method} ${path}`, isNoRoute }).toEqual({ route: `${method} ${path}`, isNoRoute: false });
        expect(res.status).toBeLessThan(500);
      }
    }
    const missing = await admin.get<{ error: { message: string } }>('/api/definitely-not-here');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message.startsWith(noSuchRoutePrefix)).toBe(true);
  });
});
