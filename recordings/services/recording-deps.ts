import type { Db, Logger, PgConnection } from '../../kernel/index.js';
import type { RecordingLink } from '../domain/recording.js';
import type { OpusSettings } from '../media/ffmpeg.js';
import type { RecordingStore } from '../ports/recording-store.port.js';

/** Points where an ingest has just finished a step (crash tests pause here; metrics may count). */
export type IngestStage = 'hashed' | 'transcoded' | 'stored' | 'committed';

export interface RecordingDeps {
  readonly db: Db;
  /** the SQLite database file: the ingest's row writes use prepared statements on it */
  readonly sqliteFile?: string | null;
  /** PostgreSQL: how `db` connects (`Database.pgConnection`): the ingest's row writes use prepared statements on a pool of its own (neither: Prisma model queries) */
  readonly pgConnection?: PgConnection | null;
  readonly logger: Logger;
  readonly store: RecordingStore;
  /** null: transcoding off, recordings are kept as WAV */
  readonly ffmpegPath: string | null;
  /** the PBX recording directory (local or mounted) */
  readonly spoolDir: string;
  /** where sources go after ingest; null: they are deleted */
  readonly archiveDir: string | null;
  readonly clock: () => Date;
  readonly opus?: OpusSettings;
  /** default retention in days for recordings without their own; null/absent: keep forever */
  readonly defaultRetentionDays?: number | null;
  /** waveform buckets per recording (default 200) */
  readonly peakCount?: number;
  /** links a backlog file with no row yet to its call (e.g. Asterisk `${UNIQUEID}.wav` → callKey) */
  readonly resolveLink?: (relPath: string) => Promise<RecordingLink | null>;
  readonly afterStage?: (stage: IngestStage, publicId: string) => Promise<void>;
}
