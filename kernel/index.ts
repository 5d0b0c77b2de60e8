export { loadConfig, configSchema, type ZariConfig } from './config.js';
export { createLogger, silentLogger, type Logger } from './logger.js';
export { ZariError, isZariError, notFound, forbidden, errorCodes, type ZariErrorCode } from './errors.js';
export { Emitter, type EventMap, type Listener } from './emitter.js';
export { openDatabase, resolveDatabaseTarget, type Database, type DatabaseTarget, type PgConnection, type Db, type DbProvider, type Prisma } from './db/database.js';
export { migrate, listMigrations, type MigrationResult } from './db/migrate.js';
