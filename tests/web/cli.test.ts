import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { listMigrations } from '../../kernel/index.js';
import { verify } from '@node-rs/argon2';

const verifyPassword = (hash: string, password: string): Promise<boolean> => verify(hash, password).catch(() => false);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'zari.mjs');

interface Run { code: number; stdout: string; stderr: string }

function zari(dataDir: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ZARI_DATA_DIR: dataDir };
    execFile(process.execPath, [bin, ...args], { cwd: root, env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function readUser(dataDir: string, login: string): { passwordHash: string; role: string; name: string } | undefined {
  const db = new BetterSqlite3(path.join(dataDir, 'zari.db'), { readonly: true });
  try {
    return db.prepare('SELECT passwordHash, role, name FROM "User" WHERE login = ?').get(login) as { passwordHash: string; role: string; name: string } | undefined;
  } finally {
    db.close();
  }
}

describe('zari CLI (bin/zari.mjs, SQLite data dir)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'zari-cli-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrate creates the database and applies every migration, then nothing', async () => {
    const first = await zari(dataDir, ['migrate']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    for (const m of listMigrations('sqlite')) expect(first.stdout).toContain(`applied ${m.name}`);
    const second = await zari(dataDir, ['migrate']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/0 applied/);
  });

  it('user create with a given password; the hash verifies', async () => {
    const res = await zari(dataDir, ['user', 'create', '--login', 'tamar', '--name', 'Tamar K', '--role', 'operator', '--password', 'tamar-pass-1', '--extension', '201']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/created user tamar \(id \d+, role operator\)/);
    expect(res.stdout).not.toContain('password:');
    const row = readUser(dataDir, 'tamar');
    expect(row?.role).toBe('operator');
    expect(await verifyPassword(row?.passwordHash ?? '', 'tamar-pass-1')).toBe(true);
  });

  it('user create without a password prints a generated one; a taken login fails with 1', async () => {
    const res = await zari(dataDir, ['user', 'create', '--login', 'giorgi', '--name', 'Giorgi', '--role', 'manager']);
    expect(res.code).toBe(0);
    const password = /password: (\S+)/.exec(res.stdout)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(await verifyPassword(readUser(dataDir, 'giorgi')?.passwordHash ?? '', password)).toBe(true);
    const again = await zari(dataDir, ['user', 'create', '--login', 'giorgi', '--name', 'G2', '--role', 'manager', '--password', 'whatever-1']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already_exists/);
  });

  it('user reset-password changes the hash; an unknown login fails with 1', async () => {
    const res = await zari(dataDir, ['user', 'reset-password', '--login', 'tamar', '--password', 'tamar-pass-2']);
    expect(res.code).toBe(0);
    expect(await verifyPassword(readUser(dataDir, 'tamar')?.passwordHash ?? '', 'tamar-pass-2')).toBe(true);
    const unknown = await zari(dataDir, ['user', 'reset-password', '--login', 'nobody', '--password', 'tamar-pass-2']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/nobody/);
  });

  it.each([
    [['user', 'create', '--login', 'x', '--name', 'X', '--role', 'king']],
    [['user', 'create', '--bogus']],
    [['frobnicate']],
    [[]],
    [['import', 'clients', 'file.txt']],
    [['import', 'clients', 'a.csv', '--map', 'nonsense']],
  ])('exits 2 with usage on bad arguments: %j', async (args) => {
    const res = await zari(dataDir, args);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/usage: zari/);
    expect(res.stdout).toBe('');
  });

  it('--help prints the usage and exits 0', async () => {
    const res = await zari(dataDir, ['--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/zari user create/);
  });

  it('import clients reads a CSV with a column mapping, shows progress on stderr and stores the clients', async () => {
    const file = path.join(dataDir, 'clients.csv');
    writeFileSync(file, 'Company,Phone\nAcme Ltd,+995555123456\nBeta LLC,+79161234567\n,+79161234568\n');
    const res = await zari(dataDir, ['import', 'clients', file, '--map', 'Company=name', '--map', 'Phone=phones']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/2 imported, 1 failed of 3/);
    expect(res.stdout).toMatch(/row 4 name/);
    expect(res.stderr).toMatch(/importing \[#+\] 100% 3\/3/);
    const db = new BetterSqlite3(path.join(dataDir, 'zari.db'), { readonly: true });
    try {
      const names = (db.prepare('SELECT name FROM "Client" ORDER BY name').all() as { name: string }[]).map((r) => r.name);
      expect(names).toEqual(['Acme Ltd', 'Beta LLC']);
    } finally {
      db.close();
    }
  });

  it('import clients of a missing file fails with 1', async () => {
    const res = await zari(dataDir, ['import', 'clients', path.join(dataDir, 'missing.csv')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/does not exist/);
  });
});
