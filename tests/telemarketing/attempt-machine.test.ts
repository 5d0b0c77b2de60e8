import { attemptStates, attemptTable, attemptTransition, attemptTriggers, DialAttemptMachine, type AttemptState, type AttemptTrigger } from '../../cti/index.js';

const allowed: [AttemptState, AttemptTrigger, AttemptState, string | undefined][] = [
  ['queued', 'originate', 'dialing', undefined],
  ['queued', 'cancel', 'ended', 'cancelled'],
  ['dialing', 'ring', 'ringing', undefined],
  ['dialing', 'answer', 'answered', undefined],
  ['dialing', 'busy', 'ended', 'busy'],
  ['dialing', 'fail', 'ended', 'failed'],
  ['dialing', 'no_answer', 'ended', 'no_answer'],
  ['dialing', 'cancel', 'ended', 'cancelled'],
  ['ringing', 'answer', 'answered', undefined],
  ['ringing', 'busy', 'ended', 'busy'],
  ['ringing', 'no_answer', 'ended', 'no_answer'],
  ['ringing', 'fail', 'ended', 'failed'],
  ['ringing', 'cancel', 'ended', 'cancelled'],
  ['answered', 'connect', 'connected', 'answered'],
  ['answered', 'abandon', 'ended', 'abandoned'],
  ['answered', 'hangup', 'ended', 'abandoned'],
  ['connected', 'hangup', 'wrapup', undefined],
  ['wrapup', 'dispose', 'ended', undefined],
];

describe('dial attempt state machine', () => {
  it.each(allowed)('%s --%s--> %s (result %s)', (from, trigger, to, result) => {
    expect(attemptTransition(from, trigger)).toEqual(result ? { ok: true, to, result } : { ok: true, to });
  });

  const refused = attemptStates.flatMap((s) => attemptTriggers.filter((t) => !allowed.some(([f, tr]) => f === s && tr === t)).map((t) => [s, t] as const));
  it.each(refused)('%s refuses %s', (from, trigger) => {
    expect(attemptTransition(from, trigger)).toEqual({ ok: false, reason: 'not_allowed' });
  });

  it('the table has exactly the listed transitions, and ended is terminal', () => {
    const count = Object.values(attemptTable).reduce((n, row) => n + Object.keys(row).length, 0);
    expect(count).toBe(allowed.length);
    expect(attemptTable.ended).toEqual({});
  });

  it('a machine walks a connected call and records its result and timestamps', () => {
    const m = new DialAttemptMachine(0);
    for (const [t, at] of [['originate', 1], ['ring', 2], ['answer', 9], ['connect', 10], ['hangup', 100], ['dispose', 120]] as const) expect(m.apply(t, at)).toBe(true);
    expect(m.state).toBe('ended');
    expect(m.result).toBe('answered');
    expect(m.history.map((h) => h.state)).toEqual(['queued', 'dialing', 'ringing', 'answered', 'connected', 'wrapup', 'ended']);
    expect(m.apply('answer', 130)).toBe(false);
  });

  it('an answered customer nobody takes is abandoned', () => {
    const m = new DialAttemptMachine();
    m.apply('originate', 0); m.apply('answer', 5);
    expect(m.apply('abandon', 7)).toBe(true);
    expect(m.result).toBe('abandoned');
  });
});
