import { WallboardCounter } from '../../web/realtime/wallboard.js';
import type { TrackedCall } from '../../cti/index.js';

/** The supervisor's wallboard: answered counts when answered (once), missed when ended; seeded; reset at midnight. */
const call = (callId: string, patch: Partial<TrackedCall> = {}): TrackedCall => ({
  callId, direction: 'inbound', missed: false, answeredAt: null, state: 'ringing', ...patch,
} as TrackedCall);

describe('WallboardCounter', () => {
  it('counts an answered call at once and only once, a missed call when it ends, and the seed from the call log', () => {
    let now = new Date(2026, 10, 28, 10, 0).getTime();
    const w = new WallboardCounter(() => now);
    w.seed({ answered: 5, missed: 2 });
    const a = call('a', { answeredAt: now, state: 'connected' });
    w.answeredCall(a);
    w.answeredCall(a); // transferred: answered again by another extension
    expect(w.stats([a], {})).toMatchObject({ answeredToday: 6, missedToday: 2, talking: 1 });
    w.ended(a);
    w.ended(call('m', { missed: true }));
    w.ended(call('o', { direction: 'outbound', answeredAt: now }));
    w.ended(call('late', { answeredAt: now })); // answered while this node was away: counted at the end
    expect(w.stats([], {})).toMatchObject({ answeredToday: 7, missedToday: 3, ringing: 0, talking: 0 });
    now = new Date(2026, 10, 29, 0, 1).getTime();
    expect(w.stats([], {})).toMatchObject({ answeredToday: 0, missedToday: 0 });
  });
});
