import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { defineRoute } from '../../web/index.js';
import { startTestApp, type TestApp } from '../helpers/http.js';

describe('system endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /healthz is public and reports the database and the PBX', async () => {
    const res = await t.anonymous().get<{ status: string; db: string; pbx: { status: string }; uptime: number }>('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', db: 'ok', pbx: { status: 'none' } });
    expect(res.body.uptime).toBeGreaterThanOrEqual(0);
  });

  it('reports degraded when the PBX probe says disconnected', async () => {
    t.zari.setPbxHealth(() => ({ status: 'disconnected', driver: 'asterisk-ami' }));
    const res = await t.anonymous().get<{ status: string; pbx: { status: string; driver: string } }>('/healthz');
    expect(res.body).toMatchObject({ status: 'degraded', pbx: { status: 'disconnected', driver: 'asterisk-ami' } });
    t.zari.setPbxHealth(() => ({ status: 'connected', driver: 'demo' }));
  });

  it('GET /metrics serves Prometheus text with default metrics and request durations by route and status', async () => {
    const anon = t.anonymous();
    await anon.get('/api/auth/me');
    await anon.get('/healthz');
    const res = await anon.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    expect(res.text).toContain('zari_process_cpu_user_seconds_total');
    expect(res.text).toMatch(/zari_http_request_duration_seconds_bucket\{[^}]*route="\/api\/auth\/me"[^}]*status="401"/);
    expect(res.text).toMatch(/zari_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/);
  });

  it('sets security headers and no x-powered-by; echoes a request id', async () => {
    const res = await t.anonymous().get('/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toBe('abc-123');
  });

  it('answers errors as {"error":{code,message,details}} without stack traces', async () => {
    const res = await t.anonymous().get<{ error: { code: string; message: string; details: unknown } }>('/api/nothing/here');
    expect(res.status).toBe(404);
    expect(Object.keys(res.body.error).sort()).toEqual(['code', 'details', 'message']);
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('routes added later (zari.addRoutes) are served before the 404 and documented; a crash is a 500 without details', async () => {
    t.zari.addRoutes([defineRoute({
      method: 'get', path: '/api/test-crash', operationId: 'testCrash', summary: 'throws', tags: ['test'], access: 'public',
      async handler(): Promise<never> { throw new Error('secret internal detail /etc/passwd'); },
    })]);
    const res = await t.anonymous().get<{ error: { code: string; message: string; details: unknown } }>('/api/test-crash');
    expect(res.status).toBe(500);
    expect(res.body.error).toEqual({ code: 'internal', message: 'internal error', details: null });
    expect(res.text).not.toContain('secret');
    const doc = await t.anonymous().get<{ paths: Record<string, unknown> }>('/api/openapi.json');
    expect(doc.body.paths['/api/test-crash']).toBeDefined();
  });
});

describe('malformed request paths', () => {
  it('answers a broken percent-escape with 400, not 500', async () => {
    const t = await startTestApp('sqlite');
    try {
      const admin = await t.admin();
      const res = await admin.get<{ error: { code: string } }>('/api/clients/%E0%A4%A');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    } finally {
      await t.close();
    }
  });
});

describe('input no database can store', () => {
  it('is refused with 400 on every route, not only the CRM ones (here: an SMS text with a NUL)', async () => {
    const t = await startTestApp('sqlite');
    try {
      const admin = await t.admin();
      const res = await admin.post<{ error: { code: string; details: { path: string }[] } }>('/api/sms', { to: '+995555123456', text: 'a\u0000b' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details[0]?.path).toBe('body.text');
    } finally {
      await t.close();
    }
  });
});
