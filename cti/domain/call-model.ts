/**
 * The tracker's internal, mutable model of a call and its legs. Never leaves the tracker: the outside
 * sees `TrackedCall` snapshots (tracked-call.ts).
 */
import type { DialStatus, LegInfo } from './call-event.js';
import type { CallState, LegPhase } from './call-transitions.js';
import type { ClassifyEndpoint } from './endpoint-classifier.js';
import type { CallTransfer, TrackedCall } from './tracked-call.js';

export type LegKind = 'extension' | 'trunk' | 'local';

export interface LegRecord {
  readonly legId: string;
  readonly channel: string;
  readonly endpoint: string | null;
  readonly kind: LegKind;
  callerNumber: string | null;
  callerName: string | null;
  connectedNumber: string | null;
  context: string | null;
  exten: string | null;
  phase: LegPhase;
  /** the leg that dialed this one (null: Originate or not dialed) */
  dialedBy: string | null;
  dialed: boolean;
  dialString: string | null;
  dialStatus: DialStatus | null;
  bridgeId: string | null;
  held: boolean;
  /** the other half of a Local ;1/;2 pair */
  localPeer: string | null;
  upAt: number | null;
}

export interface CallRecord {
  readonly callId: string;
  state: CallState;
  readonly legs: Map<string, LegRecord>;
  liveLegs: number;
  /** first leg of the call (Asterisk: the leg whose Uniqueid is the Linkedid) */
  originLegId: string;
  startedAt: number;
  /** time of the last event applied to the call */
  lastAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  rang: string[];
  ringingNow: string[];
  answeredBy: string | null;
  finalParty: string | null;
  transfers: CallTransfer[];
  /** BlindTransfer target seen; the caller's next dial to it is that transfer, not a Redirect */
  pendingBlindTarget: string | null;
  /** transfers already counted (kind:transferer:target), so a repeated event is not counted twice */
  transferKeys: string[];
  recordings: string[];
  queue: string | null;
  queueAbandoned: boolean;
  queueHoldSeconds: number | null;
  /** last DialEnd status towards a non-Local leg */
  lastDialStatus: DialStatus | null;
  heldSince: number | null;
  holdMs: number;
  did: string | null;
  unconfirmed: boolean;
  version: number;
  snapshot: TrackedCall | null;
}

export function newCall(callId: string, originLegId: string, at: number): CallRecord {
  return {
    callId, state: 'ringing', legs: new Map(), liveLegs: 0, originLegId, startedAt: at, lastAt: at,
    answeredAt: null, endedAt: null, rang: [], ringingNow: [], answeredBy: null, finalParty: null,
    transfers: [], pendingBlindTarget: null, transferKeys: [], recordings: [], queue: null, queueAbandoned: false,
    queueHoldSeconds: null, lastDialStatus: null, heldSince: null, holdMs: 0, did: null,
    unconfirmed: false, version: 0, snapshot: null,
  };
}

export function newLeg(info: LegInfo, classify: ClassifyEndpoint): LegRecord {
  const kind: LegKind = info.local ? 'local' : classify(info.endpoint, info.callerNumber);
  return {
    legId: info.legId, channel: info.channel, endpoint: info.endpoint, kind,
    callerNumber: info.callerNumber, callerName: info.callerName, connectedNumber: info.connectedNumber,
    context: info.context, exten: info.exten, phase: 'created', dialedBy: null, dialed: false,
    dialString: null, dialStatus: null, bridgeId: null, held: false, localPeer: null, upAt: null,
  };
}

/** The extension a leg belongs to, or null (trunk / Local). */
export function legExtension(leg: LegRecord | undefined): string | null {
  return leg !== undefined && leg.kind === 'extension' ? leg.endpoint : null;
}

/** Mark the call changed: its cached snapshot is stale and a `call.updated` is due. */
export function touch(call: CallRecord): void {
  call.version++;
  call.snapshot = null;
}

export function addUnique(list: string[], value: string): boolean {
  if (list.includes(value)) return false;
  list.push(value);
  return true;
}

export function remove(list: string[], value: string): boolean {
  const i = list.indexOf(value);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}
