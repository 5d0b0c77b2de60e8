/**
 * Dials, queues, transfers, Local pairs and recordings: how these CallEvents change a tracked call.
 *
 * Transfers come in three shapes (README of the Asterisk fixtures):
 * - `transfer.blind` (SIP REFER, AMI BlindTransfer): counted at once; the caller's following dial to the
 *   target is that transfer, not a new one.
 * - AMI Redirect emits nothing: detected when the outside party's leg, after talking to extension A,
 *   dials extension B itself (it left the bridge and runs the dialplan again).
 * - `transfer.attended`: counted at once; its target is the extension the outside party ends up bridged
 *   with (through the Local ;1/;2 pair of the consultation call), resolved when known.
 */
import type { CallEvent } from './call-event.js';
import { addUnique, legExtension, touch, type CallRecord, type LegRecord } from './call-model.js';
import { anchorLeg, callDirection, extensionBehind } from './call-parties.js';
import { legTransition } from './call-transitions.js';
import { legAnswer, setFinalParty, type TrackerOps } from './call-leg-handlers.js';
import type { TransferKind } from './tracked-call.js';

type Ev<T extends CallEvent['type']> = Extract<CallEvent, { type: T }>;

function addTransfer(ops: TrackerOps, call: CallRecord, kind: TransferKind, from: string | null, to: string | null, at: number): void {
  const transfer = { kind, from, to, at };
  call.transfers.push(transfer);
  touch(call);
  if (to !== null) ops.transferred(call, transfer);
}

function detectRedirect(ops: TrackerOps, call: CallRecord, fromLegId: string | null, to: LegRecord, at: number): void {
  const ext = legExtension(to);
  const party = call.finalParty;
  if (ext === null || fromLegId === null || party === null || party === ext) return;
  if (anchorLeg(call, callDirection(call, ops.classify))?.legId !== fromLegId) return;
  if (call.pendingBlindTarget === ext) {
    call.pendingBlindTarget = null;
    return;
  }
  if (call.transfers.at(-1)?.to === ext) return;
  addTransfer(ops, call, 'blind', party, ext, at);
}

export function onDialBegin(ops: TrackerOps, call: CallRecord, to: LegRecord, e: Ev<'dial.begin'>): void {
  const next = legTransition(to.phase, 'dial');
  if (next === null) return ops.warn(`leg cannot be dialed when ${to.phase}`, e, to.legId);
  if (next !== 'same') to.phase = next;
  to.dialed = true;
  to.dialedBy = e.fromLegId;
  to.dialString = e.dialString;
  touch(call);
  detectRedirect(ops, call, e.fromLegId, to, e.at);
}

export function onDialEnd(ops: TrackerOps, call: CallRecord, to: LegRecord, e: Ev<'dial.end'>): void {
  to.dialStatus = e.status;
  if (to.kind !== 'local') call.lastDialStatus = e.status;
  if (e.status === 'answer') return legAnswer(ops, call, to, e);
  const ext = legExtension(to);
  if (ext !== null && call.ringingNow.includes(ext)) {
    call.ringingNow.splice(call.ringingNow.indexOf(ext), 1);
    touch(call);
  }
}

export function onQueueEvent(call: CallRecord, e: Ev<'queue.joined' | 'queue.left' | 'queue.abandoned' | 'queue.connected'>): void {
  call.queue = e.queue;
  if (e.type === 'queue.abandoned') {
    call.queueAbandoned = true;
    call.queueHoldSeconds = e.holdSeconds;
  } else if (e.type === 'queue.connected') {
    call.queueHoldSeconds = e.holdSeconds;
  }
  touch(call);
}

function firstTransfer(call: CallRecord, key: string): boolean {
  return addUnique(call.transferKeys, key);
}

export function onBlindTransfer(ops: TrackerOps, call: CallRecord, e: Ev<'transfer.blind'>): void {
  if (!e.success) return;
  if (!firstTransfer(call, `blind:${e.transfererLegId ?? ''}:${e.target}`)) return ops.warn('duplicate transfer', e, e.transfererLegId);
  const from = legExtension(e.transfererLegId === null ? undefined : call.legs.get(e.transfererLegId)) ?? call.finalParty;
  call.pendingBlindTarget = e.target;
  addTransfer(ops, call, 'blind', from, e.target, e.at);
}

export function onAttendedTransfer(ops: TrackerOps, call: CallRecord, e: Ev<'transfer.attended'>): void {
  if (!e.success) return;
  if (!firstTransfer(call, `attended:${e.transfererLegId ?? ''}:${e.targetLegId ?? ''}`)) return ops.warn('duplicate transfer', e, e.transfererLegId);
  const from = legExtension(e.transfererLegId === null ? undefined : call.legs.get(e.transfererLegId));
  const target = e.targetLegId === null ? undefined : call.legs.get(e.targetLegId);
  let to = target === undefined ? null : extensionBehind(call, target);
  if (to === null && call.finalParty !== null && call.finalParty !== from) to = call.finalParty;
  // the consultation may be another PBX call (phone-initiated attended transfer): trust the PBX's number
  const hinted = e.targetNumber ?? null;
  const byHint = to === null && hinted !== null && hinted !== from && ops.classify(hinted, hinted) === 'extension';
  if (byHint) to = hinted;
  addTransfer(ops, call, 'attended', from, to, e.at);
  if (byHint && to !== null) setFinalParty(ops, call, to);
}

export function onLocalPair(call: CallRecord, e: Ev<'leg.local-pair'>): void {
  const one = call.legs.get(e.legId1);
  const two = call.legs.get(e.legId2);
  if (one === undefined || two === undefined) return;
  one.localPeer = two.legId;
  two.localPeer = one.legId;
}

export function onRecording(call: CallRecord, e: Ev<'recording.started' | 'recording.file' | 'recording.stopped'>): void {
  if (e.type === 'recording.stopped' || e.file === null) return;
  if (addUnique(call.recordings, e.file)) touch(call);
}
