import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ZariError, type Logger } from '../../kernel/index.js';
import type { Actor, AuditLogService } from '../../crm-core/index.js';
import {
  parseByteRange, publicIdSchema, type BacklogProgress, recordingSearchSchema, scoreInputSchema, type QaScoringService, type RecordingAccessService,
  type RecordingQueryService, type RecordingSearchService, type RetentionService,
} from '../../recordings/index.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { recordingPlayerRoutes } from './recording-player.js';
import { who } from './route-common.js';

/**
 * Call recordings at the web edge: search, metadata with waveform peaks, streaming with HTTP Range,
 * download (MP3 / Opus), QA scores, the review queue, legal hold and the storage usage report.
 * Every recording is addressed by its random publicId (never a path); each play or download is
 * authorised by RecordingAccessService and written to the audit log (ADR 0011).
 */
export interface RecordingRoutesDeps {
  readonly query: RecordingQueryService;
  readonly search: RecordingSearchService;
  readonly access: RecordingAccessService;
  readonly qa: QaScoringService;
  readonly retention: Pick<RetentionService, 'setLegalHold' | 'usageReport'>;
  readonly audit: Pick<AuditLogService, 'record'>;
  readonly logger: Logger;
  /** the start-up backlog scan's progress (null: none ran / not yet started) */
  readonly backlog?: () => BacklogProgress | null;
  /** repeated range requests of one user on one recording within this window are one audited play (default 10 min) */
  readonly playAuditWindowMs?: number;
}

const admins = { roles: ['admin', 'supervisor'] } as const;
const idParams = z.object({ publicId: publicIdSchema });
const reviewQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  minDurationSec: z.coerce.number().int().min(0).max(86_400).optional(),
});
const downloadQuery = z.object({ format: z.enum(['mp3', 'opus']).default('mp3') });

/** Streams to the client; a client that goes away (seeking players do, all the time) is not an error. */
async function send(stream: Readable, res: Response, logger: Logger): Promise<void> {
  try {
    await pipeline(stream, res);
  } catch (err) {
    stream.destroy();
    logger.debug({ err }, 'recording stream ended early');
  }
}

/** The one audit gate for plays: every first request, then at most once per window per user and recording. */
function playAuditor(deps: RecordingRoutesDeps): (actor: Actor, publicId: string, req: Request) => Promise<void> {
  const window = deps.playAuditWindowMs ?? 600_000;
  const seen = new Map<string, number>();
  return async (actor, publicId, req) => {
    const key = `${actor.userId}:${publicId}`;
    const now = Date.now();
    const last = seen.get(key);
    if (last !== undefined && now - last < window) return;
    if (seen.size > 10_000) seen.clear();
    seen.set(key, now);
    await deps.audit.record(actor, 'recording.play', 'recording', publicId, { range: req.headers.range ?? null }, undefined, req.ip);
  };
}

function audioHeaders(res: Response, contentType: string, size: number, range: { start: number; end: number } | null): void {
  res.status(range ? 206 : 200);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Length', String(range ? range.end - range.start + 1 : size));
  if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
}

function streamRoutes(deps: RecordingRoutesDeps): RouteDef[] {
  const auditPlay = playAuditor(deps);
  return [
    defineRoute({
      method: 'get', path: '/api/recordings/:publicId/audio', operationId: 'streamRecording', tags: ['recordings'],
      summary: 'The audio (Ogg/Opus, or WAV without ffmpeg); HTTP Range → 206, bad ranges → 416', access: 'session',
      params: idParams, produces: ['audio/ogg', 'audio/wav'],
      handler: async ({ actor, params, req, res }) => {
        const a = who(actor);
        await deps.access.authorize(a, 'play', params.publicId);
        const info = await deps.query.audioInfo(params.publicId);
        let range: { start: number; end: number } | null;
        try {
          range = parseByteRange(req.headers.range, info.sizeBytes);
        } catch (e) {
          res.setHeader('Content-Range', `bytes */${info.sizeBytes}`);
          throw e;
        }
        await auditPlay(a, params.publicId, req);
        const opened = await deps.query.openAudio(params.publicId, range ?? undefined);
        audioHeaders(res, info.contentType, opened.sizeBytes, range ? opened.range : null);
        await send(opened.stream, res, deps.logger);
        return undefined;
      },
    }),
    defineRoute({
      method: 'get', path: '/api/recordings/:publicId/download', operationId: 'downloadRecording', tags: ['recordings'],
      summary: 'Download as MP3 (transcoded on the fly) or Opus (as stored); audited', access: 'session',
      params: idParams, query: downloadQuery, produces: ['audio/mpeg', 'audio/ogg'],
      handler: async ({ actor, params, query, req, res }) => {
        const a = who(actor);
        await deps.access.authorize(a, 'download', params.publicId);
        const info = await deps.query.audioInfo(params.publicId);
        if (query.format === 'opus' && info.contentType !== 'audio/ogg') {
          throw new ZariError('capability_missing', 'this recording is kept as WAV (no ffmpeg at ingest): download it as mp3 once ffmpeg is installed');
        }
        const stream = query.format === 'mp3' ? await deps.query.exportMp3(params.publicId) : (await deps.query.openAudio(params.publicId)).stream;
        await deps.audit.record(a, 'recording.download', 'recording', params.publicId, { format: query.format }, undefined, req.ip);
        res.status(200);
        res.setHeader('Content-Type', query.format === 'mp3' ? 'audio/mpeg' : 'audio/ogg');
        res.setHeader('Content-Disposition', `attachment; filename="recording-${params.publicId}.${query.format}"`);
        res.setHeader('Cache-Control', 'private, no-store');
        if (query.format === 'opus') res.setHeader('Content-Length', String(info.sizeBytes));
        await send(stream, res, deps.logger);
        return undefined;
      },
    }),
  ];
}

