import { copyFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ZariError, type Logger } from '../../kernel/index.js';
import { canTransition, isTerminal, newPublicId, recordingLinkSchema, type FailCode, type RecordingLink, type RecordingState, type RecordingView } from '../domain/recording.js';
import { opusArgs } from '../media/ffmpeg.js';
import { FfmpegLauncher } from '../media/ffmpeg-launcher.js';
import { hashAndMeasure } from '../media/peaks.js';
import { ChunkReader } from '../media/read-chunks.js';
import { readWavInfo, type WavInfo } from '../media/wav.js';
import { expiryOf, toView, type RecordingRow } from './map-recording.js';
import type { RecordingDeps } from './recording-deps.js';
import { PrismaRecordingRows, openStates, type RecordingRows, type RowData } from './recording-rows.js';
import { PgRecordingRows } from './pg-recording-rows.js';
import { SqliteRecordingRows } from './sqlite-recording-rows.js';
import { listSpool, relativeSource, releaseSource } from './source-files.js';

export type IngestOutcome = 'committed' | 'failed' | 'duplicate';
export interface IngestResult {
  readonly outcome: IngestOutcome;
  readonly recording: RecordingView;
}

export interface BacklogProgress {
  readonly total: number;
  readonly done: number;
  readonly committed: number;
  readonly failed: number;
  readonly duplicates: number;
  /** unexpected errors (database down, permissions); the file stays and is retried next time */
  readonly errors: number;
  readonly current: string | null;
}

export interface BacklogOptions {
  /** files modified more recently than this are still being recorded (default 5 s) */
  readonly minAgeMs?: number;
  /** staged files older than this were left by a crash and are removed (default 1 h) */
  readonly staleStagingMs?: number;
}

/**
 * Ingest of PBX recordings: header check → sha256 + peaks (one read) → ffmpeg to Ogg/Opus in the
 * store's staging dir → atomic put → commit → source archived/removed. Every step is a persisted
 * state (domain/recording.ts); a crash anywhere is resumed from the source, and the sha256 key makes
 * a repeated ingest a no-op ("duplicate"). Per-file costs kept small (ADR 0005 addendum): row writes
 * as prepared statements (better-sqlite3 on SQLite, node-postgres on PostgreSQL), ffmpeg started from
 * long-lived shells, reused read buffers.
 */
export class RecordingIngestService {
  private readonly inFlight = new Map<string, Promise<IngestResult>>();
  private readonly log: Logger;
  private readonly rows: RecordingRows;
  private readonly reader = new ChunkReader();
  private readonly launcher = new FfmpegLauncher();

  constructor(private readonly deps: RecordingDeps) {
    this.log = deps.logger.child({ ctx: 'recordings' });
    this.rows = rowsFor(deps, this.log);
    if (!deps.ffmpegPath) this.log.warn('ffmpeg not found (set FFMPEG_PATH): transcoding is off, recordings are kept as WAV');
  }

  get transcoding(): boolean {
    return this.deps.ffmpegPath !== null;
  }

  /** Closes the row writes' own connections (SQLite, PostgreSQL pool), if any, and the ffmpeg launcher's shells (after the ingests in flight). */
  async close(): Promise<void> {
    this.launcher.close();
    await this.rows.close();
  }

  /** Ingests one finished recording (absolute, or relative to the spool dir) and links it to its call. */
  async ingestFile(file: string, link?: RecordingLink): Promise<IngestResult> {
    const rel = relativeSource(this.deps.spoolDir, file);
    const parsedLink = recordingLinkSchema.parse(link ?? {});
    const running = this.inFlight.get(rel);
    if (running) return running;
    const run = this.openRow(rel, link ? parsedLink : null)
      .then(({ row, fresh }) => this.drive(row, fresh))
      .finally(() => this.inFlight.delete(rel));
    this.inFlight.set(rel, run);
    return run;
  }

