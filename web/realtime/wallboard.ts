import type { DeviceState, TrackedCall } from '../../cti/index.js';
import type { WallboardStats } from './realtime-events.js';

/**
 * Live wallboard figures for supervisors: calls ringing and talking now (from the tracker's live calls),
 * inbound calls answered and missed today (counted by this node since it started; reset at local midnight).
 */
export class WallboardCounter {
  private day: string;
  private answered = 0;
  private missed = 0;

  constructor(private readonly now: () => number = Date.now) {
    this.day = dayOf(now());
  }

  /** count an ended call (inbound only: a wallboard shows the queue of customers) */
  ended(call: TrackedCall): void {
    this.rollover();
    if (call.direction !== 'inbound') return;
    if (call.missed) this.missed++;
    else if (call.answeredAt !== null) this.answered++;
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
  }
}

function dayOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}
