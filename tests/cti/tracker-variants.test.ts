/**
 * Variations the fixtures do not record, derived from them or written leg by leg: an outbound call
 * dialed from the phone, an unanswered one, a queue whose members are Local channels (FreePBX style),
 * and a phone-initiated attended transfer whose consultation is a second PBX call.
 */
import type { DialStatus, LegInfo, PbxEvent } from '../../cti/domain/call-event.js';
import { fixtureEvents, replay } from '../helpers/ami-frames.js';

const isOriginate = (e: PbxEvent) => (e.type === 'dial.begin' || e.type === 'dial.end') && e.fromLegId === null;

describe('call tracker variants', () => {
  it('outbound dialed from the phone (09 without the Originate): 201 → 0551234567', () => {
    const events = fixtureEvents('09-click-to-dial').filter((e) => !isOriginate(e) && !(e.type === 'leg.state' && e.legId === '1795829651.28' && e.state === 'ringing'));
    const { ended, warnings } = replay(events);
    expect(warnings).toEqual([]);
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({
      direction: 'outbound', from: '201', to: '0551234567', externalNumber: '0551234567', rang: [],
      answeredBy: '201', finalParty: '201', outcome: 'answered', missed: false, customerChannel: 'PJSIP/trunk-0000001b',
    });
  });

  it.each([['busy', 'busy'], ['noanswer', 'no-answer'], ['chanunavail', 'failed']] as [DialStatus, string][])(
    'outbound, the callee says %s → %s (never a missed call)', (status, outcome) => {
      const trunk = '1795829653.29';
      const events = fixtureEvents('09-click-to-dial')
        .filter((e) => !(e.type === 'leg.state' && e.legId === trunk && e.state === 'up') && e.type !== 'leg.bridged')
        .map((e) => (e.type === 'dial.end' && e.toLegId === trunk ? { ...e, status } : e));
      const { ended } = replay(events);
      expect(ended[0]).toMatchObject({ direction: 'outbound', outcome, missed: false, answeredBy: '201' });
    });

  it('queue with Local members: the agent behind the Local pair answered', () => {
    const { ended, warnings } = replay(queueViaLocal());
    expect(warnings).toEqual([]);
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({
      direction: 'inbound', from: '+995322123456', to: '5550200', rang: ['201', '202'], answeredBy: '201',
      finalParty: '201', outcome: 'answered', missed: false, queue: 'support',
    });
  });

  it('attended transfer from the phone: the consultation is a second call', () => {
    const { ended, warnings } = replay(attendedAcrossCalls());
    expect(warnings).toEqual([]);
    const a = ended.find((c) => c.callId === 'A.0');
    const b = ended.find((c) => c.callId === 'B.0');
    expect(a).toMatchObject({ direction: 'inbound', answeredBy: '201', finalParty: '301', outcome: 'answered' });
    expect(a?.transfers.map(({ kind, from, to }) => ({ kind, from, to }))).toEqual([{ kind: 'attended', from: '201', to: '301' }]);
    expect(b).toMatchObject({ direction: 'internal', from: '201', to: '301', answeredBy: '301', outcome: 'answered', missed: false });
  });
});

// ---- hand-written event sequences ----

let clock = 0;
const at = () => (clock += 100);

function leg(callId: string, legId: string, channel: string, over: Partial<LegInfo> = {}): PbxEvent {
  const local = channel.startsWith('Local/');
  const endpoint = local ? null : channel.slice(channel.indexOf('/') + 1, channel.lastIndexOf('-'));
  return {
    type: 'leg.created', at: at(), callId, leg: {
      legId, channel, endpoint, local, callerNumber: endpoint, callerName: null, connectedNumber: null,
      connectedName: null, context: 'internal', exten: 's', state: 'down', ...over,
    },
  };
}
const state = (callId: string, legId: string, s: 'ringing' | 'up'): PbxEvent => ({ type: 'leg.state', at: at(), callId, legId, state: s });
const dial = (callId: string, from: string, to: string): PbxEvent => ({ type: 'dial.begin', at: at(), callId, fromLegId: from, toLegId: to, dialString: null });
const dialEnd = (callId: string, from: string, to: string, status: DialStatus): PbxEvent => ({ type: 'dial.end', at: at(), callId, fromLegId: from, toLegId: to, status });
const bridge = (callId: string, legId: string, bridgeId: string): PbxEvent => ({ type: 'leg.bridged', at: at(), callId, legId, bridgeId });
const hangup = (callId: string, legId: string): PbxEvent => ({ type: 'leg.hangup', at: at(), callId, legId, cause: 16, causeText: null });

