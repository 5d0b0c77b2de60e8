/**
 * The tracker under bad delivery: every event twice, events slightly out of order, garbage. It must
 * never throw, must warn about what it drops, and must still produce the calls of expected.json.
 */
import type { PbxEvent } from '../../cti/domain/call-event.js';
import { asExpected, comparable, expectedCalls, fixtureEvents, replay } from '../helpers/ami-frames.js';

const scenarios = Object.entries(expectedCalls());

/** Swap neighbours at a deterministic spread of positions (seeded, reproducible). */
function shuffleSlightly(events: readonly PbxEvent[], seed: number): PbxEvent[] {
  const out = [...events];
  let x = seed;
  for (let i = 0; i + 1 < out.length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    if (x % 4 !== 0) continue;
    const a = out[i]!;
    out[i] = out[i + 1]!;
    out[i + 1] = a;
    i++;
  }
  return out;
}

describe('call tracker robustness', () => {
  it.each(scenarios)('%s: every event delivered twice → same calls, warnings, no throw', (name, calls) => {
    const events = fixtureEvents(name).flatMap((e) => [e, e]);
    const { ended, warnings, tracker } = replay(events);
    expect(ended.map(asExpected)).toEqual(calls.map(comparable));
    expect(warnings.length).toBeGreaterThan(0);
    expect(tracker.liveCalls()).toEqual([]);
  });

  it.each(scenarios)('%s: slightly shuffled → same calls', (name, calls) => {
    for (const seed of [1, 2, 3]) {
      const { ended, tracker } = replay(shuffleSlightly(fixtureEvents(name), seed));
      expect(ended.map(asExpected)).toEqual(calls.map(comparable));
      expect(tracker.liveCalls()).toEqual([]);
    }
  });
});
