import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, silentLogger, type Database, type DbProvider } from '../../kernel/index.js';

/** PostgreSQL on every developer and CI machine (trust auth, database `test`). */
export const testPgUrl = process.env.ZARI_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
export const dbProviders: readonly DbProvider[] = ['sqlite', 'postgresql'];

export interface TestDatabase extends Database {
  /** DATABASE_URL for a second process or a second open of the same data */
  readonly url: string;
  readonly dataDir: string;
  /** close and delete everything this test database made */
  destroy(): Promise<void>;
}

/** A fresh, migrated database: SQLite in a temp dir, or PostgreSQL in a schema of its own. */
export async function createTestDatabase(provider: DbProvider): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zari-test-'));
  if (provider === 'sqlite') {
    const file = path.join(dataDir, 'zari.db');
    const db = await openDatabase({ provider, url: file, pgSchema: null }, silentLogger());
    return {
      ...db,
      close: () => db.close(),
      url: `file:${file}`,
      dataDir,
      async destroy() {
        await db.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = `zt_${process.pid}_${randomBytes(4).toString('hex')}`;
  const db = await openDatabase({ provider, url: testPgUrl, pgSchema: schema }, silentLogger());
  return {
    ...db,
    close: () => db.close(),
    url: `${testPgUrl}?schema=${schema}`,
    dataDir,
    async destroy() {
      await db.close();
      await dropPgSchema(schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function dropPgSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPgUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * Runs a suite once per provider with a fresh database each. `get()` returns the current database
 * (valid inside tests and hooks).
 */
export function describeEachDb(name: string, suite: (get: () => TestDatabase, provider: DbProvider) => void): void {
  describe.each(dbProviders)(`${name} [%s]`, (provider) => {
    let db: TestDatabase | undefined;
    beforeAll(async () => {
      db = await createTestDatabase(provider);
    });
    afterAll(async () => {
      await db?.destroy();
    });
    suite(() => {
      if (!db) throw new Error('test database not ready');
      return db;
    }, provider);
  });
}
