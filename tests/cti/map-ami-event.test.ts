/** mapAmiFrame, table-tested on real frames of the Asterisk 22.10.1 transcripts. */
import type { AmiFrame } from '../../cti/drivers/asterisk-ami/ami-frame.js';
import { mapAmiFrame, mappedAmiEvents } from '../../cti/drivers/asterisk-ami/map-ami-event.js';
import { fixtureFrames, splitAmiFrames } from '../helpers/ami-frames.js';

const AT = 1_000;
const fixtures = [
  '01-inbound-answered', '02-inbound-missed', '03-inbound-noanswer-timeout', '04-inbound-busy',
  '05a-blind-transfer-ami-redirect', '05b-blind-transfer-sip-refer', '05c-blind-transfer-ami-blindtransfer',
  '06-attended-transfer-ami-atxfer', '07-queue-answered', '08-queue-abandoned', '09-click-to-dial', '10-internal-call',
  '11-hold-unhold', '12-recording-ami-mixmonitor', '14-core-show-channels-live', '15-extension-state-list',
  '16-device-state-list', '17-pjsip-show-endpoints', '18-queue-status', '19-stasis-answer-hangup', '20-fax-receive-local',
];

/** The n-th frame (0-based) of `event` in a fixture that also matches `where`. */
function frame(fixture: string, event: string, n = 0, where: (f: AmiFrame) => boolean = () => true): AmiFrame {
  const found = fixtureFrames(fixture).filter((f) => f.fields.Event === event && where(f))[n];
  if (found === undefined) throw new Error(`${fixture}: no ${event} #${n}`);
  return found;
}

const leg201 = {
  legId: '1795829496.1', channel: 'PJSIP/201-00000001', endpoint: '201', local: false,
  callerNumber: '201', callerName: 'Operator 201', connectedNumber: null, connectedName: null,
  context: 'internal', exten: 's', state: 'down',
};

