import { z } from 'zod';
import { ZariError } from '../../kernel/index.js';

/**
 * Which calls are recorded: `always` (zari starts MixMonitor when the call is answered), `never`, or
 * `on-demand` (only when a user presses record). Overrides by direction, queue and extension; the most
 * specific wins: extension > queue > direction > default.
 */
export const recordModes = ['always', 'never', 'on-demand'] as const;
export type RecordMode = (typeof recordModes)[number];
const modeSchema = z.enum(recordModes);

export interface RecordingPolicy {
  readonly defaultMode: RecordMode;
  readonly byDirection: Readonly<Record<string, RecordMode>>;
  readonly byQueue: Readonly<Record<string, RecordMode>>;
  readonly byExtension: Readonly<Record<string, RecordMode>>;
}

export interface PolicySubject {
  readonly direction: 'inbound' | 'outbound' | 'internal';
  readonly queue: string | null;
  /** extensions of the call's own users (answered, dialed) */
  readonly extensions: readonly string[];
}

/** "inbound:always,internal:never" (already split) → a map; refuses unknown modes. */
export function parseOverrides(entries: readonly string[], what: string): Record<string, RecordMode> {
  const out: Record<string, RecordMode> = {};
  for (const entry of entries) {
    const at = entry.lastIndexOf(':');
    const key = entry.slice(0, at).trim();
    const mode = modeSchema.safeParse(entry.slice(at + 1).trim());
    if (at <= 0 || !key || !mode.success) {
      throw new ZariError('validation_failed', `invalid ${what} recording override ${JSON.stringify(entry)} (expected key:always|never|on-demand)`);
    }
    out[key] = mode.data;
  }
  return out;
}

export function recordingPolicyOf(cfg: {
  readonly recordPolicy: RecordMode; readonly recordPolicyByDirection: readonly string[];
  readonly recordPolicyByQueue: readonly string[]; readonly recordPolicyByExtension: readonly string[];
}): RecordingPolicy {
  return {
    defaultMode: cfg.recordPolicy,
    byDirection: parseOverrides(cfg.recordPolicyByDirection, 'direction'),
    byQueue: parseOverrides(cfg.recordPolicyByQueue, 'queue'),
    byExtension: parseOverrides(cfg.recordPolicyByExtension, 'extension'),
  };
}

/** The mode for one call. An extension set to `never` wins over one set to `always` (privacy first). */
export function decideRecording(policy: RecordingPolicy, call: PolicySubject): RecordMode {
  const own = call.extensions.map((e) => policy.byExtension[e]).filter((m): m is RecordMode => m !== undefined);
  if (own.length) return own.includes('never') ? 'never' : own.includes('always') ? 'always' : 'on-demand';
  const queue = call.queue === null ? undefined : policy.byQueue[call.queue];
  return queue ?? policy.byDirection[call.direction] ?? policy.defaultMode;
}