function listRoutes(deps: RecordingRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/recordings', operationId: 'searchRecordings', tags: ['recordings'],
      summary: 'Search recordings (date, user, client, phone, outcome, duration, tag); only those you may play', access: 'session',
      query: recordingSearchSchema,
      handler: async ({ actor, query }) => deps.search.search(who(actor), query),
    }),
    defineRoute({
      method: 'get', path: '/api/recordings/review-queue', operationId: 'recordingReviewQueue', tags: ['recordings'],
      summary: 'Recordings waiting for a QA review (committed, with audio, no score yet), oldest first', access: admins,
      query: reviewQuery,
      handler: async ({ query }) => {
        const page = await deps.qa.reviewQueue({ limit: query.limit, offset: query.offset, minDurationMs: query.minDurationSec === undefined ? undefined : query.minDurationSec * 1000 });
        return { ...page, limit: query.limit, offset: query.offset, criteria: deps.qa.criteria };
      },
    }),
    defineRoute({
      method: 'get', path: '/api/recordings/usage', operationId: 'recordingStorageUsage', tags: ['recordings'],
      summary: 'Storage usage report (recordings, bytes, audio time, legal holds, expiring soon) and the backlog scan progress', access: admins,
      handler: async () => ({ ...(await deps.retention.usageReport()), backlog: deps.backlog?.() ?? null }),
    }),
    defineRoute({
      method: 'get', path: '/api/recordings/qa-criteria', operationId: 'recordingQaCriteria', tags: ['recordings'],
      summary: 'The configured QA scorecard criteria (key and weight)', access: 'session',
      handler: async () => ({ items: deps.qa.criteria }),
    }),
  ];
}

function itemRoutes(deps: RecordingRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/recordings/:publicId', operationId: 'getRecording', tags: ['recordings'],
      summary: 'One recording: metadata, waveform peaks, links (and QA scores for reviewers)', access: 'session', params: idParams,
      handler: async ({ actor, params }) => {
        const a = who(actor);
        const id = await deps.access.authorize(a, 'play', params.publicId);
        const view = await deps.query.get(params.publicId);
        const base = `/api/recordings/${params.publicId}`;
        const reviewer = a.role === 'admin' || a.role === 'supervisor';
        return {
          ...view, audioUrl: `${base}/audio`, downloadUrl: `${base}/download`, playerUrl: `/recordings/${params.publicId}/player`,
          scores: reviewer ? await deps.qa.list(id) : null,
        };
      },
    }),
    defineRoute({
      method: 'post', path: '/api/recordings/:publicId/scores', operationId: 'scoreRecording', tags: ['recordings'],
      summary: 'A QA scorecard: every configured criterion 0–100 → weighted score 0–100, with a comment', access: 'session',
      status: 201, params: idParams, body: scoreInputSchema,
      handler: async ({ actor, params, body, req }) => {
        const a = who(actor);
        const id = await deps.access.authorize(a, 'score', params.publicId);
        const score = await deps.qa.score(id, a.userId || null, body);
        await deps.audit.record(a, 'recording.score', 'recording', params.publicId, { score: score.score }, undefined, req.ip);
        return score;
      },
    }),
    defineRoute({
      method: 'put', path: '/api/recordings/:publicId/legal-hold', operationId: 'setRecordingLegalHold', tags: ['recordings'],
      summary: 'Set or clear the legal hold (a held recording is never deleted by retention)', access: 'session',
      params: idParams, body: z.object({ hold: z.boolean() }),
      handler: async ({ actor, params, body, req }) => {
        const a = who(actor);
        await deps.access.authorize(a, 'legal-hold', params.publicId);
        const view = await deps.retention.setLegalHold(params.publicId, body.hold);
        await deps.audit.record(a, body.hold ? 'recording.legal-hold.set' : 'recording.legal-hold.clear', 'recording', params.publicId, {}, undefined, req.ip);
        return { publicId: view.publicId, legalHold: view.legalHold, expiresAt: view.expiresAt };
      },
    }),
  ];
}

/** Static paths first: `/api/recordings/usage` must not be taken for a publicId. */
export function recordingRoutes(deps: RecordingRoutesDeps): RouteDef[] {
  return [...listRoutes(deps), ...streamRoutes(deps), ...itemRoutes(deps), ...recordingPlayerRoutes({ access: deps.access })];
}
