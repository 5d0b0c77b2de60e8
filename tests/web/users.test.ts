import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { dbProviders } from '../helpers/db.js';
import { startTestApp, type HttpClient, type TestApp } from '../helpers/http.js';

interface User { id: number; login: string; name: string; role: string; active: boolean; extensions: string[]; grants: string[]; email: string | null }
interface ErrorBody { error: { code: string; message: string; details: unknown } }

describe.each(dbProviders)('users REST [%s]', (provider) => {
  let t: TestApp;
  let admin: HttpClient;
  beforeAll(async () => {
    t = await startTestApp(provider);
    admin = await t.admin();
  });
  afterAll(async () => {
    await t.close();
  });

  it('admin creates, reads, lists, changes and deactivates a user', async () => {
    const created = await admin.post<User>('/api/users', { login: 'nino', name: 'Nino B', role: 'manager', password: 'nino-secret-1', extensions: ['201'], grants: ['vip:view'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ login: 'nino', role: 'manager', extensions: ['201'], grants: ['vip:view'], active: true });
    expect(created.text).not.toContain('passwordHash');
    const id = created.body.id;
    expect((await admin.get<User>(`/api/users/${id}`)).body.name).toBe('Nino B');
    const list = await admin.get<{ items: User[]; total: number }>('/api/users');
    expect(list.body.total).toBeGreaterThanOrEqual(2);
    expect(list.body.items.map((u) => u.login)).toEqual(expect.arrayContaining(['admin', 'nino']));
    const patched = await admin.patch<User>(`/api/users/${id}`, { name: 'Nino Beridze', role: 'supervisor', email: 'nino@example.com' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Nino Beridze', role: 'supervisor', email: 'nino@example.com' });
    const ninoClient = await t.login('nino', 'nino-secret-1');
    expect((await admin.delete(`/api/users/${id}`)).status).toBe(204);
    expect((await admin.get<User>(`/api/users/${id}`)).body.active).toBe(false);
    expect((await ninoClient.get('/api/auth/me')).status).toBe(401);
  });

  it('sets extensions and refuses an extension that belongs to someone else', async () => {
    const a = await admin.post<User>('/api/users', { login: 'ext-a', name: 'A', role: 'operator', password: 'password-a' });
    const b = await admin.post<User>('/api/users', { login: 'ext-b', name: 'B', role: 'operator', password: 'password-b' });
    const set = await admin.put<User>(`/api/users/${a.body.id}/extensions`, { extensions: ['301', '302'] });
    expect(set.status).toBe(200);
    expect(set.body.extensions).toEqual(['301', '302']);
    const clash = await admin.put<ErrorBody>(`/api/users/${b.body.id}/extensions`, { extensions: ['302'] });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('conflict');
    const bad = await admin.put<ErrorBody>(`/api/users/${b.body.id}/extensions`, { extensions: ['abc'] });
    expect(bad.status).toBe(400);
  });

  it('refuses duplicates, bad input and unknown ids with 4xx', async () => {
    const dup = await admin.post<ErrorBody>('/api/users', { login: 'admin', name: 'X', role: 'operator', password: 'password-x' });
    expect(dup.status).toBe(409);
    const badRole = await admin.post<ErrorBody>('/api/users', { login: 'zz', name: 'X', role: 'king', password: 'password-x' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'body.role' })]));
    const shortPw = await admin.post<ErrorBody>('/api/users', { login: 'zz', name: 'X', role: 'operator', password: 'short' });
    expect(shortPw.status).toBe(400);
    expect((await admin.get<ErrorBody>('/api/users/999999')).status).toBe(404);
    expect((await admin.get<ErrorBody>('/api/users/abc')).status).toBe(400);
    expect((await admin.patch<ErrorBody>('/api/users/1', { password: 'sneaky-password' })).status).toBe(400);
  });

  it('admin resets a password: the old one stops working and old sessions end', async () => {
    const { user, password, client } = await t.createUser('operator');
    expect((await admin.post(`/api/users/${user.id}/reset-password`, { newPassword: 'brand-new-pass' })).status).toBe(204);
    expect((await client.get('/api/auth/me')).status).toBe(401);
    expect((await t.anonymous().post('/api/auth/login', { login: user.login, password })).status).toBe(401);
    await expect(t.login(user.login, 'brand-new-pass')).resolves.toBeDefined();
  });

  it('every user reads their own profile and changes their own password with the old one', async () => {
    const { user, password, client } = await t.createUser('operator');
    expect((await client.get<User>(`/api/users/${user.id}`)).body.login).toBe(user.login);
    const wrong = await client.post<ErrorBody>('/api/users/me/password', { oldPassword: 'not-it', newPassword: 'another-pass-1' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect((await client.post('/api/users/me/password', { oldPassword: password, newPassword: 'another-pass-1' })).status).toBe(204);
    await expect(t.login(user.login, 'another-pass-1')).resolves.toBeDefined();
  });

  it('forbids changes by non-admins; supervisors may list; others see only themselves', async () => {
    const { client: operator } = await t.createUser('operator');
    const { client: supervisor } = await t.createUser('supervisor');
    const other = await t.createUser('manager');
    expect((await operator.get<ErrorBody>('/api/users')).status).toBe(403);
    expect((await operator.get<ErrorBody>(`/api/users/${other.user.id}`)).status).toBe(403);
    expect((await supervisor.get('/api/users')).status).toBe(200);
    expect((await supervisor.get(`/api/users/${other.user.id}`)).status).toBe(200);
    for (const client of [operator, supervisor]) {
      expect((await client.post<ErrorBody>('/api/users', { login: 'x1', name: 'X', role: 'admin', password: 'password-x' })).status).toBe(403);
      expect((await client.patch<ErrorBody>(`/api/users/${other.user.id}`, { role: 'admin' })).status).toBe(403);
      expect((await client.delete<ErrorBody>(`/api/users/${other.user.id}`)).status).toBe(403);
      expect((await client.post<ErrorBody>(`/api/users/${other.user.id}/reset-password`, { newPassword: 'password-x' })).status).toBe(403);
    }
    expect((await t.anonymous().get<ErrorBody>('/api/users')).status).toBe(401);
  });

  it('an admin cannot deactivate or demote themselves', async () => {
    const me = await admin.get<{ user: { id: number } }>('/api/auth/me');
    expect((await admin.delete<ErrorBody>(`/api/users/${me.body.user.id}`)).status).toBe(409);
    expect((await admin.patch<ErrorBody>(`/api/users/${me.body.user.id}`, { role: 'operator' })).status).toBe(409);
  });
});
