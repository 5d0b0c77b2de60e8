import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * The ingest state machine of one recording:
 *
 *   discovered ──▶ hashing ──▶ transcoding ──▶ stored ──▶ committed
 *        │            │             │            │
 *        └────────────┴─────────────┴────────────┴──▶ failed (failReason)
 *
 * A new source's row is created directly in `hashing` (its `discovered` write would be resumed
 * the same way); `discovered` is where a resumed row restarts.
 * Only `committed` and `failed` are terminal; the source file is removed or archived only after
 * the row reached one of them. Any other state found at start is resumed from the source.
 */
export const recordingStates = ['discovered', 'hashing', 'transcoding', 'stored', 'committed', 'failed'] as const;
export type RecordingState = (typeof recordingStates)[number];

export const transitions: Readonly<Record<RecordingState, readonly RecordingState[]>> = {
  discovered: ['hashing', 'failed'],
  hashing: ['transcoding', 'failed'],
  transcoding: ['stored', 'failed'],
  stored: ['committed', 'failed'],
  committed: [],
  failed: [],
};

export function canTransition(from: RecordingState, to: RecordingState): boolean {
  return transitions[from].includes(to);
}

export const isTerminal = (s: RecordingState): boolean => s === 'committed' || s === 'failed';

/** What happened to the PBX's source file after the terminal state. */
export type SourceState = 'pending' | 'removed' | 'archived' | 'missing';

/** Why an ingest failed: a stable code, then a human message in failReason ("code: message"). */
export type FailCode = 'empty_file' | 'not_wav' | 'truncated_header' | 'bad_format' | 'no_data_chunk' | 'no_audio' | 'transcode_failed' | 'source_missing';

export const recordingLinkSchema = z.object({
  callKey: z.string().min(1).max(200).nullable().optional(),
  interactionId: z.number().int().positive().nullable().optional(),
  clientId: z.number().int().positive().nullable().optional(),
});
export type RecordingLink = z.infer<typeof recordingLinkSchema>;

/** 128 random bits, base64url: unguessable, URL-safe, reveals nothing about paths or times. */
export function newPublicId(): string {
  return randomBytes(16).toString('base64url');
}

export const publicIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'invalid recording id');

/** A recording as other contexts see it: no file paths, no storage keys. */
export interface RecordingView {
  readonly publicId: string;
  readonly state: RecordingState;
  readonly failReason: string | null;
  readonly callKey: string | null;
  readonly interactionId: number | null;
  readonly clientId: number | null;
  readonly durationMs: number | null;
  readonly codec: string | null;
  readonly sizeBytes: number | null;
  readonly hasAudio: boolean;
  readonly peaks: readonly number[];
  readonly legalHold: boolean;
  readonly retentionDays: number | null;
  readonly expiresAt: Date | null;
  readonly audioDeletedAt: Date | null;
  readonly createdAt: Date;
}
