/**
 * One dial attempt as a state machine (transition table, every pair tested):
 *
 *   queued ──originate──▶ dialing ──ring──▶ ringing ──answer──▶ answered ──connect──▶ connected ──hangup──▶ wrapup ──dispose──▶ ended
 *     │                     │ answer ───────────────────────────▲   │                                                       ▲
 *     │ cancel              │ busy / fail / cancel      ringing: busy / no_answer / fail / cancel ──────────────────────────────┤
 *     └─────────────────────┴──────────────────────────────────────────────────────────────────────────────────────────────▶ ended
 *                                                     answered: abandon (nobody free within the connect time) / hangup ──▶ ended
 *
 *   queued: chosen by the dialer (preview: the card is on the telemarketer's screen).
 *   answered: the customer picked up; a telemarketer must be connected within `connectWithinSeconds`,
 *   else the call is abandoned (a short message is played) and counted against the abandon cap.
 *   wrapup: the telemarketer records answers and the disposition. ended: terminal.
 * A pair not in the table is refused (the dialer logs and drops the event).
 */
export const attemptStates = ['queued', 'dialing', 'ringing', 'answered', 'connected', 'wrapup', 'ended'] as const;
export type AttemptState = (typeof attemptStates)[number];

export const attemptTriggers = ['originate', 'ring', 'answer', 'connect', 'abandon', 'hangup', 'busy', 'no_answer', 'fail', 'cancel', 'dispose'] as const;
export type AttemptTrigger = (typeof attemptTriggers)[number];

/** The PBX-level result of an attempt (the disposition is the telemarketer's, separately). */
export type AttemptResult = 'answered' | 'busy' | 'no_answer' | 'failed' | 'abandoned' | 'cancelled';

type Row = Partial<Record<AttemptTrigger, { to: AttemptState; result?: AttemptResult }>>;

export const attemptTable: Readonly<Record<AttemptState, Row>> = {
  queued: { originate: { to: 'dialing' }, cancel: { to: 'ended', result: 'cancelled' } },
  dialing: {
    ring: { to: 'ringing' }, answer: { to: 'answered' }, busy: { to: 'ended', result: 'busy' },
    fail: { to: 'ended', result: 'failed' }, no_answer: { to: 'ended', result: 'no_answer' }, cancel: { to: 'ended', result: 'cancelled' },
  },
  ringing: {
    answer: { to: 'answered' }, busy: { to: 'ended', result: 'busy' }, no_answer: { to: 'ended', result: 'no_answer' },
    fail: { to: 'ended', result: 'failed' }, cancel: { to: 'ended', result: 'cancelled' },
  },
  answered: { connect: { to: 'connected', result: 'answered' }, abandon: { to: 'ended', result: 'abandoned' }, hangup: { to: 'ended', result: 'abandoned' } },
  connected: { hangup: { to: 'wrapup' } },
  wrapup: { dispose: { to: 'ended' } },
  ended: {},
};

export type AttemptStep = { ok: true; to: AttemptState; result?: AttemptResult } | { ok: false; reason: 'not_allowed' };

export function attemptTransition(from: AttemptState, trigger: AttemptTrigger): AttemptStep {
  const t = attemptTable[from][trigger];
  if (!t) return { ok: false, reason: 'not_allowed' };
  return t.result ? { ok: true, to: t.to, result: t.result } : { ok: true, to: t.to };
}

/** A small holder that applies triggers and remembers the result and timestamps. */
export class DialAttemptMachine {
  private current: AttemptState = 'queued';
  private outcome: AttemptResult | null = null;
  readonly history: { state: AttemptState; at: number }[] = [];

  constructor(at = 0) { this.history.push({ state: 'queued', at }); }

  get state(): AttemptState { return this.current; }
  get result(): AttemptResult | null { return this.outcome; }

  /** Applies a trigger; returns false (state unchanged) when the table refuses it. */
  apply(trigger: AttemptTrigger, at: number): boolean {
    const step = attemptTransition(this.current, trigger);
    if (!step.ok) return false;
    this.current = step.to;
    if (step.result) this.outcome = step.result;
    this.history.push({ state: step.to, at });
    return true;
  }
}
