import type { Actor, IdentifyResult } from '../../crm-core/index.js';
import type { TrackedCall } from '../../cti/index.js';
import type { PopCard, ScreenPop } from './realtime-events.js';

/** A user the pop service may show a call to (the user bound to a ringing extension). */
export interface PopUser {
  readonly id: number;
  readonly name: string;
  readonly actor: Actor;
}

export interface UserPop {
  readonly user: PopUser;
  readonly extension: string;
  pop: ScreenPop;
}

export interface UserActive {
  readonly user: PopUser;
  card: PopCard;
}

/**
 * What the pop service knows about one live call: the latest tracker snapshot, the caller identification
 * (started once per call), the users it pops at (ringing) and the users talking on it (active).
 */
export interface CallEntry {
  call: TrackedCall;
  readonly lookup: Promise<void>;
  /** null until identification answered (or when there is no number to identify) */
  result: IdentifyResult | null;
  settled: boolean;
  /** a pending card went out: send the real one when identification answers */
  pendingSent: boolean;
  readonly pops: Map<number, UserPop>;
  readonly active: Map<number, UserActive>;
}

/** Resolves after `ms` or when `p` settles, whichever comes first (the timer never outlives the race). */
export async function timeBox(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([p.then(() => undefined, () => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The number identification runs on: the outside party, else (internal call) the calling extension. */
export function numberToIdentify(call: TrackedCall): string | null {
  const raw = call.externalNumber ?? (call.direction === 'internal' ? call.from : null);
  return raw === null || raw.trim() === '' ? null : raw;
}
