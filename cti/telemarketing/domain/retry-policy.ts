import type { CallingWindow, RetryOutcome, RetryRules } from './campaign.schema.js';
import { nextWindowOpening } from './local-time.js';

/**
 * When to dial again after a PBX result (busy, no answer, failed, abandoned) or a 'retry'
 * disposition: the n-th retry waits rules[outcome][n-1] minutes; past the list the entry is exhausted.
 * The time is then moved into the callee's calling window (automatic rescheduling).
 */
export type RetryDecision = { retry: true; at: Date; delayMinutes: number } | { retry: false; reason: 'retries_exhausted' };

export function nextRetry(
  outcome: RetryOutcome | 'disposition', retriesSoFar: number, rules: RetryRules, now: Date, timeZone: string, window: CallingWindow,
): RetryDecision {
  const delays = rules[outcome];
  const delay = delays[retriesSoFar];
  if (delay === undefined) return { retry: false, reason: 'retries_exhausted' };
  const at = nextWindowOpening(new Date(now.getTime() + delay * 60_000), timeZone, window);
  return { retry: true, at, delayMinutes: delay };
}
