import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { systemActor } from '../../crm-core/index.js';
import { dbProviders } from '../helpers/db.js';
import { httpClient, startTestApp, testAdminPassword, type TestApp } from '../helpers/http.js';

interface SessionBody { user: { login: string; role: string }; csrfToken: string }
interface ErrorBody { error: { code: string; message: string; details: unknown } }

describe.each(dbProviders)('auth over HTTP [%s]', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  it('logs in with an HttpOnly, SameSite=Lax session cookie and returns the user and a CSRF token', async () => {
    const res = await t.anonymous().post<SessionBody>('/api/auth/login', { login: 'admin', password: testAdminPassword });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ login: 'admin', role: 'admin' });
    expect(res.body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('zari_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
    expect(res.text).not.toContain('passwordHash');
  });

  it('stores only the sha256 of the session token', async () => {
    const client = await t.login('admin', testAdminPassword);
    const token = (client.cookie ?? '').split('=')[1] ?? '';
    expect(token.length).toBeGreaterThan(40);
    expect(await t.db.prisma.session.count({ where: { id: token } })).toBe(0);
    const { hashToken } = await import('../../web/index.js');
    expect(await t.db.prisma.session.count({ where: { id: hashToken(token) } })).toBe(1);
  });

  it('GET /api/auth/me returns the user and the same CSRF token; logout ends the session', async () => {
    const client = await t.login('admin', testAdminPassword);
    const me = await client.get<SessionBody>('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.login).toBe('admin');
    expect(me.body.csrfToken).toBe(client.csrfToken);
    const out = await client.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join(';')).toMatch(/zari_session=;/);
    const after = await client.get<ErrorBody>('/api/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthenticated');
  });

  it('refuses a wrong password and an unknown login with the same error', async () => {
    const a = await t.anonymous().post<ErrorBody>('/api/auth/login', { login: 'admin', password: 'wrong-password' });
    const b = await t.anonymous().post<ErrorBody>('/api/auth/login', { login: 'nobody-here', password: 'wrong-password' });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body).toEqual(b.body);
    expect(a.body.error.code).toBe('invalid_credentials');
  });

  it('rejects bad input with 400 and never a 500', async () => {
    const anon = t.anonymous();
    const missing = await anon.post<ErrorBody>('/api/auth/login', { login: 'admin' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('validation_failed');
    const badJson = await anon.request<ErrorBody>('POST', '/api/auth/login', { raw: '{"login":', contentType: 'application/json' });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('invalid_json');
    const huge = await anon.request<ErrorBody>('POST', '/api/auth/login', { raw: JSON.stringify({ login: 'x'.repeat(1_100_000), password: 'y' }), contentType: 'application/json' });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    const unknown = await anon.get<ErrorBody>('/api/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });

  it('requires the CSRF header on state-changing requests with a session', async () => {
    const client = await t.login('admin', testAdminPassword);
    const without = await client.post<ErrorBody>('/api/auth/logout', undefined, { csrf: false });
    expect(without.status).toBe(403);
    expect(without.body.error.code).toBe('csrf_failed');
    const wrong = await client.post<ErrorBody>('/api/auth/logout', undefined, { csrf: false, headers: { 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrong.status).toBe(403);
    expect((await client.get('/api/auth/me')).status).toBe(200);
    const withToken = await client.post('/api/auth/logout');
    expect(withToken.status).toBe(204);
  });

  it('does not let an inactive user log in, and deactivation ends live sessions', async () => {
    const { user, password, client } = await t.createUser('operator');
    expect((await client.get('/api/auth/me')).status).toBe(200);
    await t.zari.services.users.update(systemActor, user.id, { active: false });
    expect((await client.get('/api/auth/me')).status).toBe(401);
    const res = await t.anonymous().post<ErrorBody>('/api/auth/login', { login: user.login, password });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_credentials');
  });

  it('expires sessions after the TTL', async () => {
    const { client } = await t.createUser('operator');
    const token = (client.cookie ?? '').split('=')[1] ?? '';
    const { hashToken } = await import('../../web/index.js');
    await t.db.prisma.session.update({ where: { id: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await client.get('/api/auth/me')).status).toBe(401);
    expect(await t.db.prisma.session.count({ where: { id: hashToken(token) } })).toBe(0);
  });

  it('slides the expiry forward on use', async () => {
    const { client } = await t.createUser('operator');
    const { hashToken } = await import('../../web/index.js');
    const id = hashToken((client.cookie ?? '').split('=')[1] ?? '');
    const soon = new Date(Date.now() + 60_000);
    await t.db.prisma.session.update({ where: { id }, data: { expiresAt: soon, lastSeenAt: new Date(Date.now() - 120_000) } });
    const res = await client.get('/api/auth/me');
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join(';')).toMatch(/zari_session=[\w-]+; Max-Age=43200/);
    const row = await t.db.prisma.session.findUniqueOrThrow({ where: { id } });
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 11 * 3_600_000);
  });
});

describe('login rate limiting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { loginRateLimit: { maxFailures: 3, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After after N failures, even with the right password', async () => {
    const anon = httpClient(t.baseUrl);
    for (let i = 0; i < 3; i += 1) {
      expect((await anon.post('/api/auth/login', { login: 'admin', password: `bad-${i}` })).status).toBe(401);
    }
    const limited = await anon.post<ErrorBody>('/api/auth/login', { login: 'admin', password: testAdminPassword });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('login rate limiting per IP and per login (behind a trusted proxy)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { loginRateLimit: { maxFailures: 3, windowMs: 60_000 }, config: { trustProxy: 'true' } });
  });
  afterAll(async () => {
    await t.close();
  });

  const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

  it('limits one login across IPs, and one IP across logins, but not other IPs and logins', async () => {
    const anon = t.anonymous();
    for (let i = 0; i < 3; i += 1) await anon.post('/api/auth/login', { login: 'admin', password: 'bad' }, from(`10.0.0.${i + 1}`));
    expect((await anon.post('/api/auth/login', { login: 'admin', password: testAdminPassword }, from('10.0.1.1'))).status).toBe(429);
    for (let i = 0; i < 3; i += 1) await anon.post('/api/auth/login', { login: `user${i}`, password: 'bad' }, from('10.9.9.9'));
    expect((await anon.post('/api/auth/login', { login: 'fresh-login', password: 'bad' }, from('10.9.9.9'))).status).toBe(429);
    expect((await anon.post('/api/auth/login', { login: 'fresh-login', password: 'bad' }, from('10.8.8.8'))).status).toBe(401);
    const { user, password } = await t.createUser('operator');
    expect((await anon.post('/api/auth/login', { login: user.login, password }, from('10.7.7.7'))).status).toBe(200);
  });
});
