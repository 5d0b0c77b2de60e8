import { z } from 'zod';
import type { Prisma } from '../../kernel/index.js';
import type { RecordingState, RecordingView } from '../domain/recording.js';

export type RecordingRow = Prisma.RecordingModel;

const peaksSchema = z.array(z.number().min(0).max(1));

export function parsePeaks(text: string | null): number[] {
  if (!text) return [];
  try {
    const parsed = peaksSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Row → view: nothing about source paths or storage keys leaves the context. */
export function toView(row: RecordingRow): RecordingView {
  return {
    publicId: row.publicId,
    state: row.state as RecordingState,
    failReason: row.failReason,
    callKey: row.callKey,
    interactionId: row.interactionId,
    clientId: row.clientId,
    durationMs: row.durationMs,
    codec: row.codec,
    sizeBytes: row.sizeBytes,
    hasAudio: row.state === 'committed' && row.storageKey !== null && row.audioDeletedAt === null,
    peaks: parsePeaks(row.peaks),
    legalHold: row.legalHold,
    retentionDays: row.retentionDays,
    expiresAt: row.expiresAt,
    audioDeletedAt: row.audioDeletedAt,
    createdAt: row.createdAt,
  };
}

/** expiresAt = from + days; null when no policy applies. */
export function expiryOf(from: Date, days: number | null | undefined): Date | null {
  return days === null || days === undefined ? null : new Date(from.getTime() + days * 86_400_000);
}
