import type { CallEvent, DialStatus } from '../../domain/call-event.js';

/**
 * The demo PBX's call scripts: each is a list of steps (delay in ms since the previous step, then the
 * CallEvents the PBX would report), shaped like what Asterisk reports for the same call (see
 * shared/fixtures/asterisk): trunk leg first, DialBegin per ringing phone, Newstate Up, DialEnd, bridge,
 * hangups. The demo driver plays them through the same tracker as a real PBX.
 */
export interface DemoStep {
  readonly delayMs: number;
  /** events with `at` 0: the driver stamps the time it plays them */
  readonly events: () => CallEvent[];
}

export interface DemoCallSpec {
  readonly callId: string;
  /** the customer's number as a trunk would deliver it */
  readonly from: string;
  readonly fromName: string | null;
  readonly did: string;
  /** extensions that ring (ring-all when several) */
  readonly ring: readonly string[];
  /** who answers, or null: nobody (missed) */
  readonly answeredBy: string | null;
  readonly ringMs: number;
  readonly talkMs: number;
  /** blind transfer to this extension after half the talk time */
  readonly transferTo: string | null;
}

const leg = (spec: DemoCallSpec, n: number): string => `${spec.callId.split('.')[0]}.${Number(spec.callId.split('.')[1]) + n}`;
const chan = (endpoint: string, legId: string): string => `PJSIP/${endpoint}-${legId.replace('.', '').slice(-8).padStart(8, '0')}`;

function legCreated(spec: DemoCallSpec, at: number, legId: string, endpoint: string, caller: [string | null, string | null], exten: string): CallEvent {
  return {
    type: 'leg.created', at, callId: spec.callId,
    leg: {
      legId, channel: chan(endpoint, legId), endpoint, local: false,
      callerNumber: caller[0], callerName: caller[1], connectedNumber: null, connectedName: null,
      context: endpoint === 'trunk' ? 'from-trunk' : 'internal', exten, state: endpoint === 'trunk' ? 'ring' : 'down',
    },
  };
}

function ringStep(spec: DemoCallSpec, customer: string, exts: readonly string[], firstLeg: number): CallEvent[] {
  const events: CallEvent[] = [];
  exts.forEach((ext, i) => {
    const legId = leg(spec, firstLeg + i);
    events.push(legCreated(spec, 0, legId, ext, [ext, null], 's'));
    events.push({ type: 'dial.begin', at: 0, callId: spec.callId, fromLegId: customer, toLegId: legId, dialString: ext });
    events.push({ type: 'leg.state', at: 0, callId: spec.callId, legId, state: 'ringing' });
  });
  return events;
}

function endRinging(spec: DemoCallSpec, customer: string, exts: readonly string[], firstLeg: number, winner: string | null): CallEvent[] {
  const events: CallEvent[] = [];
  exts.forEach((ext, i) => {
    const legId = leg(spec, firstLeg + i);
    if (ext === winner) {
      events.push({ type: 'leg.state', at: 0, callId: spec.callId, legId, state: 'up' });
      events.push({ type: 'dial.end', at: 0, callId: spec.callId, fromLegId: customer, toLegId: legId, status: 'answer' });
      events.push({ type: 'leg.state', at: 0, callId: spec.callId, legId: customer, state: 'up' });
      events.push({ type: 'leg.bridged', at: 0, callId: spec.callId, legId: customer, bridgeId: `b-${spec.callId}` });
      events.push({ type: 'leg.bridged', at: 0, callId: spec.callId, legId, bridgeId: `b-${spec.callId}` });
    } else {
      const status: DialStatus = 'cancel';
      events.push({ type: 'dial.end', at: 0, callId: spec.callId, fromLegId: customer, toLegId: legId, status });
      events.push({ type: 'leg.hangup', at: 0, callId: spec.callId, legId, cause: winner ? 26 : 127, causeText: null });
    }
  });
  return events;
}

/** The steps of one inbound call following its spec. */
export function inboundCallSteps(spec: DemoCallSpec): DemoStep[] {
  const customer = spec.callId;
  const steps: DemoStep[] = [
    { delayMs: 0, events: () => [legCreated(spec, 0, customer, 'trunk', [spec.from, spec.fromName], spec.did)] },
    { delayMs: 150, events: () => ringStep(spec, customer, spec.ring, 1) },
    { delayMs: spec.ringMs, events: () => endRinging(spec, customer, spec.ring, 1, spec.answeredBy) },
  ];
  if (spec.answeredBy === null) {
    steps.push({ delayMs: 0, events: () => [{ type: 'leg.hangup', at: 0, callId: spec.callId, legId: customer, cause: 127, causeText: null }] });
    return steps;
  }
  const answeredLeg = leg(spec, 1 + spec.ring.indexOf(spec.answeredBy));
  if (spec.transferTo) {
    const target = spec.transferTo;
    const targetLeg = leg(spec, 1 + spec.ring.length);
    steps.push({ delayMs: spec.talkMs / 2, events: () => [
      { type: 'transfer.blind', at: 0, callId: spec.callId, transfererLegId: answeredLeg, transfereeLegId: customer, target, success: true },
      { type: 'leg.unbridged', at: 0, callId: spec.callId, legId: customer, bridgeId: `b-${spec.callId}` },
      { type: 'leg.hangup', at: 0, callId: spec.callId, legId: answeredLeg, cause: 16, causeText: 'Normal Clearing' },
      ...ringStep(spec, customer, [target], 1 + spec.ring.length),
    ] });
    steps.push({ delayMs: spec.ringMs, events: () => endRinging(spec, customer, [target], 1 + spec.ring.length, target) });
    steps.push({ delayMs: spec.talkMs / 2, events: () => [
      { type: 'leg.hangup', at: 0, callId: spec.callId, legId: customer, cause: 16, causeText: 'Normal Clearing' },
      { type: 'leg.hangup', at: 0, callId: spec.callId, legId: targetLeg, cause: 16, causeText: 'Normal Clearing' },
    ] });
    return steps;
  }
  steps.push({ delayMs: spec.talkMs, events: () => [
    { type: 'leg.hangup', at: 0, callId: spec.callId, legId: customer, cause: 16, causeText: 'Normal Clearing' },
    { type: 'leg.hangup', at: 0, callId: spec.callId, legId: answeredLeg, cause: 16, causeText: 'Normal Clearing' },
  ] });
  return steps;
}
