import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { Logger } from '../logger.js';
import type { DatabaseTarget, DbProvider } from './database.js';

/**
 * zari's migration runner. Prisma's own `migrate deploy` cannot run against PostgreSQL on these
 * machines (see docs/adr/0002-own-migration-runner.md), so the SQL written by `prisma migrate diff`
 * (prisma/migrations/<provider>/NNNN_name/migration.sql) is applied here, each migration in one
 * transaction, recorded in `_zari_migrations` with a checksum. An edited, already-applied migration is
 * an error, not a silent skip.
 */
const migrationsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'prisma', 'migrations');

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(provider: DbProvider, root = migrationsRoot): Migration[] {
  const dir = path.join(root, provider);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((d) => /^\d{4}_[a-z0-9_]+$/.test(d))
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

function checkApplied(applied: Map<string, string>, migrations: Migration[]): Migration[] {
  for (const m of migrations) {
    const sum = applied.get(m.name);
    if (sum !== undefined && sum !== m.checksum) {
      throw new Error(`migration ${m.name} was changed after it was applied (checksum mismatch)`);
    }
  }
  return migrations.filter((m) => !applied.has(m.name));
}

function migrateSqlite(file: string, migrations: Migration[]): MigrationResult {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec('CREATE TABLE IF NOT EXISTS "_zari_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)');
    const rows = db.prepare('SELECT name, checksum FROM "_zari_migrations"').all() as { name: string; checksum: string }[];
    const pending = checkApplied(new Map(rows.map((r) => [r.name, r.checksum])), migrations);
    const record = db.prepare('INSERT INTO "_zari_migrations" (name, checksum, "appliedAt") VALUES (?, ?, ?)');
    for (const m of pending) {
      db.transaction(() => {
        db.exec(m.sql);
        record.run(m.name, m.checksum, new Date().toISOString());
      }).immediate();
    }
    return { applied: pending.map((m) => m.name), alreadyApplied: rows.length };
  } finally {
    db.close();
  }
}

export function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid PostgreSQL schema name: ${name}`);
  return `"${name}"`;
}

async function migratePostgres(url: string, schema: string, migrations: Migration[]): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const s = quoteIdent(schema);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`SET search_path TO ${s}`);
    // one migrator at a time per schema (several zari nodes may start together)
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`zari-migrate:${schema}`]);
    await client.query('CREATE TABLE IF NOT EXISTS "_zari_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM "_zari_migrations"');
    const pending = checkApplied(new Map(rows.map((r) => [r.name, r.checksum])), migrations);
    for (const m of pending) {
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO "_zari_migrations" (name, checksum) VALUES ($1, $2)', [m.name, m.checksum]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${String(error)}`);
      }
    }
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`zari-migrate:${schema}`]);
    return { applied: pending.map((m) => m.name), alreadyApplied: rows.length };
  } finally {
    await client.end();
  }
}

export async function migrate(target: DatabaseTarget, logger: Logger): Promise<MigrationResult> {
  const migrations = listMigrations(target.provider);
  const result = target.provider === 'sqlite'
    ? migrateSqlite(target.url, migrations)
    : await migratePostgres(target.url, target.pgSchema ?? 'public', migrations);
  if (result.applied.length > 0) logger.info({ provider: target.provider, applied: result.applied }, 'migrations applied');
  return result;
}