  /** Resumes unfinished rows, then ingests every settled file in the spool dir, reporting progress. */
  async scanBacklog(onProgress: (p: BacklogProgress) => void = () => {}, options: BacklogOptions = {}): Promise<BacklogProgress> {
    await this.deps.store.sweepStaging(options.staleStagingMs ?? 3_600_000);
    const settledBefore = this.deps.clock().getTime() - (options.minAgeMs ?? 5000);
    const files = (await listSpool(this.deps.spoolDir, this.deps.archiveDir)).filter((f) => f.mtimeMs <= settledBefore).map((f) => f.relPath);
    const listed = new Set(files);
    const orphans = await this.deps.db.recording.findMany({ where: { state: openStates }, select: { sourcePath: true } });
    const work = [...new Set([...orphans.map((o) => o.sourcePath).filter((p) => !listed.has(p)), ...files])];
    let p: BacklogProgress = { total: work.length, done: 0, committed: 0, failed: 0, duplicates: 0, errors: 0, current: null };
    if (work.length) this.log.info({ total: work.length }, 'recording backlog: ingest starts');
    onProgress(p);
    for (const rel of work) {
      p = { ...p, current: rel };
      try {
        const { outcome } = await this.ingestFile(rel);
        p = { ...p, committed: p.committed + Number(outcome === 'committed'), failed: p.failed + Number(outcome === 'failed'), duplicates: p.duplicates + Number(outcome === 'duplicate') };
      } catch (error) {
        this.log.error({ err: error, sourcePath: rel }, 'recording ingest error; retried at the next scan');
        p = { ...p, errors: p.errors + 1 };
      }
      p = { ...p, done: p.done + 1 };
      onProgress(p);
    }
    p = { ...p, current: null };
    if (work.length) this.log.info({ ...p }, 'recording backlog: ingest done');
    return p;
  }

  /**
   * The unfinished row of this source, or a new one — created directly in `hashing` (one write less).
   * With the call's link known, finding and creating are one `open` (one statement on PostgreSQL);
   * without it a new row first asks `resolveLink`.
   */
  private async openRow(rel: string, link: RecordingLink | null): Promise<{ row: RecordingRow; fresh: boolean }> {
    const fresh = (data: RowData) => ({ publicId: newPublicId(), sourcePath: rel, state: 'hashing' as const, data });
    if (link) {
      const data = linkData(link);
      const opened = await this.rows.open(fresh(data));
      if (opened.fresh || !Object.keys(data).length) return opened;
      await this.rows.update(opened.row.id, data);
      return { row: { ...opened.row, ...data }, fresh: false };
    }
    const row = await this.rows.findOpen(rel);
    if (row) return { row, fresh: false };
    const resolved = await this.deps.resolveLink?.(rel);
    return { row: await this.rows.create(fresh(resolved ? linkData(resolved) : {})), fresh: true };
  }

  private async drive(start: RecordingRow, fresh: boolean): Promise<IngestResult> {
    let row = start;
    if (!fresh && row.state === 'stored' && row.storageKey) return this.commit(row);
    // resume: anything before `stored` restarts from the source
    if (!fresh && row.state !== 'discovered') row = await this.set(row, 'discovered', {}, true);
    const src = path.join(this.deps.spoolDir, row.sourcePath);
    if (!(await stat(src).catch(() => null))) return this.fail(row, 'source_missing', 'the source file is gone', null);
    const wav = await readWavInfo(src);
    if (!wav.ok) return this.fail(row, wav.problem, wav.message, src);
    if (row.state !== 'hashing') row = await this.set(row, 'hashing', {});
    const scan = await hashAndMeasure(src, wav.info, this.deps.peakCount ?? 200, this.reader);
    const measured: RowData = { sourceSha256: scan.sha256, sourceBytes: scan.bytes, peaks: JSON.stringify(scan.peaks), durationMs: wav.info.durationMs, sampleRate: wav.info.format.sampleRate, channels: wav.info.format.channels };
    // the unique sha256 is the duplicate check: no read before the write
    const next = await this.trySet(row, 'transcoding', measured);
    if (next === 'duplicate') {
      const other = await this.deps.db.recording.findUnique({ where: { sourceSha256: scan.sha256 } });
      if (!other) throw new ZariError('conflict', `recording ${row.publicId}: its sha256 was taken and released concurrently`);
      return this.duplicate(row, other);
    }
    row = next;
    await this.deps.afterStage?.('hashed', row.publicId);
    return this.transcodeAndStore(row, src, wav.info);
  }

  private async transcodeAndStore(start: RecordingRow, src: string, info: WavInfo): Promise<IngestResult> {
    let row = start;
    const store = this.deps.store;
    const ffmpeg = this.deps.ffmpegPath;
    const out = ffmpeg ? { ext: 'opus', codec: 'opus', container: 'ogg' } : { ext: 'wav', codec: wavCodec(info), container: 'wav' };
    const staged = store.stagingPath(out.ext);
    try {
      if (ffmpeg) await this.launcher.run(ffmpeg, opusArgs(src, staged, this.deps.opus));
      else await copyFile(src, staged);
    } catch (e) {
      await rm(staged, { force: true });
      if (!ffmpeg) throw e;
      return this.fail(row, 'transcode_failed', e instanceof Error ? e.message : String(e), src);
    }
    await this.deps.afterStage?.('transcoded', row.publicId);
    const obj = await store.put(staged, out.ext);
    row = await this.set(row, 'stored', { storageKey: obj.storageKey, sizeBytes: obj.sizeBytes, codec: out.codec, container: out.container });
    await this.deps.afterStage?.('stored', row.publicId);
    return this.commit(row);
  }

