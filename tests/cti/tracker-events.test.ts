/** What the tracker publishes while calls happen: pops, answers, transfers, updates, lamps, warnings. */
import type { PbxEvent } from '../../cti/domain/call-event.js';
import { CallTracker } from '../../cti/domain/call-tracker.js';
import type { CallTrackerEvents } from '../../cti/domain/tracked-call.js';
import { mapAmiFrame } from '../../cti/drivers/asterisk-ami/map-ami-event.js';
import { silentLogger } from '../../kernel/index.js';
import { fixtureEvents, timedFixtureFrames } from '../helpers/ami-frames.js';

type Log = { [K in keyof CallTrackerEvents]: CallTrackerEvents[K][] };

function record(events: readonly PbxEvent[], tracker = new CallTracker({ logger: silentLogger() })) {
  const log: Log = { 'call.ringing': [], 'call.answered': [], 'call.transferred': [], 'call.updated': [], 'call.ended': [], 'extension.state': [], warning: [] };
  for (const name of Object.keys(log) as (keyof Log)[]) tracker.events.on(name, (p: unknown) => {
    (log[name] as unknown[]).push(p);
  });
  for (const e of events) tracker.handle(e);
  return { log, tracker };
}

describe('call tracker events', () => {
  it.each(['07-queue-answered', '08-queue-abandoned'])('%s: each extension rings once (ring-all queue)', (name) => {
    const { log } = record(fixtureEvents(name));
    expect(log['call.ringing'].map((r) => r.extension).sort()).toEqual(['201', '202']);
    expect(log['call.ringing'][1]?.call.ringingNow).toEqual(['201', '202']);
  });

  it('07: the answer is announced once, then the loser stops ringing', () => {
    const { log } = record(fixtureEvents('07-queue-answered'));
    expect(log['call.answered'].map((a) => a.extension)).toEqual(['202']);
    expect(log['call.answered'][0]?.call).toMatchObject({ state: 'connected', answeredBy: '202', ringingNow: ['201'] });
    const later = log['call.updated'].map((u) => u.call).filter((c) => c.answeredBy === '202');
    expect(later.at(-1)?.ringingNow).toEqual([]);
  });

  it('01: a call pops, is answered, updates and ends once; the busy lamp follows', () => {
    const { log } = record(fixtureEvents('01-inbound-answered'));
    expect(log['call.ringing']).toHaveLength(1);
    expect(log['call.ringing'][0]).toMatchObject({ extension: '201', call: { state: 'ringing', externalNumber: '+995322123456', did: '5550100' } });
    expect(log['call.answered'][0]?.call.extensionChannels).toEqual({ '201': 'PJSIP/201-00000001' });
    expect(log['call.answered'][0]?.call.customerChannel).toBe('PJSIP/trunk-00000000');
    expect(log['call.updated'].length).toBeGreaterThan(3);
    expect(log['call.updated'].every((u) => u.call.state !== 'ended')).toBe(true);
    expect(log['call.ended']).toHaveLength(1);
    expect(log['extension.state']).toEqual([
      { extension: '201', state: 'ringing' }, { extension: '201', state: 'inuse' }, { extension: '201', state: 'idle' },
    ]);
    expect(log.warning).toEqual([]);
  });

  it.each([
    ['05a-blind-transfer-ami-redirect', 'blind', '201', '202'],
    ['05b-blind-transfer-sip-refer', 'blind', '201', '202'],
    ['05c-blind-transfer-ami-blindtransfer', 'blind', '201', '202'],
    ['06-attended-transfer-ami-atxfer', 'attended', '201', '301'],
  ])('%s: one call.transferred (%s %s → %s)', (name, kind, from, to) => {
    const { log } = record(fixtureEvents(name));
    expect(log['call.transferred'].map(({ kind: k, from: f, to: t }) => ({ k, f, t }))).toEqual([{ k: kind, f: from, t: to }]);
  });

  it('06: during the consultation the caller is held and still talks to 201', () => {
    const { log } = record(fixtureEvents('06-attended-transfer-ami-atxfer'));
    const answered301 = log['call.answered'].find((a) => a.extension === '301');
    expect(answered301?.call).toMatchObject({ state: 'held', finalParty: '201', answeredBy: '201' });
    expect(log['call.ended'][0]?.call).toMatchObject({ finalParty: '301', state: 'ended' });
  });

  it('11: hold time is measured from Hold to Unhold (4 s), the call is held meanwhile', () => {
    let shift = 0;
    const events = timedFixtureFrames('11-hold-unhold').flatMap(({ frame, at }) => {
      if (frame.fields.Event === 'Unhold') shift = 4_000;
      return mapAmiFrame(frame, at + shift);
    });
    const states: string[] = [];
    const tracker = new CallTracker({ logger: silentLogger() });
    tracker.events.on('call.updated', ({ call }) => states.push(call.state));
    const { log } = record(events, tracker);
    expect(states).toContain('held');
    expect(states.at(-1)).toBe('connected');
    expect(log['call.ended'][0]?.call.holdSeconds).toBe(4);
  });

  it('ring and talk seconds come from the event times', () => {
    const events = fixtureEvents('01-inbound-answered', 0, 100);
    const { log } = record(events);
    const call = log['call.ended'][0]!.call;
    expect(call.ringSeconds).toBe(Math.round((call.answeredAt! - call.startedAt) / 1000));
    expect(call.talkSeconds).toBe(Math.round((call.endedAt! - call.answeredAt!) / 1000));
    expect(call.talkSeconds).toBeGreaterThan(0);
  });

  it('never throws: garbage, unknown calls and a failing listener are survived', () => {
    const tracker = new CallTracker({ logger: silentLogger() });
    tracker.events.on('call.ringing', () => {
      throw new Error('listener bug');
    });
    const { log } = record([
      { type: 'leg.state', at: 1, callId: 'nope', legId: 'x', state: 'up' },
      { type: 'leg.hangup', at: 1, callId: 'nope', legId: 'x', cause: 16, causeText: null },
      {} as PbxEvent,
      null as unknown as PbxEvent,
      ...fixtureEvents('02-inbound-missed'),
    ], tracker);
    expect(log.warning.map((w) => w.reason)).toEqual(['event for an unknown call', 'event for an unknown call', 'event for an unknown call']);
    expect(log.warning[0]).toMatchObject({ callId: 'nope', legId: 'x', type: 'leg.state' });
    expect(log['call.ended'][0]?.call).toMatchObject({ outcome: 'missed', missed: true });
    expect(tracker.warningCount).toBe(3);
  });

  it('a custom classifier decides what is an extension', () => {
    const tracker = new CallTracker({ logger: silentLogger(), classifyEndpoint: (endpoint) => (endpoint === 'trunk' ? 'trunk' : 'extension') });
    const { log } = record(fixtureEvents('10-internal-call'), tracker);
    expect(log['call.ended'][0]?.call).toMatchObject({ direction: 'internal', from: '201', to: '202' });
    const everythingExternal = new CallTracker({ logger: silentLogger(), classifyEndpoint: () => 'trunk' });
    const { log: log2 } = record(fixtureEvents('10-internal-call'), everythingExternal);
    expect(log2['call.ended'][0]?.call).toMatchObject({ direction: 'inbound', rang: [], missed: false });
  });

  it('snapshots are frozen and JSON-serialisable', () => {
    const { log } = record(fixtureEvents('06-attended-transfer-ami-atxfer'));
    const call = log['call.ended'][0]!.call;
    expect(Object.isFrozen(call)).toBe(true);
    expect(JSON.parse(JSON.stringify(call))).toEqual(call);
  });
});
