import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AuditLogService } from './crm-core/index.js';
import { callKeyOf, type TrackedCall } from './cti/index.js';
import type { Database, Logger, ZariConfig } from './kernel/index.js';
import {
  QaScoringService, RecordingAccessService, RecordingIngestService, RecordingLinkService, RecordingQueryService, RecordingSearchService,
  RetentionService, createLocalDiskStore, decideRecording, findFfmpeg, parseQaCriteria, recordingPolicyOf,
  type BacklogProgress, type IngestResult, type RecordingDeps, type RecordingPolicy, type RecordingStore,
} from './recordings/index.js';
import type { RouteDef } from './web/index.js';
import { recordingRoutes } from './web/routes/recordings.routes.js';
import type { CtiWiring } from './zari-cti.js';

/**
 * Recordings wiring (part of the composition root): the store under the data dir, ffmpeg if present,
 * the start-up backlog scan (progress logged), ingest of each ended call's recordings (PBX path mapped to
 * the spool dir by file name) and linking to its call and client, the recording policy (MixMonitor
 * started on answer when the policy says `always`), the retention job, and the REST routes.
 */
export interface RecordingsHost {
  readonly config: ZariConfig;
  readonly logger: Logger;
  readonly db: Database;
  readonly audit: AuditLogService;
  readonly cti: CtiWiring | null;
  addRoutes(routes: readonly RouteDef[]): void;
  onClose(fn: () => Promise<void> | void): void;
  /** tests: ffmpeg override (null: off), delay between call end and ingest (MixMonitor closing the file) */
  readonly ffmpegPath?: string | null;
  readonly ingestDelayMs?: number;
}

export interface RecordingsWiring {
  readonly store: RecordingStore;
  readonly spoolDir: string;
  readonly ingest: RecordingIngestService;
  readonly query: RecordingQueryService;
  readonly retention: RetentionService;
  readonly link: RecordingLinkService;
  readonly qa: QaScoringService;
  readonly search: RecordingSearchService;
  readonly access: RecordingAccessService;
  readonly policy: RecordingPolicy;
  /** settles when the start-up backlog scan is done */
  readonly backlog: Promise<BacklogProgress | null>;
  /** ingests and links the recordings the PBX announced for an ended call (the call.ended listener) */
  ingestCall(call: Pick<TrackedCall, 'pbx' | 'callId' | 'recordings'>): Promise<IngestResult[]>;
}

/** A PBX path (`/var/spool/asterisk/monitor/x.wav`, or Windows-style) → the file name in our spool dir. */
export function spoolNameOf(pbxPath: string): string | null {
  const name = pbxPath.split(/[\\/]/).pop() ?? '';
  return /^[^\0]{1,200}\.wav$/i.test(name) && name !== '..' ? name : null;
}

class Stopping extends Error {}

function backlogLogger(logger: Logger, isClosing: () => boolean, report: (p: BacklogProgress) => void): (p: BacklogProgress) => void {
  let lastLog = 0;
  return (p) => {
    report(p);
    if (isClosing()) throw new Stopping('shutting down');
    const now = Date.now();
    if (p.total > 0 && (p.done === p.total || now - lastLog >= 2000 || p.done % 25 === 0)) {
      lastLog = now;
      logger.info({ done: p.done, total: p.total, committed: p.committed, failed: p.failed, duplicates: p.duplicates, errors: p.errors }, 'recording backlog progress');
    }
  };
}

async function buildDeps(host: RecordingsHost, logger: Logger): Promise<RecordingDeps> {
  const { config } = host;
  const spoolDir = path.resolve(config.recordingsSpoolDir ?? path.join(config.dataDir, 'spool'));
  await mkdir(spoolDir, { recursive: true }).catch((err: unknown) => logger.warn({ err, spoolDir }, 'recording spool dir cannot be created'));
  const ffmpegPath = host.ffmpegPath === undefined ? findFfmpeg() : host.ffmpegPath;
  return {
    db: host.db.prisma, sqliteFile: host.db.sqlite?.name ?? null, pgConnection: host.db.pgConnection, logger, store: await createLocalDiskStore(config.dataDir), ffmpegPath, spoolDir,
    archiveDir: config.recordingsArchiveDir ? path.resolve(config.recordingsArchiveDir) : null,
    clock: () => new Date(), defaultRetentionDays: config.recordingsRetentionDays === 0 ? null : config.recordingsRetentionDays,
  };
}

type Services = Omit<RecordingsWiring, 'backlog' | 'ingestCall' | 'policy' | 'spoolDir' | 'store'>;

function buildServices(host: RecordingsHost, base: RecordingDeps, logger: Logger): Services & { deps: RecordingDeps } {
  const link = new RecordingLinkService({ db: base.db, logger, pbx: host.cti?.driver.name === 'demo' ? 'demo' : 'asterisk' });
  const deps: RecordingDeps = { ...base, resolveLink: (rel) => link.resolveLink(rel) };
  return {
    deps, link, ingest: new RecordingIngestService(deps), query: new RecordingQueryService(deps), retention: new RetentionService(deps),
    qa: new QaScoringService({ db: deps.db, criteria: parseQaCriteria(host.config.recordingsQaCriteria) }),
    search: new RecordingSearchService({ db: deps.db }), access: new RecordingAccessService({ db: deps.db }),
  };
}

