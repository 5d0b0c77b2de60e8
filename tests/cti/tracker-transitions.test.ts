/** The transition tables of the call and leg state machines, entry by entry. */
import {
  callStates, callTable, callTransition, legPhases, legTable, legTransition,
  type CallState, type CallTrigger, type LegPhase, type LegTrigger,
} from '../../cti/domain/call-transitions.js';

const callRows = Object.entries(callTable).flatMap(([from, row]) =>
  Object.entries(row).map(([trigger, to]) => [from, trigger, to] as [CallState, CallTrigger, CallState | 'same']));
const legRows = Object.entries(legTable).flatMap(([from, row]) =>
  Object.entries(row).map(([trigger, to]) => [from, trigger, to] as [LegPhase, LegTrigger, LegPhase | 'same']));

describe('call state machine', () => {
  it('has the drawn transitions', () => {
    expect(callRows).toEqual([
      ['ringing', 'answer', 'connected'], ['ringing', 'end', 'ended'], ['ringing', 'unhold', 'same'],
      ['connected', 'answer', 'same'], ['connected', 'hold', 'held'], ['connected', 'unhold', 'same'], ['connected', 'end', 'ended'],
      ['held', 'answer', 'same'], ['held', 'hold', 'same'], ['held', 'unhold', 'connected'], ['held', 'end', 'ended'],
    ]);
  });

  it.each(callRows)('%s --%s--> %s is allowed', (from, trigger, to) => {
    expect(callTransition(from, trigger)).toBe(to);
    if (to !== 'same') expect(callStates).toContain(to);
  });

  it.each([
    ['ringing', 'hold'], ['ended', 'answer'], ['ended', 'hold'], ['ended', 'unhold'], ['ended', 'end'],
  ] as [CallState, CallTrigger][])('%s --%s--> is refused', (from, trigger) => {
    expect(callTransition(from, trigger)).toBeNull();
  });

  it('ended is terminal and reachable from every other state', () => {
    expect(Object.keys(callTable.ended)).toEqual([]);
    for (const s of callStates.filter((x) => x !== 'ended')) expect(callTransition(s, 'end')).toBe('ended');
  });
});

describe('leg state machine', () => {
  it('has the drawn transitions', () => {
    expect(legRows).toEqual([
      ['created', 'dial', 'dialing'], ['created', 'ring', 'ringing'], ['created', 'answer', 'up'], ['created', 'hangup', 'gone'],
      ['dialing', 'ring', 'ringing'], ['dialing', 'answer', 'up'], ['dialing', 'hangup', 'gone'],
      ['ringing', 'dial', 'same'], ['ringing', 'answer', 'up'], ['ringing', 'hangup', 'gone'],
      ['up', 'answer', 'same'], ['up', 'hangup', 'gone'],
    ]);
  });

  it.each(legRows)('%s --%s--> %s is allowed', (from, trigger, to) => {
    expect(legTransition(from, trigger)).toBe(to);
    if (to !== 'same') expect(legPhases).toContain(to);
  });

  it.each([
    ['dialing', 'dial'], ['ringing', 'ring'], ['up', 'ring'], ['up', 'dial'],
    ['gone', 'hangup'], ['gone', 'answer'], ['gone', 'ring'], ['gone', 'dial'],
  ] as [LegPhase, LegTrigger][])('%s --%s--> is refused', (from, trigger) => {
    expect(legTransition(from, trigger)).toBeNull();
  });

  it('gone is terminal and reachable from every live phase', () => {
    expect(Object.keys(legTable.gone)).toEqual([]);
    for (const p of legPhases.filter((x) => x !== 'gone')) expect(legTransition(p, 'hangup')).toBe('gone');
  });
});