  private async commit(start: RecordingRow): Promise<IngestResult> {
    const now = this.deps.clock();
    const days = start.retentionDays ?? this.deps.defaultRetentionDays ?? null;
    let row = await this.set(start, 'committed', { committedAt: now, expiresAt: expiryOf(now, days) });
    this.log.info({ recording: row.publicId, callKey: row.callKey, durationMs: row.durationMs, sizeBytes: row.sizeBytes }, 'recording ingested');
    await this.deps.afterStage?.('committed', row.publicId);
    row = await this.release(row);
    return { outcome: 'committed', recording: toView(row) };
  }

  /** Marks a recording failed with its reason; a corrupt source's bytes are kept in the store. */
  private async fail(start: RecordingRow, code: FailCode, message: string, src: string | null): Promise<IngestResult> {
    const keep = src && code !== 'no_audio' && code !== 'empty_file' ? await this.keepSource(src) : null;
    let row = await this.set(start, 'failed', {
      failReason: `${code}: ${message}`,
      ...(keep ? { storageKey: keep.storageKey, sizeBytes: keep.sizeBytes, codec: 'unknown', container: 'original' } : {}),
    });
    this.log.warn({ recording: row.publicId, sourcePath: row.sourcePath, code, reason: message }, 'recording ingest failed');
    if (code !== 'source_missing') row = await this.release(row);
    return { outcome: 'failed', recording: toView(row) };
  }

  private async keepSource(src: string): Promise<{ storageKey: string; sizeBytes: number }> {
    const staged = this.deps.store.stagingPath('bin');
    await copyFile(src, staged);
    return this.deps.store.put(staged, 'bin');
  }

  /** Same bytes already known: drop this row, release the source if the known one is terminal. */
  private async duplicate(row: RecordingRow, known: RecordingRow): Promise<IngestResult> {
    const db = this.deps.db;
    await db.recording.delete({ where: { id: row.id } });
    if (isTerminal(known.state as RecordingState)) {
      const sourceState = await releaseSource(this.deps.spoolDir, this.deps.archiveDir, row.sourcePath);
      if (known.sourceState === 'pending' && known.sourcePath === row.sourcePath) {
        known = await db.recording.update({ where: { id: known.id }, data: { sourceState } });
      }
    }
    this.log.info({ recording: known.publicId, sourcePath: row.sourcePath }, 'recording already ingested');
    return { outcome: 'duplicate', recording: toView(known) };
  }

  private async release(row: RecordingRow): Promise<RecordingRow> {
    const sourceState = await releaseSource(this.deps.spoolDir, this.deps.archiveDir, row.sourcePath);
    await this.rows.update(row.id, { sourceState });
    return { ...row, sourceState };
  }

  /** Conditional state change (optimistic: only from the state we read). `resume` allows → discovered. */
  private async set(row: RecordingRow, to: RecordingState, data: RowData, resume = false): Promise<RecordingRow> {
    const next = await this.trySet(row, to, data, resume);
    if (next === 'duplicate') throw new ZariError('conflict', `recording ${row.publicId}: a unique value is already taken`);
    return next;
  }

  /** `set`, but a taken unique value (the sha256) answers 'duplicate' instead of throwing. */
  private async trySet(row: RecordingRow, to: RecordingState, data: RowData, resume = false): Promise<RecordingRow | 'duplicate'> {
    const from = row.state as RecordingState;
    if (!resume && !canTransition(from, to)) throw new ZariError('conflict', `recording ${row.publicId}: ${from} → ${to} is not allowed`);
    const done = await this.rows.advance(row.id, from, to, data);
    if (done === 'stale') throw new ZariError('conflict', `recording ${row.publicId} changed state concurrently`);
    return done === 'duplicate' ? done : { ...row, ...data, state: to };
  }
}

/** Row writes without Prisma's query compiler where the provider allows (ADR 0005 addendum). */
function rowsFor(deps: RecordingDeps, log: Logger): RecordingRows {
  if (deps.sqliteFile) return new SqliteRecordingRows(deps.sqliteFile, deps.db);
  if (deps.pgConnection) return new PgRecordingRows(deps.pgConnection, log);
  return new PrismaRecordingRows(deps.db);
}

function linkData(link: RecordingLink): RowData {
  const out: RowData = {};
  if (link.callKey !== undefined) out.callKey = link.callKey;
  if (link.interactionId !== undefined) out.interactionId = link.interactionId;
  if (link.clientId !== undefined) out.clientId = link.clientId;
  return out;
}

function wavCodec(info: WavInfo): string {
  return info.pcm ? `pcm_s${info.format.bitsPerSample}le` : `wav_format_${info.format.formatTag}`;
}
