import { describe, expect, it, afterEach } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { listMigrations, loadConfig, silentLogger, type ZariConfig } from '../../kernel/index.js';
import { verify } from '@node-rs/argon2';

const verifyPassword = (hash: string, password: string): Promise<boolean> => verify(hash, password).catch(() => false);
import { createZari } from '../../zari.js';
import { dbProviders, dropPgSchema, testPgUrl } from '../helpers/db.js';
import { httpClient } from '../helpers/http.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A config for a brand-new installation on that provider (temp data dir; own PostgreSQL schema). */
function freshConfig(provider: 'sqlite' | 'postgresql', overrides: Partial<ZariConfig> = {}): ZariConfig {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zari-start-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  let databaseUrl: string | undefined;
  if (provider === 'postgresql') {
    const schema = `zs_${process.pid}_${randomBytes(4).toString('hex')}`;
    databaseUrl = `${testPgUrl}?schema=${schema}`;
    cleanups.push(() => dropPgSchema(schema));
  }
  return loadConfig({}, { dataDir, logLevel: 'silent', host: '127.0.0.1', port: 0, demoPbx: false, ...(databaseUrl ? { databaseUrl } : {}), ...overrides });
}

function capture(): { write(text: string): boolean; text: () => string } {
  let out = '';
  return { write: (s: string) => { out += s; return true; }, text: () => out };
}

describe.each(dbProviders)('createZari on a fresh installation [%s]', (provider) => {
  it('applies the migrations and creates admin from adminPassword, printing nothing', async () => {
    const config = freshConfig(provider, { adminPassword: 'first-admin-pass' });
    const out = capture();
    const zari = await createZari(config, { logger: silentLogger(), out });
    cleanups.push(() => zari.close());
    const rows = await zari.db.prisma.$queryRawUnsafe<{ name: string }[]>('SELECT name FROM "_zari_migrations" ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(listMigrations(provider).map((m) => m.name));
    if (provider === 'sqlite') expect(existsSync(path.join(config.dataDir, 'zari.db'))).toBe(true);
    const admin = await zari.db.prisma.user.findUniqueOrThrow({ where: { login: 'admin' } });
    expect(admin.role).toBe('admin');
    expect(admin.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(admin.passwordHash, 'first-admin-pass')).toBe(true);
    expect(out.text()).toBe('');
    const { port } = await zari.listen(0, '127.0.0.1');
    const login = await httpClient(`http://127.0.0.1:${port}`).post('/api/auth/login', { login: 'admin', password: 'first-admin-pass' });
    expect(login.status).toBe(200);
  });

  it('without a password prints a random one exactly once; a second start prints nothing', async () => {
    const config = freshConfig(provider);
    const first = capture();
    const zari1 = await createZari(config, { logger: silentLogger(), out: first });
    const match = /password: (\S+)/.exec(first.text());
    expect(match).not.toBeNull();
    const password = match?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    const hash = (await zari1.db.prisma.user.findUniqueOrThrow({ where: { login: 'admin' } })).passwordHash;
    expect(await verifyPassword(hash, password)).toBe(true);
    await zari1.close();

    const second = capture();
    const zari2 = await createZari(config, { logger: silentLogger(), out: second });
    cleanups.push(() => zari2.close());
    expect(second.text()).toBe('');
    expect(await zari2.db.prisma.user.count({ where: { login: 'admin' } })).toBe(1);
  });
});

describe('graceful close', () => {
  it('stops accepting connections and runs onClose hooks before the database closes', async () => {
    const config = freshConfig('sqlite', { adminPassword: 'first-admin-pass' });
    const zari = await createZari(config, { logger: silentLogger(), out: capture() });
    const { port } = await zari.listen(0, '127.0.0.1');
    const order: string[] = [];
    zari.onClose(async () => {
      order.push(`hook-db-open:${await zari.db.prisma.user.count() > 0}`);
    });
    await zari.close();
    expect(order).toEqual(['hook-db-open:true']);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
