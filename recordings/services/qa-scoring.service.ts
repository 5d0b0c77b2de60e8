import { z } from 'zod';
import { ZariError, type Db } from '../../kernel/index.js';
import type { RecordingView } from '../domain/recording.js';
import { toView } from './map-recording.js';

/**
 * QA scorecards and the review queue. Criteria are configured as "key:weight" (e.g. greeting:20); a
 * reviewer gives each criterion 0–100 and the recording's score is the weighted mean, 0–100, with an
 * optional comment. The review queue lists committed recordings with audio that nobody scored yet.
 */
export interface QaCriterion {
  readonly key: string;
  readonly weight: number;
}

export interface ScoreView {
  readonly id: number;
  readonly reviewerId: number | null;
  readonly score: number;
  readonly criteria: Readonly<Record<string, number>>;
  readonly comment: string | null;
  readonly createdAt: Date;
}

const criterionEntry = /^([a-z][a-z0-9_-]{0,39}):(\d{1,3})$/;

/** "greeting:20,needs:30" (already split) → criteria; at least one, unique keys, positive weights. */
export function parseQaCriteria(entries: readonly string[]): QaCriterion[] {
  const out: QaCriterion[] = [];
  for (const entry of entries) {
    const m = criterionEntry.exec(entry.trim());
    if (!m?.[1] || !m[2] || Number(m[2]) <= 0) throw new ZariError('validation_failed', `invalid QA criterion ${JSON.stringify(entry)} (expected key:weight)`);
    if (out.some((c) => c.key === m[1])) throw new ZariError('validation_failed', `QA criterion ${m[1]} listed twice`);
    out.push({ key: m[1], weight: Number(m[2]) });
  }
  if (!out.length) throw new ZariError('validation_failed', 'at least one QA criterion is needed');
  return out;
}

export const scoreInputSchema = z.object({
  /** criterion key → 0..100 */
  criteria: z.record(z.string().max(40), z.number().int().min(0).max(100)),
  comment: z.string().trim().max(2000).optional(),
});
export type ScoreInput = z.infer<typeof scoreInputSchema>;

/** The weighted mean of the criteria, rounded: 0–100. Every configured criterion must be scored, no others. */
export function weightedScore(criteria: readonly QaCriterion[], given: Readonly<Record<string, number>>): number {
  const unknown = Object.keys(given).filter((k) => !criteria.some((c) => c.key === k));
  const missing = criteria.filter((c) => given[c.key] === undefined).map((c) => c.key);
  if (unknown.length || missing.length) {
    throw new ZariError('validation_failed', 'the scorecard does not match the configured criteria', { unknown, missing });
  }
  const total = criteria.reduce((sum, c) => sum + c.weight, 0);
  return Math.round(criteria.reduce((sum, c) => sum + c.weight * (given[c.key] ?? 0), 0) / total);
}

const scoreRecord = z.record(z.string(), z.number());

function toScoreView(r: { id: number; reviewerId: number | null; score: number; criteria: string; comment: string | null; createdAt: Date }): ScoreView {
  let criteria: Record<string, number> = {};
  try {
    const parsed = scoreRecord.safeParse(JSON.parse(r.criteria));
    if (parsed.success) criteria = parsed.data;
  } catch {
    // kept empty
  }
  return { id: r.id, reviewerId: r.reviewerId, score: r.score, criteria, comment: r.comment, createdAt: r.createdAt };
}

export interface ReviewQueueQuery {
  readonly limit: number;
  readonly offset: number;
  readonly minDurationMs?: number | undefined;
}

export class QaScoringService {
  constructor(private readonly deps: { readonly db: Db; readonly criteria: readonly QaCriterion[] }) {}

  get criteria(): readonly QaCriterion[] {
    return this.deps.criteria;
  }

  /** Scores a recording (its row id, already authorised by the caller). */
  async score(recordingId: number, reviewerId: number | null, input: ScoreInput): Promise<ScoreView> {
    const score = weightedScore(this.deps.criteria, input.criteria);
    const row = await this.deps.db.recordingScore.create({
      data: { recordingId, reviewerId, score, criteria: JSON.stringify(input.criteria), comment: input.comment ?? null },
    });
    return toScoreView(row);
  }

  async list(recordingId: number): Promise<ScoreView[]> {
    const rows = await this.deps.db.recordingScore.findMany({ where: { recordingId }, orderBy: { id: 'asc' } });
    return rows.map(toScoreView);
  }

  /** Committed recordings with audio and no score yet, oldest first (first in, first reviewed). */
  async reviewQueue(q: ReviewQueueQuery): Promise<{ items: RecordingView[]; total: number }> {
    const where = {
      state: 'committed', audioDeletedAt: null, storageKey: { not: null }, scores: { none: {} },
      ...(q.minDurationMs !== undefined ? { durationMs: { gte: q.minDurationMs } } : {}),
    };
    const db = this.deps.db.recording;
    const [rows, total] = await Promise.all([
      db.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], skip: q.offset, take: q.limit }),
      db.count({ where }),
    ]);
    return { items: rows.map(toView), total };
  }
}
