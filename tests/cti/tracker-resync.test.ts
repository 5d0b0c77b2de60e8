/**
 * Resync after a reconnect: a call in progress across the reconnect is neither lost nor duplicated; a
 * call that ended while we were away is closed exactly once; a restarted zari picks live calls up.
 */
import type { CallEvent, PbxEvent } from '../../cti/domain/call-event.js';
import { CallTracker } from '../../cti/domain/call-tracker.js';
import { mapAmiFrame } from '../../cti/drivers/asterisk-ami/map-ami-event.js';
import { silentLogger } from '../../kernel/index.js';
import { asExpected, comparable, expectedCalls, fixtureEvents, fixtureFrames, replay } from '../helpers/ami-frames.js';

const expected01 = comparable(expectedCalls()['01-inbound-answered']![0]!);
const CALL = '1795829496.0';

/** Fixture 01's events, split right after the answer (both legs entered the bridge). */
function fixture01(): { answered: PbxEvent[]; rest: PbxEvent[] } {
  const events = fixtureEvents('01-inbound-answered');
  const cut = events.findLastIndex((e) => e.type === 'leg.bridged') + 1;
  return { answered: events.slice(0, cut), rest: events.slice(cut) };
}

/** What a CoreShowChannels during fixture 01's talk would report: fixture 14's items with 01's ids. */
function resyncOf01(at: number): PbxEvent[] {
  const ids: [string, string][] = [
    ['1795829703.36', '1795829496.0'], ['1795829703.37', '1795829496.1'],
    ['trunk-00000022', 'trunk-00000000'], ['201-00000023', '201-00000001'],
  ];
  const legs = fixtureFrames('14-core-show-channels-live')
    .filter((f) => f.fields.Event === 'CoreShowChannel')
    .map((f) => {
      let text = JSON.stringify(f);
      for (const [from, to] of ids) text = text.split(from).join(to);
      return mapAmiFrame(JSON.parse(text) as typeof f, at);
    })
    .flat();
  expect(legs).toHaveLength(2);
  return [{ type: 'resync.begin', at }, ...legs, { type: 'resync.complete', at, liveCallIds: [CALL] }];
}

describe('call tracker resync', () => {
  it('a resync in the middle of fixture 01 neither loses nor duplicates the call', () => {
    const { answered, rest } = fixture01();
    const tracker = new CallTracker({ logger: silentLogger() });
    const { ended, warnings } = replay(answered, tracker);
    const [begin, ...others] = resyncOf01(answered.at(-1)!.at + 1);
    tracker.handle(begin!);
    expect(tracker.get(CALL)?.unconfirmed).toBe(true);
    for (const e of others) tracker.handle(e);
    expect(tracker.liveCalls()).toHaveLength(1);
    expect(tracker.get(CALL)).toMatchObject({ unconfirmed: false, state: 'connected', answeredBy: '201' });
    for (const e of rest) tracker.handle(e);
    expect(warnings).toEqual([]);
    expect(ended.map(asExpected)).toEqual([expected01]);
  });

  it('events lost while disconnected: the resync fills in, the call still ends once', () => {
    const { answered, rest } = fixture01();
    const lost = answered.filter((e) => e.type !== 'leg.bridged' && !(e.type === 'leg.state' && e.state === 'up'));
    const { ended } = replay([...lost, ...resyncOf01(lost.at(-1)!.at + 1), ...rest]);
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ answeredBy: '201', outcome: 'answered', missed: false, direction: 'inbound' });
  });

  it('a restarted zari picks up a live call from the resync alone', () => {
    const { rest } = fixture01();
    const tracker = new CallTracker({ logger: silentLogger() });
    const updates: string[] = [];
    tracker.events.on('call.updated', ({ call }) => updates.push(call.callId));
    const { ended } = replay([...resyncOf01(1), ...rest], tracker);
    expect(updates.length).toBeGreaterThan(0);
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({
      callId: CALL, direction: 'inbound', from: '+995322123456', to: '5550100', did: '5550100',
      answeredBy: '201', finalParty: '201', outcome: 'answered', missed: false,
    });
  });

  it('a call that ended while disconnected is closed once, and late events are dropped', () => {
    const { answered, rest } = fixture01();
    const at = answered.at(-1)!.at + 1;
    const { ended, warnings, tracker } = replay([...answered, { type: 'resync.begin', at }, { type: 'resync.complete', at, liveCallIds: [] }]);
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ outcome: 'answered', answeredBy: '201', endedAt: at });
    for (const e of rest) tracker.handle(e);
    expect(ended).toHaveLength(1);
    expect(warnings.length).toBeGreaterThan(0);
    expect(tracker.liveCalls()).toEqual([]);
  });

  it('fixture 14: a driver-style resync (CoreShowChannels) during a live call changes nothing', () => {
    const events: PbxEvent[] = [];
    const live: string[] = [];
    fixtureFrames('14-core-show-channels-live').forEach((f, i) => {
      if (f.fields.ActionID === 'csc-1' && f.fields.EventList === 'start') events.push({ type: 'resync.begin', at: i });
      if (f.fields.Event === 'CoreShowChannel' && f.fields.Linkedid !== undefined) live.push(f.fields.Linkedid);
      if (f.fields.Event === 'CoreShowChannelsComplete') events.push({ type: 'resync.complete', at: i, liveCallIds: live });
      events.push(...mapAmiFrame(f, i));
    });
    expect(events.filter((e) => e.type === 'leg.created' && e.resync === true)).toHaveLength(2);
    const { ended, warnings } = replay(events);
    expect(warnings).toEqual([]);
    expect(ended.map(asExpected)).toEqual(expectedCalls()['14-core-show-channels-live']!.map(comparable));
  });

  it('legs the resync does not report are dropped (a queue member stopped ringing while away)', () => {
    const events = fixtureEvents('07-queue-answered');
    const cut = events.findIndex((e) => e.type === 'leg.state' && e.state === 'up' && e.legId === '1795829625.24');
    const tracker = new CallTracker({ logger: silentLogger() });
    replay(events.slice(0, cut), tracker);
    expect(tracker.get('1795829625.22')?.ringingNow).toEqual(['201', '202']);
    const reported = events.filter((e): e is Extract<CallEvent, { type: 'leg.created' }> => e.type === 'leg.created' && e.leg.legId !== '1795829625.23');
    tracker.handle({ type: 'resync.begin', at: 1 });
    for (const e of reported) tracker.handle({ ...e, resync: true });
    tracker.handle({ type: 'resync.complete', at: 2, liveCallIds: ['1795829625.22'] });
    expect(tracker.get('1795829625.22')).toMatchObject({ ringingNow: ['202'], extensionChannels: { '202': 'PJSIP/202-00000016' } });
  });
});
