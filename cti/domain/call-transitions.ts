/**
 * The two state machines of the call tracker, as data. Every change of a call's or a leg's state goes
 * through `callTransition` / `legTransition`; a pair that is not in the table is refused (the tracker
 * drops the event with a warning). `same` means "allowed, nothing changes" (a known, harmless repeat).
 *
 * Call (one per PBX call, Asterisk Linkedid):
 *
 *            answer                hold
 *   ringing ────────▶ connected ◀──────▶ held
 *      │                  │      unhold    │
 *      │ end              │ end            │ end
 *      └──────────────▶ ended ◀────────────┘
 *
 *   ringing: nobody (no person) has answered yet — ringing phones, IVR, queue waiting.
 *   connected: a person answered (later answers — transfer targets — keep it connected).
 *   held: at least one leg is on hold. A held leg that hangs up counts as unhold.
 *   ended: the last leg is gone (or a resync found the call gone). Nothing leaves `ended`.
 *
 * Leg (one per channel, Asterisk Uniqueid):
 *
 *   created ──dial──▶ dialing ──ring──▶ ringing ──answer──▶ up ──hangup──▶ gone
 *      │  └───────────ring──────────────▲   │                ▲
 *      └──────────────answer─────────────────┼────────────────┘  (any live phase) ──hangup──▶ gone
 *
 *   created: the channel exists (a caller's own channel stays here until it is up).
 *   dialing: a DialBegin targets it. ringing: its phone rings. up: answered. gone: hung up.
 */
export const callStates = ['ringing', 'connected', 'held', 'ended'] as const;
export type CallState = (typeof callStates)[number];
export type CallTrigger = 'answer' | 'hold' | 'unhold' | 'end';

export const legPhases = ['created', 'dialing', 'ringing', 'up', 'gone'] as const;
export type LegPhase = (typeof legPhases)[number];
export type LegTrigger = 'dial' | 'ring' | 'answer' | 'hangup';

type Table<S extends string, T extends string> = Readonly<Record<S, Readonly<Partial<Record<T, S | 'same'>>>>>;

export const callTable: Table<CallState, CallTrigger> = {
  ringing: { answer: 'connected', end: 'ended', unhold: 'same' },
  connected: { answer: 'same', hold: 'held', unhold: 'same', end: 'ended' },
  held: { answer: 'same', hold: 'same', unhold: 'connected', end: 'ended' },
  ended: {},
};

export const legTable: Table<LegPhase, LegTrigger> = {
  created: { dial: 'dialing', ring: 'ringing', answer: 'up', hangup: 'gone' },
  dialing: { ring: 'ringing', answer: 'up', hangup: 'gone' },
  ringing: { dial: 'same', answer: 'up', hangup: 'gone' },
  up: { answer: 'same', hangup: 'gone' },
  gone: {},
};

/** The next call state, `same` (allowed no-op), or null (forbidden: drop with a warning). */
export function callTransition(from: CallState, trigger: CallTrigger): CallState | 'same' | null {
  return callTable[from][trigger] ?? null;
}

/** The next leg phase, `same` (allowed no-op), or null (forbidden: drop with a warning). */
export function legTransition(from: LegPhase, trigger: LegTrigger): LegPhase | 'same' | null {
  return legTable[from][trigger] ?? null;
}
