/**
 * A zari ingest in its own process, for crash tests. Env: DATABASE_URL, ZARI_DATA_DIR, SPOOL, ARCHIVE,
 * MODE (file | scan), FILE, CALL_KEY, PAUSE_AT (an IngestStage: print "PAUSED <stage>" and hang there
 * until killed). Prints "RESULT <json>" when done.
 */
import { openDatabase, resolveDatabaseTarget, silentLogger } from '../../../kernel/index.js';
import { RecordingIngestService, createLocalDiskStore, findFfmpeg, type IngestStage } from '../../../recordings/index.js';

const env = process.env;
const need = (k: string): string => {
  const v = env[k];
  if (!v) throw new Error(`${k} missing`);
  return v;
};

const dataDir = need('ZARI_DATA_DIR');
const db = await openDatabase(resolveDatabaseTarget(need('DATABASE_URL'), dataDir), silentLogger());
const store = await createLocalDiskStore(dataDir);
const pauseAt = env['PAUSE_AT'] as IngestStage | undefined;
const ingest = new RecordingIngestService({
  db: db.prisma, sqliteFile: db.sqlite?.name ?? null, pgConnection: db.pgConnection, logger: silentLogger(), store, ffmpegPath: findFfmpeg(), spoolDir: need('SPOOL'), archiveDir: need('ARCHIVE'),
  clock: () => new Date(), defaultRetentionDays: 30,
  afterStage: async (stage) => {
    if (stage !== pauseAt) return;
    process.stdout.write(`PAUSED ${stage}\n`);
    setInterval(() => {}, 60_000);
    await new Promise<never>(() => {});
  },
});
const result = env['MODE'] === 'scan'
  ? await ingest.scanBacklog(undefined, { minAgeMs: 0, staleStagingMs: 0 })
  : await ingest.ingestFile(need('FILE'), { callKey: need('CALL_KEY') });
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
await ingest.close();
await db.close();
