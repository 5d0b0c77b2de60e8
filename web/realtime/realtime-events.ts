/**
 * The Socket.IO event catalogue, shared by the server (web/realtime) and the browser app (web/ui): one
 * source of the event names and payload types, so neither side can drift. Every server→client event
 * declares its audience (room) and the permission a user needs to receive it (`realtimeEventCatalogue`);
 * the AsyncAPI document at /api/asyncapi.json is generated from the catalogue.
 *
 * Payloads are JSON. Caller-supplied text (callerName, client names, notes) is untrusted: the browser
 * renders it as text, never as HTML.
 */
import type { DeskView, DeviceState } from '../../cti/index.js';

export type CallDirectionView = 'inbound' | 'outbound' | 'internal';
export type CallOutcomeView = 'answered' | 'missed' | 'abandoned' | 'busy' | 'no-answer' | 'failed';

/** A live or finished call as the browser sees it (a subset of the tracker's TrackedCall). */
export interface CallView {
  readonly callId: string;
  readonly direction: CallDirectionView;
  readonly externalNumber: string | null;
  /** untrusted text from the PBX */
  readonly externalName: string | null;
  readonly did: string | null;
  readonly state: string;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly rang: readonly string[];
  readonly ringingNow: readonly string[];
  readonly answeredBy: string | null;
  readonly finalParty: string | null;
  readonly queue: string | null;
  readonly outcome: CallOutcomeView | null;
  readonly missed: boolean;
}

/** Who the caller is, after the access policy (see web/routes/identify.routes.ts applyCardPolicy). */
export interface PopCard {
  readonly match: 'exact' | 'suffix' | 'none' | 'ambiguous' | 'extension';
  /** the caller's number normalized to E.164 when possible (prefills the "new client" form) */
  readonly e164: string | null;
  readonly raw: string | null;
  readonly client: { readonly id: number; readonly name: string; readonly kind: string; readonly vip: boolean } | null;
  readonly contact: { readonly id: number; readonly name: string; readonly position: string | null } | null;
  readonly responsible: { readonly id: number; readonly name: string; readonly extensions: readonly string[]; readonly state: DeviceState | 'unknown' } | null;
  readonly openDeals: readonly { readonly id: number; readonly title: string; readonly stage: string; readonly amount: string | null; readonly currency: string }[];
  readonly openTasks: readonly { readonly id: number; readonly title: string; readonly dueAt: string | null; readonly priority: string }[];
  readonly lastInteractions: readonly { readonly id: number; readonly kind: string; readonly direction: string | null; readonly outcome: string | null; readonly startedAt: string; readonly subject: string | null }[];
  readonly notes: string | null;
  /** several clients share the number: pick one */
  readonly candidates: readonly { readonly clientId: number; readonly name: string; readonly vip: boolean }[];
  /** contact details hidden (VIP without vip:view) */
  readonly redacted: boolean;
  /** not the user's client: only who it is and whose */
  readonly restricted: boolean;
  /** identification did not answer in time: the card follows in a `call.pop.card` event */
  readonly pending: boolean;
}

export interface ScreenPop {
  /** unique per (call, user); the browser acknowledges it */
  readonly popId: string;
  readonly call: CallView;
  /** the extension of this user that is ringing */
  readonly extension: string;
  readonly card: PopCard;
  /** server time the pop was sent (ms) */
  readonly sentAt: number;
}

export interface IncomingCallView {
  readonly call: CallView;
  readonly card: PopCard;
}

export interface WallboardStats {
  readonly at: number;
  readonly ringing: number;
  readonly talking: number;
  readonly answeredToday: number;
  readonly missedToday: number;
  readonly extensions: Readonly<Record<string, DeviceState>>;
}

export interface ExtensionStateView {
  readonly extension: string;
  readonly state: DeviceState;
  readonly user: { readonly id: number; readonly name: string } | null;
}