function queueViaLocal(): PbxEvent[] {
  const c = 'Q.0';
  const caller = { callerNumber: '+995322123456', callerName: 'Acme Ltd', context: 'from-trunk', exten: '5550200', state: 'ring' as const };
  return [
    leg(c, 'Q.0', 'PJSIP/trunk-00000100', caller), state(c, 'Q.0', 'up'),
    { type: 'queue.joined', at: at(), callId: c, legId: 'Q.0', queue: 'support', position: 1 },
    leg(c, 'Q.1', 'Local/201@from-queue-00000010;1'), leg(c, 'Q.2', 'Local/201@from-queue-00000010;2'),
    leg(c, 'Q.3', 'Local/202@from-queue-00000011;1'), leg(c, 'Q.4', 'Local/202@from-queue-00000011;2'),
    dial(c, 'Q.0', 'Q.1'), dial(c, 'Q.0', 'Q.3'),
    leg(c, 'Q.5', 'PJSIP/201-00000101'), dial(c, 'Q.2', 'Q.5'), state(c, 'Q.5', 'ringing'),
    leg(c, 'Q.6', 'PJSIP/202-00000102'), dial(c, 'Q.4', 'Q.6'), state(c, 'Q.6', 'ringing'),
    state(c, 'Q.5', 'up'), dialEnd(c, 'Q.2', 'Q.5', 'answer'), state(c, 'Q.1', 'up'), dialEnd(c, 'Q.0', 'Q.1', 'answer'),
    dialEnd(c, 'Q.0', 'Q.3', 'cancel'), dialEnd(c, 'Q.4', 'Q.6', 'cancel'), hangup(c, 'Q.6'), hangup(c, 'Q.4'), hangup(c, 'Q.3'),
    { type: 'queue.connected', at: at(), callId: c, legId: 'Q.0', queue: 'support', memberLegId: 'Q.1', member: 'Local/201@from-queue', holdSeconds: 3 },
    bridge(c, 'Q.2', 'Y'), bridge(c, 'Q.5', 'Y'), bridge(c, 'Q.1', 'X'), bridge(c, 'Q.0', 'X'),
    hangup(c, 'Q.0'), hangup(c, 'Q.1'), hangup(c, 'Q.2'), hangup(c, 'Q.5'),
  ];
}

function attendedAcrossCalls(): PbxEvent[] {
  const caller = { callerNumber: '+995322123456', callerName: 'Acme Ltd', context: 'from-trunk', exten: '5550100', state: 'ring' as const };
  return [
    leg('A.0', 'A.0', 'PJSIP/trunk-00000200', caller), leg('A.0', 'A.1', 'PJSIP/201-00000201'), dial('A.0', 'A.0', 'A.1'),
    state('A.0', 'A.1', 'ringing'), state('A.0', 'A.1', 'up'), dialEnd('A.0', 'A.0', 'A.1', 'answer'), state('A.0', 'A.0', 'up'),
    bridge('A.0', 'A.1', 'AB'), bridge('A.0', 'A.0', 'AB'),
    { type: 'leg.hold', at: at(), callId: 'A.0', legId: 'A.1', held: true },
    leg('B.0', 'B.0', 'PJSIP/201-00000202', { exten: '301', state: 'ring' }), leg('B.0', 'B.1', 'PJSIP/301-00000203'),
    dial('B.0', 'B.0', 'B.1'), state('B.0', 'B.1', 'ringing'), state('B.0', 'B.1', 'up'), dialEnd('B.0', 'B.0', 'B.1', 'answer'),
    state('B.0', 'B.0', 'up'), bridge('B.0', 'B.1', 'BB'), bridge('B.0', 'B.0', 'BB'),
    { type: 'transfer.attended', at: at(), callId: 'A.0', transfererLegId: 'A.1', transfereeLegId: 'A.0', targetLegId: 'B.1', success: true, targetNumber: '301' },
    hangup('A.0', 'A.1'), hangup('B.0', 'B.0'), bridge('A.0', 'A.0', 'BB'), bridge('B.0', 'B.1', 'BB'),
    hangup('A.0', 'A.0'), hangup('B.0', 'B.1'),
  ];
}
