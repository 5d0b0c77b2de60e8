import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { silentLogger, type Database } from '../../../kernel/index.js';
import { createLocalDiskStore, findFfmpeg, type LocalDiskStore, type RecordingDeps } from '../../../recordings/index.js';
import { tempDir } from './fixtures.js';

export interface IngestEnv {
  readonly deps: RecordingDeps;
  readonly store: LocalDiskStore;
  readonly spoolDir: string;
  readonly archiveDir: string;
}

/**
 * A spool dir, an archive dir and a local-disk store in fresh temp dirs, over the given database
 * (with the prepared-statement row writes on SQLite and PostgreSQL, as zari-recordings.ts wires them).
 */
export async function ingestEnv(db: Database, overrides: Partial<RecordingDeps> = {}): Promise<IngestEnv> {
  const root = tempDir();
  const spoolDir = path.join(root, 'spool');
  const archiveDir = path.join(root, 'archive');
  mkdirSync(spoolDir);
  const store = await createLocalDiskStore(path.join(root, 'data'));
  const deps: RecordingDeps = {
    db: db.prisma, sqliteFile: db.sqlite?.name ?? null, pgConnection: db.pgConnection, logger: silentLogger(), store, ffmpegPath: findFfmpeg(), spoolDir, archiveDir,
    clock: () => new Date(), defaultRetentionDays: 90, ...overrides,
  };
  return { deps, store, spoolDir, archiveDir };
}
