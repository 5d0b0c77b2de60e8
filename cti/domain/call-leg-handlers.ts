/**
 * How each leg-level CallEvent changes a tracked call. Every phase change goes through the transition
 * tables (call-transitions.ts); what they refuse is reported through `ops.warn` and changes nothing.
 */
import type { CallEvent } from './call-event.js';
import { addUnique, legExtension, newLeg, remove, touch, type CallRecord, type LegRecord } from './call-model.js';
import { anchorLeg, bridgedParty, callDirection } from './call-parties.js';
import { callTransition, legTransition, type CallTrigger } from './call-transitions.js';
import type { ClassifyEndpoint } from './endpoint-classifier.js';
import type { CallTransfer } from './tracked-call.js';

type Ev<T extends CallEvent['type']> = Extract<CallEvent, { type: T }>;

/** What the handlers need from the tracker. */
export interface TrackerOps {
  readonly classify: ClassifyEndpoint;
  warn(reason: string, event: CallEvent, legId: string | null): void;
  ringing(call: CallRecord, extension: string): void;
  answered(call: CallRecord, extension: string): void;
  transferred(call: CallRecord, transfer: CallTransfer): void;
  /** a leg was reported by a running resync */
  seen(legId: string): void;
}

export function callTrigger(ops: TrackerOps, call: CallRecord, trigger: CallTrigger, e: CallEvent): boolean {
  const next = callTransition(call.state, trigger);
  if (next === null) {
    ops.warn(`call cannot ${trigger} when ${call.state}`, e, null);
    return false;
  }
  if (next !== 'same') {
    call.state = next;
    touch(call);
  }
  return true;
}

export function setFinalParty(ops: TrackerOps, call: CallRecord, ext: string): void {
  if (call.finalParty === ext) return;
  call.finalParty = ext;
  touch(call);
  const i = call.transfers.findIndex((t) => t.to === null && t.from !== ext);
  const pending = call.transfers[i];
  if (pending === undefined) return;
  const resolved = { ...pending, to: ext };
  call.transfers[i] = resolved;
  ops.transferred(call, resolved);
}

function personAnswered(ops: TrackerOps, call: CallRecord, leg: LegRecord, ext: string, e: CallEvent): void {
  if (call.answeredBy === null) {
    call.answeredBy = ext;
    call.answeredAt = e.at;
  }
  // an extension answering a dial rang (even without a Ringing state); a caller picking up its own call did not
  if (leg.dialed || leg.legId !== call.originLegId) addUnique(call.rang, ext);
  callTrigger(ops, call, 'answer', e);
  const dialer = leg.dialedBy === null ? undefined : call.legs.get(leg.dialedBy);
  if (dialer === undefined || dialer.kind !== 'local') setFinalParty(ops, call, ext);
  touch(call);
  ops.answered(call, ext);
}

export function legRing(ops: TrackerOps, call: CallRecord, leg: LegRecord, e: CallEvent): void {
  const next = legTransition(leg.phase, 'ring');
  if (next === null) return ops.warn(`leg cannot ring when ${leg.phase}`, e, leg.legId);
  if (next === 'same') return;
  leg.phase = next;
  const ext = legExtension(leg);
  if (ext === null) return;
  addUnique(call.rang, ext);
  touch(call);
  if (addUnique(call.ringingNow, ext)) ops.ringing(call, ext);
}

export function legAnswer(ops: TrackerOps, call: CallRecord, leg: LegRecord, e: CallEvent): void {
  const next = legTransition(leg.phase, 'answer');
  if (next === null) return ops.warn(`leg cannot answer when ${leg.phase}`, e, leg.legId);
  if (next === 'same') return;
  leg.phase = next;
  leg.upAt = e.at;
  touch(call);
  const ext = legExtension(leg);
  if (ext !== null) remove(call.ringingNow, ext);
  if (ext !== null && (leg.dialed || leg.legId !== call.originLegId)) return personAnswered(ops, call, leg, ext, e);
  if (leg.kind !== 'trunk' || call.answeredBy !== null) return;
  // the outside party of an outbound call answered: the calling extension is now talking
  if (callDirection(call, ops.classify) !== 'outbound' || anchorLeg(call, 'outbound') !== leg) return;
  const origin = call.legs.get(call.originLegId);
  const originExt = legExtension(origin);
  if (origin !== undefined && originExt !== null) personAnswered(ops, call, origin, originExt, e);
}

