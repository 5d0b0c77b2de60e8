/**
 * The call tracker: builds calls from the PbxEvent stream of any driver. One call per PBX call
 * (Asterisk: Linkedid), one leg per channel, each with the explicit state machine of
 * call-transitions.ts. It classifies direction, parties, transfers, recordings and the outcome
 * (call-outcome.ts) and publishes typed events carrying immutable `TrackedCall` snapshots.
 *
 * Contract:
 * - `handle(event)` never throws. Invalid, duplicate, late or out-of-order events are dropped with a
 *   logged warning (`{callId, legId, type}`) and a `warning` event.
 * - A call ends when its last leg is gone, or when a resync does not report it any more.
 * - Resync: `resync.begin` marks live calls unconfirmed; `leg.created` with `resync: true` confirms a
 *   known leg (no-op) or creates what we missed (Up → answered); `resync.complete` ends the calls that
 *   are not in `liveCallIds` (outcome from what we know) and drops legs that were not reported.
 * - Snapshots are built only when someone listens (or on `get` / `liveCalls`), and cached.
 */
import { Emitter, silentLogger, type Logger } from '../../kernel/index.js';
import type { CallEvent, DeviceState, PbxEvent, PbxStateEvent } from './call-event.js';
import { newCall, remove, touch, type CallRecord, type LegRecord } from './call-model.js';
import {
  callTrigger, onBridged, onHangup, onHold, onLegCreated, onLegState, onLegUpdated, onUnbridged, type TrackerOps,
} from './call-leg-handlers.js';
import {
  onAttendedTransfer, onBlindTransfer, onDialBegin, onDialEnd, onLocalPair, onQueueEvent, onRecording,
} from './call-feature-handlers.js';
import { toTrackedCall } from './call-snapshot.js';
import { defaultClassifyEndpoint, type ClassifyEndpoint } from './endpoint-classifier.js';
import type { CallTrackerEvents, CallTransfer, TrackedCall } from './tracked-call.js';

export interface CallTrackerDeps {
  readonly logger?: Logger;
  readonly classifyEndpoint?: ClassifyEndpoint;
  /** clock for events without a PBX time (unused by Asterisk events, which carry `at`) */
  readonly now?: () => number;
  /** PBX name written into snapshots (default `asterisk`) */
  readonly pbx?: string;
  /** how many ended call ids are remembered to recognise late events (default 10 000) */
  readonly endedMemory?: number;
}

const legIdOf = (e: CallEvent): string | null => {
  if (e.type === 'leg.created') return e.leg.legId;
  if (e.type === 'dial.begin' || e.type === 'dial.end') return e.toLegId;
  if ('legId' in e) return e.legId;
  return null;
};

export class CallTracker implements TrackerOps {
  readonly events: Emitter<CallTrackerEvents>;
  readonly classify: ClassifyEndpoint;
  private readonly logger: Logger;
  private readonly pbx: string;
  private readonly endedMemory: number;
  private readonly calls = new Map<string, CallRecord>();
  private readonly ended = new Set<string>();
  private readonly extensionStates = new Map<string, DeviceState>();
  private resyncSeen: Set<string> | null = null;
  private resyncCalls: Set<string> | null = null;
  private warnings = 0;

  constructor(deps: CallTrackerDeps = {}) {
    this.logger = (deps.logger ?? silentLogger()).child({ component: 'call-tracker' });
    this.classify = deps.classifyEndpoint ?? defaultClassifyEndpoint;
    this.pbx = deps.pbx ?? 'asterisk';
    this.endedMemory = deps.endedMemory ?? 10_000;
    this.events = new Emitter<CallTrackerEvents>((error, event) => {
      this.logger.error({ err: error, event }, 'call tracker listener failed');
    });
  }