const cases: [string, AmiFrame, unknown[]][] = [
  ['Newchannel (trunk, DID)', frame('01-inbound-answered', 'Newchannel'), [{
    type: 'leg.created', at: AT, callId: '1795829496.0', leg: {
      legId: '1795829496.0', channel: 'PJSIP/trunk-00000000', endpoint: 'trunk', local: false,
      callerNumber: '+995322123456', callerName: 'Acme Ltd', connectedNumber: null, connectedName: null,
      context: 'from-trunk', exten: '5550100', state: 'ring',
    },
  }]],
  ['Newchannel (callee leg)', frame('01-inbound-answered', 'Newchannel', 1), [{ type: 'leg.created', at: AT, callId: '1795829496.0', leg: leg201 }]],
  ['Newchannel (Local ;1)', frame('06-attended-transfer-ami-atxfer', 'Newchannel', 2), [{
    type: 'leg.created', at: AT, callId: '1795829606.17', leg: (expect.objectContaining as (o: object) => unknown)({
      legId: '1795829611.19', channel: 'Local/301@internal-00000000;1', endpoint: null, local: true, callerNumber: null,
    }),
  }]],
  ['Newstate Ringing', frame('01-inbound-answered', 'Newstate'), [{ type: 'leg.state', at: AT, callId: '1795829496.0', legId: '1795829496.1', state: 'ringing' }]],
  ['Newstate Up', frame('01-inbound-answered', 'Newstate', 1), [{ type: 'leg.state', at: AT, callId: '1795829496.0', legId: '1795829496.1', state: 'up' }]],
  ['NewCallerid (Originate)', frame('09-click-to-dial', 'NewCallerid'), [{
    type: 'leg.updated', at: AT, callId: '1795829651.28', legId: '1795829651.28', patch: { callerNumber: '0551234567', callerName: 'Click2Dial' },
  }]],
  ['NewConnectedLine', frame('01-inbound-answered', 'NewConnectedLine'), [{
    type: 'leg.updated', at: AT, callId: '1795829496.0', legId: '1795829496.1', patch: { connectedNumber: '+995322123456', connectedName: 'Acme Ltd' },
  }]],
  ['Newexten priority 1 (Redirect lands in internal/202)', frame('05a-blind-transfer-ami-redirect', 'Newexten', 0, (f) => f.fields.Exten === '202' && f.fields.Priority === '1'), [{
    type: 'leg.updated', at: AT, callId: '1795829559.8', legId: '1795829559.8', patch: { context: 'internal', exten: '202' },
  }]],
  ['Newexten priority 2 (noise)', frame('01-inbound-answered', 'Newexten', 1), []],
  ['DialBegin', frame('01-inbound-answered', 'DialBegin'), [{
    type: 'dial.begin', at: AT, callId: '1795829496.0', fromLegId: '1795829496.0', toLegId: '1795829496.1', dialString: '201',
  }]],
  ['DialBegin of Originate (Dest* only)', frame('09-click-to-dial', 'DialBegin'), [{
    type: 'dial.begin', at: AT, callId: '1795829651.28', fromLegId: null, toLegId: '1795829651.28', dialString: '201',
  }]],
  ['DialEnd of Originate (Dest* only)', frame('09-click-to-dial', 'DialEnd'), [{
    type: 'dial.end', at: AT, callId: '1795829651.28', fromLegId: null, toLegId: '1795829651.28', status: 'answer',
  }]],
  ['DialEnd ANSWER', frame('01-inbound-answered', 'DialEnd'), [{ type: 'dial.end', at: AT, callId: '1795829496.0', fromLegId: '1795829496.0', toLegId: '1795829496.1', status: 'answer' }]],
  ['DialEnd CANCEL', frame('02-inbound-missed', 'DialEnd'), [expect.objectContaining({ type: 'dial.end', status: 'cancel' })]],
  ['DialEnd NOANSWER', frame('03-inbound-noanswer-timeout', 'DialEnd'), [expect.objectContaining({ type: 'dial.end', status: 'noanswer' })]],
  ['DialEnd BUSY', frame('04-inbound-busy', 'DialEnd'), [expect.objectContaining({ type: 'dial.end', status: 'busy' })]],
  ['BridgeEnter', frame('01-inbound-answered', 'BridgeEnter'), [{
    type: 'leg.bridged', at: AT, callId: '1795829496.0', legId: '1795829496.1', bridgeId: '9a01d67f-a2c7-4ef1-a6ed-1e5a07a70a8d',
  }]],
  ['BridgeLeave', frame('01-inbound-answered', 'BridgeLeave'), [{
    type: 'leg.unbridged', at: AT, callId: '1795829496.0', legId: '1795829496.0', bridgeId: '9a01d67f-a2c7-4ef1-a6ed-1e5a07a70a8d',
  }]],
  ['Hold', frame('11-hold-unhold', 'Hold'), [{ type: 'leg.hold', at: AT, callId: '1795829675.32', legId: '1795829675.33', held: true }]],
  ['Unhold', frame('11-hold-unhold', 'Unhold'), [{ type: 'leg.hold', at: AT, callId: '1795829675.32', legId: '1795829675.33', held: false }]],
  ['Hangup', frame('01-inbound-answered', 'Hangup'), [{
    type: 'leg.hangup', at: AT, callId: '1795829496.0', legId: '1795829496.0', cause: 16, causeText: 'Normal Clearing',
  }]],
  ['QueueCallerJoin', frame('07-queue-answered', 'QueueCallerJoin'), [{
    type: 'queue.joined', at: AT, callId: '1795829625.22', legId: '1795829625.22', queue: 'support', position: 1,
  }]],
  ['QueueCallerLeave', frame('07-queue-answered', 'QueueCallerLeave'), [{ type: 'queue.left', at: AT, callId: '1795829625.22', legId: '1795829625.22', queue: 'support' }]],
  ['AgentConnect', frame('07-queue-answered', 'AgentConnect'), [{
    type: 'queue.connected', at: AT, callId: '1795829625.22', legId: '1795829625.22', queue: 'support',
    memberLegId: '1795829625.24', member: 'Operator 202', holdSeconds: 4,
  }]],
  ['QueueCallerAbandon', frame('08-queue-abandoned', 'QueueCallerAbandon'), [{
    type: 'queue.abandoned', at: AT, callId: '1795829638.25', legId: '1795829638.25', queue: 'support', holdSeconds: 8,
  }]],
  ['BlindTransfer (REFER)', frame('05b-blind-transfer-sip-refer', 'BlindTransfer'), [{
    type: 'transfer.blind', at: AT, callId: '1795829574.11', transfererLegId: '1795829574.12',
    transfereeLegId: '1795829574.11', target: '202', success: true,
  }]],
  ['AttendedTransfer (Atxfer)', frame('06-attended-transfer-ami-atxfer', 'AttendedTransfer'), [{
    type: 'transfer.attended', at: AT, callId: '1795829606.17', transfererLegId: '1795829606.18',
    transfereeLegId: '1795829606.17', targetLegId: null, success: true, targetNumber: '301',
  }]],
  ['LocalBridge', frame('06-attended-transfer-ami-atxfer', 'LocalBridge'), [{
    type: 'leg.local-pair', at: AT, callId: '1795829606.17', legId1: '1795829611.19', legId2: '1795829611.20',
  }]],
  ['LocalOptimizationEnd', frame('06-attended-transfer-ami-atxfer', 'LocalOptimizationEnd'), [expect.objectContaining({ type: 'leg.local-pair', legId1: '1795829611.19' })]],
  ['MixMonitorStart', frame('12-recording-ami-mixmonitor', 'MixMonitorStart'), [{
    type: 'recording.started', at: AT, callId: '1795829691.34', legId: '1795829691.34', file: null,
  }]],
  ['MixMonitorStop', frame('12-recording-ami-mixmonitor', 'MixMonitorStop'), [{ type: 'recording.stopped', at: AT, callId: '1795829691.34', legId: '1795829691.34' }]],
  ['VarSet MIXMONITOR_FILENAME', frame('01-inbound-answered', 'VarSet', 0, (f) => f.fields.Variable === 'MIXMONITOR_FILENAME'), [{
    type: 'recording.file', at: AT, callId: '1795829496.0', legId: '1795829496.0', file: '/var/spool/asterisk/monitor/1795829496.0.wav',
  }]],
  ['VarSet BRIDGEPEER (noise)', frame('01-inbound-answered', 'VarSet', 0, (f) => f.fields.Variable === 'BRIDGEPEER'), []],
  ['DeviceStateChange', frame('01-inbound-answered', 'DeviceStateChange'), [{ type: 'device.state', at: AT, device: 'PJSIP/201', extension: '201', state: 'ringing' }]],
  ['DeviceStateChange ONHOLD', frame('11-hold-unhold', 'DeviceStateChange', 0, (f) => f.fields.State === 'ONHOLD'), [expect.objectContaining({ type: 'device.state', state: 'onhold' })]],
  ['DeviceStateList item (queue device)', frame('16-device-state-list', 'DeviceStateChange', 0, (f) => f.fields.Device === 'Queue:support'), [expect.objectContaining({ type: 'device.state', extension: null })]],
  ['ExtensionStatus Ringing', frame('01-inbound-answered', 'ExtensionStatus'), [{ type: 'extension.state', at: AT, extension: '201', context: 'internal', state: 'ringing' }]],
  ['ExtensionStatus InUse', frame('01-inbound-answered', 'ExtensionStatus', 1), [expect.objectContaining({ extension: '201', state: 'inuse' })]],
  ['ExtensionStateList item', frame('15-extension-state-list', 'ExtensionStatus'), [expect.objectContaining({ type: 'extension.state', state: 'idle' })]],
  ['CoreShowChannel → resync leg', frame('14-core-show-channels-live', 'CoreShowChannel', 1), [{
    type: 'leg.created', at: AT, callId: '1795829703.36', resync: true, leg: (expect.objectContaining as (o: object) => unknown)({
      legId: '1795829703.37', channel: 'PJSIP/201-00000023', endpoint: '201', exten: null, state: 'up',
    }),
  }]],
  ['Cdr (noise)', frame('01-inbound-answered', 'Cdr'), []],
  ['RTCPSent (noise)', frame('01-inbound-answered', 'RTCPSent'), []],
  ['SuccessfulAuth (noise)', frame('10-internal-call', 'SuccessfulAuth'), []],
  ['DialState (noise)', frame('01-inbound-answered', 'DialState'), []],
];

