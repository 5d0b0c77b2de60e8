import type { DeviceState, TrackedCall } from '../../cti/index.js';
import type { WallboardStats } from './realtime-events.js';

/**
 * Live wallboard figures for supervisors: calls ringing and talking now (from the tracker's live calls),
 * inbound calls answered (when answered) and missed (when ended) today; seeded at start from the call log, so a
 * restart does not zero a supervisor's board; reset at local midnight.
 */
export class WallboardCounter {
  private day: string;
  private answered = 0;
  private missed = 0;
  /** calls already counted as answered today */
  private readonly answeredIds = new Set<string>();

  constructor(private readonly now: () => number = Date.now) {
    this.day = dayOf(now());
  }

  /** calls of today before this node started (from the call log) */
  seed(counts: { answered: number; missed: number }): void {
    this.rollover();
    this.answered += counts.answered;
    this.missed += counts.missed;
  }

  /** an inbound call was answered: it counts now, not when it ends (a wallboard shows the queue of customers) */
  answeredCall(call: TrackedCall): void {
    this.rollover();
    if (call.direction !== 'inbound' || this.answeredIds.has(call.callId)) return;
    this.answeredIds.add(call.callId);
    this.answered++;
  }

  /** count an ended call: missed, or answered if that was not seen live */
  ended(call: TrackedCall): void {
    this.rollover();
    if (call.direction !== 'inbound') return;
    if (call.missed) this.missed++;
    else if (call.answeredAt !== null) this.answeredCall(call);
    this.answeredIds.delete(call.callId);
  }

  stats(live: readonly TrackedCall[], extensions: Readonly<Record<string, DeviceState>>): WallboardStats {
    this.rollover();
    let ringing = 0;
    let talking = 0;
    for (const call of live) {
      if (call.state === 'ringing') ringing++;
      else if (call.state === 'connected' || call.state === 'held') talking++;
    }
    return { at: this.now(), ringing, talking, answeredToday: this.answered, missedToday: this.missed, extensions: { ...extensions } };
  }

  private rollover(): void {
    const today = dayOf(this.now());
    if (today === this.day) return;
    this.day = today;
    this.answered = 0;
    this.missed = 0;
    this.answeredIds.clear();
  }
}

function dayOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}