  /** Apply one event. Never throws. */
  handle(event: PbxEvent): void {
    try {
      switch (event.type) {
        case 'device.state':
        case 'extension.state':
          return this.onPresence(event);
        case 'resync.begin':
          return this.onResyncBegin();
        case 'resync.complete':
          return this.onResyncComplete(event);
        default:
          return this.onCallEvent(event);
      }
    } catch (error) {
      const e = event as Partial<CallEvent> | null | undefined;
      this.logger.error({ err: error, callId: e?.callId ?? null, type: e?.type ?? null }, 'call tracker failed on an event');
    }
  }

  liveCalls(): TrackedCall[] {
    return [...this.calls.values()].map((c) => this.snapshot(c));
  }

  get(callId: string): TrackedCall | undefined {
    const call = this.calls.get(callId);
    return call === undefined ? undefined : this.snapshot(call);
  }

  /** Busy-lamp state of an extension, as last reported by the PBX. */
  extensionState(extension: string): DeviceState | undefined {
    return this.extensionStates.get(extension);
  }

  extensionStatesSnapshot(): Record<string, DeviceState> {
    return Object.fromEntries(this.extensionStates);
  }

  /** Number of dropped events so far. */
  get warningCount(): number {
    return this.warnings;
  }

  // ---- TrackerOps (used by the handlers) ----

  warn(reason: string, event: CallEvent, legId: string | null): void {
    this.warnings++;
    const payload = { reason, type: event.type, callId: event.callId, legId };
    this.logger.warn(payload, 'call tracker dropped an event');
    this.events.emit('warning', payload);
  }

  ringing(call: CallRecord, extension: string): void {
    if (this.events.listenerCount('call.ringing') > 0) this.events.emit('call.ringing', { call: this.snapshot(call), extension });
  }

  answered(call: CallRecord, extension: string): void {
    if (this.events.listenerCount('call.answered') > 0) this.events.emit('call.answered', { call: this.snapshot(call), extension });
  }

  transferred(call: CallRecord, t: CallTransfer): void {
    if (this.events.listenerCount('call.transferred') > 0) {
      this.events.emit('call.transferred', { call: this.snapshot(call), from: t.from, to: t.to, kind: t.kind });
    }
  }

  seen(legId: string): void {
    this.resyncSeen?.add(legId);
  }

  // ---- internals ----

  private snapshot(call: CallRecord): TrackedCall {
    return toTrackedCall(call, { pbx: this.pbx, classify: this.classify });
  }

  private onCallEvent(e: CallEvent): void {
    let call = this.calls.get(e.callId);
    if (call === undefined) {
      if (this.ended.has(e.callId)) return this.warn('event for an ended call', e, legIdOf(e));
      if (e.type !== 'leg.created') return this.warn('event for an unknown call', e, legIdOf(e));
      call = newCall(e.callId, e.leg.legId, e.at);
      this.calls.set(e.callId, call);
    }
    if (e.type === 'leg.created' && e.resync === true && call.unconfirmed) {
      call.unconfirmed = false;
      touch(call);
    }
    const version = call.version;
    call.lastAt = Math.max(call.lastAt, e.at);
    const last = this.apply(call, e);
    if (last) return this.endCall(call, e.at);
    if (call.version !== version && this.events.listenerCount('call.updated') > 0) {
      this.events.emit('call.updated', { call: this.snapshot(call) });
    }
  }

  /** Returns true when the event ended the call. */
  private apply(call: CallRecord, e: CallEvent): boolean {
    if (e.type === 'leg.created') {
      onLegCreated(this, call, e);
      return false;
    }
    const legId = legIdOf(e);
    const leg = legId === null ? undefined : call.legs.get(legId);
    if (legId !== null && leg === undefined && e.type !== 'leg.local-pair') {
      this.warn('event for an unknown leg', e, legId);
      return false;
    }
    return leg === undefined ? this.applyCallLevel(call, e) : this.applyLegLevel(call, leg, e);
  }