export interface ServerToClientEvents {
  /** a call rings at one of the user's extensions; the browser acks with `{ popId }` */
  'call.pop': (pop: ScreenPop, ack: (reply: { popId: string }) => void) => void;
  /** the card of a pending pop (identification finished late) or after the user picked a candidate */
  'call.pop.card': (p: { popId: string; callId: string; card: PopCard }) => void;
  /** someone else answered (ring-all, queue) or the call ended while ringing: hide the pop */
  'call.pop.hide': (p: { callId: string; reason: 'answered-elsewhere' | 'ended' }) => void;
  /** this user answered: the pop becomes the active call panel */
  'call.active': (p: { call: CallView; card: PopCard }) => void;
  /** the user's call ended: show the result form */
  'call.ended': (p: { call: CallView; card: PopCard | null; interactionCallKey: string }) => void;
  /** live state of the user's calls on (re)connect: no pop is lost by a reload or a network blip */
  'calls.snapshot': (p: { pops: ScreenPop[]; active: { call: CallView; card: PopCard }[] }) => void;
  /** secretaries and supervisors: every current incoming call */
  'incoming.calls': (p: { calls: IncomingCallView[] }) => void;
  'extension.state': (p: ExtensionStateView) => void;
  /** several extension changes coalesced into one message (sent instead of `extension.state` under load) */
  /** a busy system's coalesced lamp changes: extension → latest state (users as known from the snapshot) */
  'extension.states': (p: { states: Readonly<Record<string, DeviceState>> }) => void;
  'extensions.snapshot': (p: { extensions: ExtensionStateView[] }) => void;
  /** supervisors */
  'wallboard': (p: WallboardStats) => void;
  /** an inbound SMS from a client this user is responsible for */
  'sms.inbound': (p: InboundSmsNotice) => void;
  /** the telemarketer's desk changed without the browser asking (a dialer call connected, a line up) */
  'telemarketing.desk': (p: DeskView) => void;
  'pbx.status': (p: { state: string; driver: string; lastError: string | null }) => void;
}

/** An SMS arrived from a client: told to the client's responsible manager. `text` is untrusted. */
export interface InboundSmsNotice {
  readonly smsId: number;
  readonly from: string;
  readonly text: string;
  readonly clientId: number | null;
  readonly clientName: string | null;
  readonly receivedAt: string;
}

export interface ClientToServerEvents {
  /** the user picked one of several candidate clients for a pop */
  'pop.pick': (p: { popId: string; clientId: number }, ack: (reply: { ok: boolean; error?: string }) => void) => void;
}

export type Audience = 'user' | 'extension' | 'secretaries' | 'supervisors' | 'all';

export interface RealtimeEventSpec {
  readonly event: keyof ServerToClientEvents;
  readonly audience: Audience;
  /** who may receive it (roles) */
  readonly roles: readonly ('admin' | 'supervisor' | 'manager' | 'operator' | 'secretary' | 'telemarketer')[];
  readonly summary: string;
}

const everyone = ['admin', 'supervisor', 'manager', 'operator', 'secretary', 'telemarketer'] as const;
const secretaries = ['secretary', 'supervisor', 'admin'] as const;
const supervisors = ['supervisor', 'admin'] as const;

/** Audience and permission of every server→client event (the AsyncAPI document is built from this). */
export const realtimeEventCatalogue: readonly RealtimeEventSpec[] = [
  { event: 'call.pop', audience: 'extension', roles: everyone, summary: 'A call rings at an extension of the user: the caller card' },
  { event: 'call.pop.card', audience: 'user', roles: everyone, summary: 'The card of a pending pop, or of the candidate the user picked' },
  { event: 'call.pop.hide', audience: 'extension', roles: everyone, summary: 'Hide the pop: answered elsewhere or ended' },
  { event: 'call.active', audience: 'user', roles: everyone, summary: 'The user answered: the active call panel' },
  { event: 'call.ended', audience: 'user', roles: everyone, summary: "The user's call ended: the result form" },
  { event: 'calls.snapshot', audience: 'user', roles: everyone, summary: "The user's ringing and active calls, on (re)connect" },
  { event: 'incoming.calls', audience: 'secretaries', roles: secretaries, summary: 'Every current incoming call with its card' },
  { event: 'extension.state', audience: 'all', roles: everyone, summary: 'An extension changed state (busy lamps)' },
  { event: 'extension.states', audience: 'all', roles: everyone, summary: 'Several extension changes of one 250 ms window, latest state each (busy lamps under load)' },
  { event: 'extensions.snapshot', audience: 'user', roles: everyone, summary: 'Every extension state, on (re)connect' },
  { event: 'sms.inbound', audience: 'user', roles: everyone, summary: "An SMS arrived from a client the user is responsible for" },
  { event: 'telemarketing.desk', audience: 'user', roles: ['admin', 'supervisor', 'operator', 'telemarketer'], summary: "The telemarketer's desk (same shape as GET /api/telemarketing/desk), pushed when the dialer connects a customer" },
  { event: 'wallboard', audience: 'supervisors', roles: supervisors, summary: 'Live wallboard figures' },
  { event: 'pbx.status', audience: 'supervisors', roles: supervisors, summary: 'PBX connection state' },
];
