/**
 * The CallEvent union: what a PBX said, translated by a driver into zari's vocabulary, at the level of
 * channels ("legs"). Drivers emit only these; the call tracker builds calls from them. Nothing here is
 * decided (no "missed", no "transferred to user X"): that is the tracker's job.
 *
 * Ids: `callId` groups all legs of one PBX call (Asterisk: Linkedid); `legId` is one channel
 * (Asterisk: Uniqueid). `at` is epoch milliseconds from the PBX timestamp when it has one, else receipt time.
 */
export type DialStatus = 'answer' | 'cancel' | 'noanswer' | 'busy' | 'congestion' | 'chanunavail' | 'dontcall' | 'torture' | 'invalidargs' | 'unknown';
export type LegState = 'down' | 'ringing' | 'ring' | 'up' | 'busy' | 'dialing' | 'other';

/** Device / extension presence for busy lamps. */
export type DeviceState = 'idle' | 'ringing' | 'inuse' | 'busy' | 'onhold' | 'unavailable' | 'unknown';

interface Base {
  readonly at: number;
  /** the PBX call this belongs to (Asterisk: Linkedid) */
  readonly callId: string;
}

export interface LegInfo {
  readonly legId: string;
  /** PBX channel name, e.g. PJSIP/201-00000001 */
  readonly channel: string;
  /** endpoint part of the channel: "201", "trunk"; null for Local channels */
  readonly endpoint: string | null;
  /** true for Local/…;1 and ;2 halves (helpers of transfers/originate; never a person) */
  readonly local: boolean;
  readonly callerNumber: string | null;
  readonly callerName: string | null;
  readonly connectedNumber: string | null;
  readonly connectedName: string | null;
  /** dialplan context and extension the leg is in (the dialed number / DID for an inbound leg) */
  readonly context: string | null;
  readonly exten: string | null;
  readonly state: LegState;
}

export type CallEvent =
  /** a channel appeared (Asterisk: Newchannel, or a live channel found by a resync) */
  | (Base & { readonly type: 'leg.created'; readonly leg: LegInfo; readonly resync?: boolean })
  /** channel state changed (Newstate): ringing at a phone, answered (up) */
  | (Base & { readonly type: 'leg.state'; readonly legId: string; readonly state: LegState })
  /** caller id / connected line / dialplan position of a leg changed */
  | (Base & { readonly type: 'leg.updated'; readonly legId: string; readonly patch: Partial<Pick<LegInfo, 'callerNumber' | 'callerName' | 'connectedNumber' | 'connectedName' | 'context' | 'exten'>> })
  /** a leg starts ringing another (DialBegin). `fromLegId` is null for an Originate's first leg */
  | (Base & { readonly type: 'dial.begin'; readonly fromLegId: string | null; readonly toLegId: string; readonly dialString: string | null })
  | (Base & { readonly type: 'dial.end'; readonly fromLegId: string | null; readonly toLegId: string; readonly status: DialStatus })
  | (Base & { readonly type: 'leg.bridged'; readonly legId: string; readonly bridgeId: string })
  | (Base & { readonly type: 'leg.unbridged'; readonly legId: string; readonly bridgeId: string })
  | (Base & { readonly type: 'leg.hold'; readonly legId: string; readonly held: boolean })
  /** the channel is gone (Hangup). cause is the Q.850 cause as the PBX reported it */
  | (Base & { readonly type: 'leg.hangup'; readonly legId: string; readonly cause: number; readonly causeText: string | null })
  | (Base & { readonly type: 'queue.joined'; readonly legId: string; readonly queue: string; readonly position: number })
  | (Base & { readonly type: 'queue.left'; readonly legId: string; readonly queue: string })
  | (Base & { readonly type: 'queue.abandoned'; readonly legId: string; readonly queue: string; readonly holdSeconds: number })
  | (Base & { readonly type: 'queue.connected'; readonly legId: string; readonly queue: string; readonly memberLegId: string; readonly member: string; readonly holdSeconds: number })
  | (Base & { readonly type: 'transfer.blind'; readonly transfererLegId: string | null; readonly transfereeLegId: string | null; readonly target: string; readonly success: boolean })
  /** `targetNumber` (additive): the number the transferer consulted, when the PBX names it (the target leg may belong to another call) */
  | (Base & { readonly type: 'transfer.attended'; readonly transfererLegId: string | null; readonly transfereeLegId: string | null; readonly targetLegId: string | null; readonly success: boolean; readonly targetNumber?: string | null })
  /** two Local channel halves ;1/;2 (or an optimized-away Local pair) form one path */
  | (Base & { readonly type: 'leg.local-pair'; readonly legId1: string; readonly legId2: string })
  | (Base & { readonly type: 'recording.started'; readonly legId: string; readonly file: string | null })
  | (Base & { readonly type: 'recording.file'; readonly legId: string; readonly file: string })
  | (Base & { readonly type: 'recording.stopped'; readonly legId: string });

/** Events that are not about one call. */
export type PbxStateEvent =
  | { readonly type: 'device.state'; readonly at: number; readonly device: string; readonly extension: string | null; readonly state: DeviceState }
  | { readonly type: 'extension.state'; readonly at: number; readonly extension: string; readonly context: string | null; readonly state: DeviceState }
  /** a resync started: every call not reported again before `resync.complete` has ended while we were away */
  | { readonly type: 'resync.begin'; readonly at: number }
  | { readonly type: 'resync.complete'; readonly at: number; readonly liveCallIds: readonly string[] };

export type PbxEvent = CallEvent | PbxStateEvent;
export type CallEventType = CallEvent['type'];