  private applyLegLevel(call: CallRecord, leg: LegRecord, e: CallEvent): boolean {
    switch (e.type) {
      case 'leg.state': onLegState(this, call, leg, e); break;
      case 'leg.updated': onLegUpdated(call, leg, e); break;
      case 'dial.begin': onDialBegin(this, call, leg, e); break;
      case 'dial.end': onDialEnd(this, call, leg, e); break;
      case 'leg.bridged': onBridged(this, call, leg, e); break;
      case 'leg.unbridged': onUnbridged(leg, e); break;
      case 'leg.hold': onHold(this, call, leg, e); break;
      case 'leg.hangup': return onHangup(this, call, leg, e);
      case 'queue.joined': case 'queue.left': case 'queue.abandoned': case 'queue.connected': onQueueEvent(call, e); break;
      case 'recording.started': case 'recording.file': case 'recording.stopped': onRecording(call, e); break;
      default: return this.applyCallLevel(call, e);
    }
    return false;
  }

  private applyCallLevel(call: CallRecord, e: CallEvent): boolean {
    if (e.type === 'transfer.blind') onBlindTransfer(this, call, e);
    else if (e.type === 'transfer.attended') onAttendedTransfer(this, call, e);
    else if (e.type === 'leg.local-pair') onLocalPair(call, e);
    return false;
  }

  private endCall(call: CallRecord, at: number): void {
    if (call.state !== 'ended') {
      const e: CallEvent = { type: 'leg.state', at, callId: call.callId, legId: call.originLegId, state: 'down' };
      callTrigger(this, call, 'end', e);
    }
    if (call.heldSince !== null) call.holdMs += at - call.heldSince;
    call.heldSince = null;
    call.endedAt = at;
    call.ringingNow.length = 0;
    call.unconfirmed = false;
    touch(call);
    this.calls.delete(call.callId);
    this.ended.add(call.callId);
    if (this.ended.size > this.endedMemory) {
      const oldest = this.ended.values().next();
      if (oldest.done !== true) this.ended.delete(oldest.value);
    }
    if (this.events.listenerCount('call.ended') > 0) this.events.emit('call.ended', { call: this.snapshot(call) });
  }

  private onPresence(e: Extract<PbxStateEvent, { type: 'device.state' | 'extension.state' }>): void {
    const extension = e.extension;
    if (extension === null || this.classify(extension, null) !== 'extension') return;
    if (this.extensionStates.get(extension) === e.state) return;
    this.extensionStates.set(extension, e.state);
    this.events.emit('extension.state', { extension, state: e.state });
  }

  private onResyncBegin(): void {
    this.resyncSeen = new Set();
    this.resyncCalls = new Set(this.calls.keys());
    for (const call of this.calls.values()) {
      call.unconfirmed = true;
      touch(call);
    }
  }

  private onResyncComplete(e: Extract<PbxStateEvent, { type: 'resync.complete' }>): void {
    const live = new Set(e.liveCallIds);
    const seen = this.resyncSeen ?? new Set<string>();
    const before = this.resyncCalls ?? new Set(this.calls.keys());
    this.resyncSeen = null;
    this.resyncCalls = null;
    for (const call of [...this.calls.values()]) {
      if (!before.has(call.callId)) continue;
      if (!live.has(call.callId)) {
        this.endCall(call, e.at);
        continue;
      }
      this.dropUnseenLegs(call, seen);
      call.unconfirmed = false;
      touch(call);
    }
  }

  /** Legs of a live call that the resync did not report hung up while we were away. */
  private dropUnseenLegs(call: CallRecord, seen: ReadonlySet<string>): void {
    for (const leg of call.legs.values()) {
      if (leg.phase === 'gone' || seen.has(leg.legId)) continue;
      leg.phase = 'gone';
      leg.bridgeId = null;
      leg.held = false;
      call.liveLegs--;
      if (leg.kind === 'extension' && leg.endpoint !== null) remove(call.ringingNow, leg.endpoint);
    }
  }
}
