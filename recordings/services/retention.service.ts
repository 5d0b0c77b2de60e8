import type { Logger } from '../../kernel/index.js';
import { notFound } from '../../kernel/index.js';
import type { RecordingView } from '../domain/recording.js';
import type { StoreUsage } from '../ports/recording-store.port.js';
import { expiryOf, toView } from './map-recording.js';
import type { RecordingDeps } from './recording-deps.js';

export interface RetentionRun {
  readonly expired: number;
  readonly audioDeleted: number;
  readonly bytesFreed: number;
  /** expired, but the stored object is shared with a recording still kept */
  readonly shared: number;
}

export interface UsageReport {
  readonly recordings: number;
  readonly committed: number;
  readonly failed: number;
  readonly inProgress: number;
  readonly withAudio: number;
  readonly audioBytes: number;
  readonly audioMs: number;
  readonly legalHold: number;
  readonly audioDeleted: number;
  readonly expiringWithin7Days: number;
  /** what the store itself holds (includes kept bytes of failed sources) */
  readonly store: StoreUsage;
}

type RetentionDeps = Pick<RecordingDeps, 'db' | 'logger' | 'store' | 'clock' | 'defaultRetentionDays'>;
const withAudio = { state: 'committed', audioDeletedAt: null, storageKey: { not: null } } as const;

/**
 * Retention: each recording keeps its audio for `retentionDays` (or the default policy) after
 * commit; a legal hold suspends deletion. The job deletes expired audio and keeps the metadata
 * (call link, duration, peaks, scores), stamping `audioDeletedAt`.
 */
export class RetentionService {
  private readonly log: Logger;

  constructor(private readonly deps: RetentionDeps) {
    this.log = deps.logger.child({ ctx: 'recordings.retention' });
  }

  async run(now: Date = this.deps.clock()): Promise<RetentionRun> {
    const db = this.deps.db;
    const due = await db.recording.findMany({ where: { ...withAudio, legalHold: false, expiresAt: { lte: now } }, orderBy: { expiresAt: 'asc' } });
    let audioDeleted = 0;
    let bytesFreed = 0;
    let shared = 0;
    for (const row of due) {
      const key = row.storageKey ?? '';
      const others = await db.recording.count({ where: { storageKey: key, id: { not: row.id }, audioDeletedAt: null } });
      if (others === 0 && (await this.deps.store.delete(key))) {
        audioDeleted += 1;
        bytesFreed += row.sizeBytes ?? 0;
      } else if (others > 0) {
        shared += 1;
      }
      // conditional: a legal hold set meanwhile wins
      await db.recording.updateMany({ where: { id: row.id, legalHold: false, audioDeletedAt: null }, data: { audioDeletedAt: now } });
    }
    const result = { expired: due.length, audioDeleted, bytesFreed, shared };
    if (due.length) this.log.info(result, 'recording retention: expired audio deleted');
    return result;
  }

  async setLegalHold(publicId: string, hold: boolean): Promise<RecordingView> {
    const row = await this.deps.db.recording.findUnique({ where: { publicId } });
    if (!row) throw notFound('recording', publicId);
    return toView(await this.deps.db.recording.update({ where: { id: row.id }, data: { legalHold: hold } }));
  }

  /** Per-recording policy; null returns it to the default. Recomputes expiresAt from the commit time. */
  async setRetentionDays(publicId: string, days: number | null): Promise<RecordingView> {
    const row = await this.deps.db.recording.findUnique({ where: { publicId } });
    if (!row) throw notFound('recording', publicId);
    const from = row.committedAt ?? row.createdAt;
    const expiresAt = expiryOf(from, days ?? this.deps.defaultRetentionDays ?? null);
    return toView(await this.deps.db.recording.update({ where: { id: row.id }, data: { retentionDays: days, expiresAt } }));
  }

  /** Starts the scheduled job; returns a stop function. The timer never keeps the process alive. */
  schedule(intervalMs: number): () => void {
    let running = false;
    const tick = (): void => {
      if (running) return;
      running = true;
      this.run().catch((err: unknown) => this.log.error({ err }, 'recording retention run failed')).finally(() => {
        running = false;
      });
    };
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  async usageReport(now: Date = this.deps.clock()): Promise<UsageReport> {
    const db = this.deps.db.recording;
    const soon = new Date(now.getTime() + 7 * 86_400_000);
    const [recordings, committed, failed, audio, legalHold, audioDeleted, expiring, store] = await Promise.all([
      db.count(),
      db.count({ where: { state: 'committed' } }),
      db.count({ where: { state: 'failed' } }),
      db.aggregate({ where: withAudio, _count: { _all: true }, _sum: { sizeBytes: true, durationMs: true } }),
      db.count({ where: { legalHold: true } }),
      db.count({ where: { audioDeletedAt: { not: null } } }),
      db.count({ where: { ...withAudio, legalHold: false, expiresAt: { lte: soon } } }),
      this.deps.store.usage(),
    ]);
    return {
      recordings, committed, failed, inProgress: recordings - committed - failed,
      withAudio: audio._count._all, audioBytes: audio._sum.sizeBytes ?? 0, audioMs: audio._sum.durationMs ?? 0,
      legalHold, audioDeleted, expiringWithin7Days: expiring, store,
    };
  }
}
