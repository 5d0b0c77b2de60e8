import { ZariError, type Db } from '../../kernel/index.js';
import type { RecordingState } from '../domain/recording.js';
import type { RecordingRow } from './map-recording.js';

/** Columns the ingest writes: everything but the identity, the state and the timestamps. */
export type RowData = Partial<Omit<RecordingRow, 'id' | 'state' | 'publicId' | 'createdAt' | 'updatedAt'>>;

export interface NewRow {
  readonly publicId: string;
  readonly sourcePath: string;
  readonly state: RecordingState;
  readonly data: RowData;
}

/** `open`'s answer: the row, and whether it was just created (`false`: an unfinished row found, to resume) */
export interface Opened {
  readonly row: RecordingRow;
  readonly fresh: boolean;
}

/** `stale`: the row was no longer in `from` (another worker moved it); `duplicate`: a unique value (the source sha256) is taken. */
export type Advance = 'ok' | 'stale' | 'duplicate';

/**
 * The ingest's per-file reads and writes of `Recording` rows, behind one small interface so the hot
 * path can skip Prisma's query compiler: prepared statements on SQLite (`sqlite-recording-rows.ts`),
 * node-postgres named prepared statements on a pool of the ingest's own on PostgreSQL
 * (`pg-recording-rows.ts`); ADR 0005 addendum. Rare paths (duplicates, the backlog listing) stay on
 * Prisma model queries.
 *
 * Contract: `advance` is one conditional write (`where id and state = from`), atomic on its own;
 * `create` and `open` return the row as stored (defaults filled in); `open` changes nothing when it
 * finds an unfinished row. `close` ends the implementation's own connections (after what is in flight).
 */
export interface RecordingRows {
  /** the newest unfinished (not committed/failed) row of this source */
  findOpen(sourcePath: string): Promise<RecordingRow | null>;
  create(row: NewRow): Promise<RecordingRow>;
  /** `findOpen(row.sourcePath)`, or else `create(row)` (one statement on PostgreSQL) */
  open(row: NewRow): Promise<Opened>;
  advance(id: number, from: RecordingState, to: RecordingState, data: RowData): Promise<Advance>;
  update(id: number, data: RowData): Promise<void>;
  close(): Promise<void>;
}

/** `open` as two steps: what an implementation with cheap statements does */
export async function findOpenOrCreate(rows: RecordingRows, row: NewRow): Promise<Opened> {
  const found = await rows.findOpen(row.sourcePath);
  return found ? { row: found, fresh: false } : { row: await rows.create(row), fresh: true };
}

export const isUniqueViolation = (e: unknown): boolean => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';
export const openStates = { notIn: ['committed', 'failed'] };

/** Every column of `RowData` (for raw SQL); the type below fails to compile if the model gains one not listed here. */
export const rowColumns = [
  'callKey', 'interactionId', 'clientId', 'sourcePath', 'sourceSha256', 'failReason', 'sourceState', 'durationMs', 'codec', 'container',
  'sampleRate', 'channels', 'sizeBytes', 'sourceBytes', 'storageKey', 'peaks', 'legalHold', 'retentionDays', 'expiresAt', 'audioDeletedAt',
  'committedAt',
] as const satisfies readonly (keyof RowData)[];
type Listed = (typeof rowColumns)[number];
export const allColumnsListed: Exclude<keyof RowData, Listed> extends never ? true : false = true;
const known: ReadonlySet<string> = new Set<string>(rowColumns);

/** The defined entries of `data`, checked against the column list (names go into SQL text). */
export function rowEntries(data: RowData): [string, unknown][] {
  const entries = Object.entries(data).filter(([, v]) => v !== undefined);
  for (const [k] of entries) if (!known.has(k)) throw new ZariError('internal', `unknown recording column ${k}`);
  return entries;
}

/** The row a raw INSERT of `row` created, with the model's defaults (what Prisma's create returns). */
export function insertedRow(id: number, row: NewRow, now: Date): RecordingRow {
  const { callKey = null, interactionId = null, clientId = null } = row.data;
  return {
    id, publicId: row.publicId, sourcePath: row.sourcePath, state: row.state, callKey, interactionId, clientId,
    sourceSha256: null, failReason: null, sourceState: 'pending', durationMs: null, codec: null, container: null, sampleRate: null,
    channels: null, sizeBytes: null, sourceBytes: null, storageKey: null, peaks: null, legalHold: false, retentionDays: null,
    expiresAt: null, audioDeletedAt: null, committedAt: null, createdAt: now, updatedAt: now,
  };
}

/** Prisma model queries: the reference implementation (SQLite without a file; the rare paths of the others). */
export class PrismaRecordingRows implements RecordingRows {
  constructor(private readonly db: Db) {}

  findOpen(sourcePath: string): Promise<RecordingRow | null> {
    return this.db.recording.findFirst({ where: { sourcePath, state: openStates }, orderBy: { id: 'desc' } });
  }

  create(row: NewRow): Promise<RecordingRow> {
    return this.db.recording.create({ data: { publicId: row.publicId, sourcePath: row.sourcePath, state: row.state, ...row.data } });
  }

  async advance(id: number, from: RecordingState, to: RecordingState, data: RowData): Promise<Advance> {
    try {
      const n = await this.db.recording.updateMany({ where: { id, state: from }, data: { ...data, state: to } });
      return n.count === 1 ? 'ok' : 'stale';
    } catch (e) {
      if (isUniqueViolation(e)) return 'duplicate';
      throw e;
    }
  }

  open(row: NewRow): Promise<Opened> {
    return findOpenOrCreate(this, row);
  }

  async update(id: number, data: RowData): Promise<void> {
    await this.db.recording.update({ where: { id }, data });
  }

  async close(): Promise<void> {}
}