export function onLegCreated(ops: TrackerOps, call: CallRecord, e: Ev<'leg.created'>): void {
  if (call.legs.has(e.leg.legId)) {
    if (e.resync === true) return ops.seen(e.leg.legId);
    return ops.warn('duplicate leg', e, e.leg.legId);
  }
  const leg = newLeg(e.leg, ops.classify);
  call.legs.set(leg.legId, leg);
  call.liveLegs++;
  // Asterisk: the Linkedid is the Uniqueid of the call's first channel, whatever order we learn legs in
  if (leg.legId === call.callId) call.originLegId = leg.legId;
  if (e.resync === true) ops.seen(leg.legId);
  if (leg.kind === 'local') pairLocal(call, leg);
  if (leg.legId === call.originLegId && call.did === null && e.leg.exten !== 's') call.did = e.leg.exten;
  touch(call);
  if (e.leg.state === 'ringing') legRing(ops, call, leg, e);
  else if (e.leg.state === 'up') legAnswer(ops, call, leg, e);
}

/** `Local/x@ctx-00000001;1` and `…;2` are one path, even when the LocalBridge event is missing. */
function pairLocal(call: CallRecord, leg: LegRecord): void {
  const half = leg.channel.at(-1);
  const peerChannel = leg.channel.slice(0, -1) + (half === '1' ? '2' : '1');
  for (const other of call.legs.values()) {
    if (other.channel !== peerChannel || other.phase === 'gone') continue;
    other.localPeer = leg.legId;
    leg.localPeer = other.legId;
  }
}

export function onLegState(ops: TrackerOps, call: CallRecord, leg: LegRecord, e: Ev<'leg.state'>): void {
  if (e.state === 'ringing') legRing(ops, call, leg, e);
  else if (e.state === 'up') legAnswer(ops, call, leg, e);
}

export function onLegUpdated(call: CallRecord, leg: LegRecord, e: Ev<'leg.updated'>): void {
  const p = e.patch;
  if (p.callerNumber !== undefined) leg.callerNumber = p.callerNumber;
  if (p.callerName !== undefined) leg.callerName = p.callerName;
  if (p.connectedNumber !== undefined) leg.connectedNumber = p.connectedNumber;
  if (p.context !== undefined) leg.context = p.context;
  if (p.exten !== undefined) {
    leg.exten = p.exten;
    if (leg.legId === call.originLegId && call.did === null && leg.phase === 'created' && p.exten !== 's') call.did = p.exten;
  }
  if (leg.legId === call.originLegId || leg.kind === 'trunk') touch(call);
}

export function onBridged(ops: TrackerOps, call: CallRecord, leg: LegRecord, e: Ev<'leg.bridged'>): void {
  leg.bridgeId = e.bridgeId;
  const party = bridgedParty(call, anchorLeg(call, callDirection(call, ops.classify)));
  if (party !== null) setFinalParty(ops, call, party);
}

export function onUnbridged(leg: LegRecord, e: Ev<'leg.unbridged'>): void {
  if (leg.bridgeId === e.bridgeId) leg.bridgeId = null;
}

export function setHeld(ops: TrackerOps, call: CallRecord, leg: LegRecord, held: boolean, e: CallEvent): void {
  if (held) {
    if (!callTrigger(ops, call, 'hold', e)) return;
    leg.held = true;
    call.heldSince ??= e.at;
    return;
  }
  leg.held = false;
  for (const other of call.legs.values()) if (other.held) return;
  if (!callTrigger(ops, call, 'unhold', e)) return;
  if (call.heldSince !== null) call.holdMs += e.at - call.heldSince;
  call.heldSince = null;
  touch(call);
}

export function onHold(ops: TrackerOps, call: CallRecord, leg: LegRecord, e: Ev<'leg.hold'>): void {
  if (leg.held === e.held) {
    // Asterisk sends a stray Unhold before blind transfers: harmless. A second Hold is a repeat.
    if (e.held) ops.warn('leg already on hold', e, leg.legId);
    return;
  }
  setHeld(ops, call, leg, e.held, e);
}

/** Returns true when this was the call's last live leg. */
export function onHangup(ops: TrackerOps, call: CallRecord, leg: LegRecord, e: Ev<'leg.hangup'>): boolean {
  const next = legTransition(leg.phase, 'hangup');
  if (next === null || next === 'same') {
    ops.warn(`leg cannot hang up when ${leg.phase}`, e, leg.legId);
    return false;
  }
  if (leg.held) setHeld(ops, call, leg, false, e);
  leg.phase = next;
  leg.bridgeId = null;
  call.liveLegs--;
  const ext = legExtension(leg);
  if (ext !== null) remove(call.ringingNow, ext);
  touch(call);
  return call.liveLegs <= 0;
}