/** The recordings the PBX announced for an ended call: mapped to the spool dir by name, ingested, linked. */
function callIngester(svc: Services, spoolDir: string, logger: Logger, stop: () => boolean): RecordingsWiring['ingestCall'] {
  return async (call) => {
    const out: IngestResult[] = [];
    for (const announced of new Set(call.recordings)) {
      const name = spoolNameOf(announced);
      if (!name || !(await stat(path.join(spoolDir, name)).catch(() => null))) {
        logger.warn({ callId: call.callId, file: name }, 'recording not found in the spool dir; the next backlog scan takes it');
        continue;
      }
      const result = await svc.ingest.ingestFile(name, { callKey: callKeyOf(call) });
      if (result.outcome !== 'failed') await svc.link.linkWhenLogged(result.recording.publicId, 20, 250, stop);
      out.push(result);
    }
    return out;
  };
}

/** Work in flight (call ingests, the backlog), awaited on close so the database outlives it. */
class Tracker {
  closing = false;
  private readonly running = new Set<Promise<unknown>>();

  track<T>(p: Promise<T>): Promise<T> {
    this.running.add(p);
    void p.catch(() => undefined).finally(() => this.running.delete(p));
    return p;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.running]);
  }
}

export async function attachRecordings(host: RecordingsHost): Promise<RecordingsWiring> {
  const logger = host.logger.child({ ctx: 'recordings' });
  const svc = buildServices(host, await buildDeps(host, logger), logger);
  const { deps } = svc;
  const policy = recordingPolicyOf(host.config);
  const work = new Tracker();
  const ingestCall = callIngester(svc, deps.spoolDir, logger, () => work.closing);
  let progress: BacklogProgress | null = null;
  host.addRoutes(recordingRoutes({ ...svc, audit: host.audit, logger, backlog: () => progress }));
  const stopRetention = svc.retention.schedule(host.config.recordingsRetentionIntervalMinutes * 60_000);
  const linker = setInterval(() => {
    void svc.link.linkPending().catch((err: unknown) => logger.warn({ err }, 'recording linking failed'));
  }, 60_000);
  linker.unref();
  const delay = host.ingestDelayMs ?? 1000;
  const offs = host.cti ? wireCti(host.cti, policy, logger, (call) => {
    void work.track(new Promise((r) => setTimeout(r, delay)).then(() => (work.closing ? [] : ingestCall(call))))
      .catch((err: unknown) => logger.error({ err, callId: call.callId }, 'recording ingest failed'));
  }) : [];
  const backlog = work.track(svc.ingest.scanBacklog(backlogLogger(logger, () => work.closing, (p) => { progress = p; }))
    .then(async (p) => {
      progress = p;
      return { ...p, linked: await svc.link.linkPending() };
    })
    .catch((err: unknown) => {
      if (!(err instanceof Stopping)) logger.error({ err }, 'recording backlog scan failed');
      return null;
    }));
  host.onClose(async () => {
    for (const off of offs) off();
    stopRetention();
    clearInterval(linker);
    await work.close();
    await svc.ingest.close();
  });
  logger.info({ spoolDir: deps.spoolDir, transcoding: svc.ingest.transcoding, retentionDays: deps.defaultRetentionDays ?? null, policy: policy.defaultMode }, 'recordings started');
  return { ...svc, store: deps.store, spoolDir: deps.spoolDir, policy, backlog, ingestCall };
}

/** call.ended → ingest; call.answered → MixMonitor when the policy says `always` (once per call). */
function wireCti(cti: CtiWiring, policy: RecordingPolicy, logger: Logger, onEnded: (call: TrackedCall) => void): (() => void)[] {
  const started = new Set<string>();
  const canRecord = cti.driver.capabilities.has('record');
  const offs = [cti.runtime.events.on('call.ended', ({ call }) => {
    started.delete(call.callId);
    if (call.recordings.length) onEnded(call);
  })];
  if (!canRecord) return offs;
  // `never` means never: a user's on-demand start (or resume) is refused for such a call
  cti.control.setRecordingGate((call) => {
    const extensions = [...Object.keys(call.extensionChannels), ...(call.direction === 'inbound' ? [] : [call.from ?? ''])];
    return decideRecording(policy, { direction: call.direction, queue: call.queue, extensions }) === 'never'
      ? 'the recording policy says this call is never recorded' : null;
  });
  offs.push(cti.runtime.events.on('call.answered', ({ call, extension }) => {
    if (started.has(call.callId) || call.recordings.length) return;
    const mode = decideRecording(policy, { direction: call.direction, queue: call.queue, extensions: [extension, ...(call.direction === 'inbound' ? [] : [call.from ?? ''])] });
    const channel = call.customerChannel ?? call.extensionChannels[extension];
    if (mode !== 'always' || !channel) return;
    started.add(call.callId);
    const file = `zari-${call.callId.replace(/[^0-9A-Za-z.-]/g, '')}-${Date.now()}.wav`;
    cti.driver.startRecording(channel, file).then(
      () => logger.info({ callId: call.callId, file }, 'recording started by policy'),
      (err: unknown) => logger.warn({ err, callId: call.callId }, 'recording by policy failed'),
    );
  }));
  return offs;
}