describe('mapAmiFrame', () => {
  it.each(cases)('%s', (_name, f, want) => {
    expect(mapAmiFrame(f, AT)).toEqual(want);
  });

  it('uses the AMI Timestamp when present (timestampevents=yes)', () => {
    const f = frame('01-inbound-answered', 'Hangup');
    const stamped = { fields: { ...f.fields, Timestamp: '1795829508.250000' }, lists: null };
    expect(mapAmiFrame(stamped, AT)[0]?.at).toBe(1_795_829_508_250);
  });

  it('drops responses and frames without Event', () => {
    const [login] = fixtureFrames('01-inbound-answered');
    expect(login?.fields.Response).toBe('Success');
    expect(mapAmiFrame(login!, AT)).toEqual([]);
  });

  it('rejects every VarSet except MIXMONITOR_FILENAME, and all unmapped events, in every transcript', () => {
    let varsets = 0;
    for (const name of fixtures) {
      for (const f of fixtureFrames(name)) {
        const event = f.fields.Event ?? '';
        const out = mapAmiFrame(f, AT);
        if (event === 'VarSet') varsets++;
        if (event === 'VarSet' && f.fields.Variable !== 'MIXMONITOR_FILENAME') expect(out).toEqual([]);
        if (!mappedAmiEvents.includes(event)) expect(out).toEqual([]);
        for (const e of out) expect(e.at).toBe(AT);
      }
    }
    expect(varsets).toBeGreaterThan(800);
  });

  it('is pure: the same frame maps to equal events, and the frame is not changed', () => {
    const f = frame('06-attended-transfer-ami-atxfer', 'AttendedTransfer');
    const copy = JSON.stringify(f);
    expect(mapAmiFrame(f, AT)).toEqual(mapAmiFrame(f, AT));
    expect(JSON.stringify(f)).toBe(copy);
  });

  it('the test splitter keeps repeated keys as lists and values unparsed', () => {
    const [f] = splitAmiFrames('Event: X\r\nUniqueid: 1795829496.10\r\nNum: +995\r\nOutput: a\r\nOutput: b\r\n\r\n');
    expect(f).toEqual({ fields: { Event: 'X', Uniqueid: '1795829496.10', Num: '+995', Output: 'a' }, lists: { Output: ['a', 'b'] } });
  });
});
