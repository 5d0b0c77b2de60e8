/**
 * What the call tracker tells the rest of zari: immutable, JSON-serialisable snapshots of calls and the
 * typed events carrying them.
 */
import type { DeviceState } from './call-event.js';
import type { CallState } from './call-transitions.js';

export type CallDirection = 'inbound' | 'outbound' | 'internal';
export type CallOutcome = 'answered' | 'missed' | 'abandoned' | 'busy' | 'no-answer' | 'failed';
export type TransferKind = 'blind' | 'attended';

export interface CallTransfer {
  readonly kind: TransferKind;
  /** extension that transferred (null if unknown) */
  readonly from: string | null;
  /** extension (or number) the call went to; null until known */
  readonly to: string | null;
  readonly at: number;
}

export interface TrackedCall {
  readonly callId: string;
  readonly pbx: string;
  readonly direction: CallDirection;
  /** inbound: the caller's number; outbound: the external origin extension; internal: the caller extension */
  readonly from: string | null;
  /** inbound: the dialed DID; outbound: the dialed external number; internal: the called extension */
  readonly to: string | null;
  /** the outside party's number (inbound caller / outbound callee), as the PBX sent it */
  readonly externalNumber: string | null;
  /** caller name from the PBX — untrusted text */
  readonly externalName: string | null;
  readonly did: string | null;
  readonly state: CallState;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly ringSeconds: number;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  /** extensions whose phones rang, in order, each once */
  readonly rang: readonly string[];
  readonly ringingNow: readonly string[];
  /** the first extension that answered (a person) */
  readonly answeredBy: string | null;
  /** the extension the outside party (or caller) talks / talked to last */
  readonly finalParty: string | null;
  readonly transfers: readonly CallTransfer[];
  readonly recordings: readonly string[];
  readonly queue: string | null;
  readonly queueHoldSeconds: number | null;
  /** set when the call has ended */
  readonly outcome: CallOutcome | null;
  /** inbound, ended, not answered (by a person or an application) */
  readonly missed: boolean;
  /** the outside party's channel (for redirect / hangup commands) */
  readonly customerChannel: string | null;
  /** extension → channel of its current (live) leg in this call */
  readonly extensionChannels: Readonly<Record<string, string>>;
  /** a resync is running and has not yet confirmed this call */
  readonly unconfirmed: boolean;
}

export interface CallTrackerWarning {
  readonly reason: string;
  readonly type: string;
  readonly callId: string | null;
  readonly legId: string | null;
}

export interface CallTrackerEvents extends Record<string, unknown> {
  'call.ringing': { readonly call: TrackedCall; readonly extension: string };
  'call.answered': { readonly call: TrackedCall; readonly extension: string };
  'call.transferred': { readonly call: TrackedCall; readonly from: string | null; readonly to: string | null; readonly kind: TransferKind };
  'call.updated': { readonly call: TrackedCall };
  'call.ended': { readonly call: TrackedCall };
  'extension.state': { readonly extension: string; readonly state: DeviceState };
  warning: CallTrackerWarning;
}
