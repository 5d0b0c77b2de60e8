import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '../../prisma/generated/sqlite/client.js';
import { PrismaClient as PgClient } from '../../prisma/generated/postgresql/client.js';
import type { Logger } from '../logger.js';
import { migrate, quoteIdent } from './migrate.js';

/** The Prisma client type used across zari. Both generated clients share this shape. */
export type Db = SqliteClient;
export type { Prisma } from '../../prisma/generated/sqlite/client.js';

export type DbProvider = 'sqlite' | 'postgresql';

export interface Database {
  readonly provider: DbProvider;
  readonly prisma: Db;
  /** SQLite only: a raw read connection for hot paths (caller identification); null on PostgreSQL */
  readonly sqlite: BetterSqlite3.Database | null;
  /** PostgreSQL only: the schema this instance lives in */
  readonly pgSchema: string | null;
  /** PostgreSQL only: how the main pool connects (URL without `?schema=`, search_path), for a pool of a context's own */
  readonly pgConnection: PgConnection | null;
  close(): Promise<void>;
}

export interface PgConnection {
  readonly connectionString: string;
  /** `-c search_path=<schema>`: raw SQL resolves to the same schema as model queries */
  readonly options: string;
}

export interface DatabaseTarget {
  provider: DbProvider;
  /** SQLite: file path (or ':memory:' is not supported: zari needs two connections); PostgreSQL: URL */
  url: string;
  pgSchema: string | null;
}

/** DATABASE_URL → target. Default: SQLite file `zari.db` in the data dir. */
export function resolveDatabaseTarget(databaseUrl: string | undefined, dataDir: string): DatabaseTarget {
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) {
    const url = new URL(databaseUrl);
    const schema = url.searchParams.get('schema') ?? 'public';
    url.searchParams.delete('schema');
    return { provider: 'postgresql', url: url.toString(), pgSchema: schema };
  }
  if (databaseUrl && databaseUrl.startsWith('file:')) {
    return { provider: 'sqlite', url: path.resolve(databaseUrl.slice('file:'.length)), pgSchema: null };
  }
  if (databaseUrl) throw new Error(`unsupported DATABASE_URL (use postgres://… or file:…): ${databaseUrl.replace(/\/\/[^@]*@/, '//***@')}`);
  return { provider: 'sqlite', url: path.join(dataDir, 'zari.db'), pgSchema: null };
}

/** Opens the database, applies pending migrations, returns the Prisma client and raw handles. */
export async function openDatabase(target: DatabaseTarget, logger: Logger): Promise<Database> {
  await migrate(target, logger);
  if (target.provider === 'sqlite') {
    mkdirSync(path.dirname(target.url), { recursive: true });
    const adapter = new PrismaBetterSQLite3({ url: `file:${target.url}`, timeout: 5000 });
    const prisma = new SqliteClient({ adapter });
    const raw = new BetterSqlite3(target.url, { readonly: true, fileMustExist: true });
    raw.pragma('busy_timeout = 5000');
    return {
      provider: 'sqlite',
      prisma,
      sqlite: raw,
      pgSchema: null,
      pgConnection: null,
      async close() {
        await prisma.$disconnect();
        raw.close();
      },
    };
  }
  const schema = target.pgSchema ?? 'public';
  // search_path too, so raw SQL (reports, hot paths) resolves to the same schema as model queries
  const pgConnection: PgConnection = { connectionString: target.url, options: `-c search_path=${quoteIdent(schema)}` };
  const adapter = new PrismaPg({ ...pgConnection, max: 10 }, { schema });
  const prisma = new PgClient({ adapter }) as unknown as Db;
  return {
    provider: 'postgresql',
    prisma,
    sqlite: null,
    pgSchema: schema,
    pgConnection,
    async close() {
      await prisma.$disconnect();
    },
  };
}
