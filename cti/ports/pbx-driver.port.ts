import type { Emitter } from '../../kernel/index.js';
import type { PbxEvent } from '../domain/call-event.js';

/** What a driver can do. The UI hides what is missing; services refuse with `capability_missing`. */
export const capabilities = ['monitor', 'originate', 'transfer', 'record', 'hangup', 'device-state'] as const;
export type Capability = (typeof capabilities)[number];

export type PbxConnectionState = 'connecting' | 'connected' | 'disconnected' | 'auth_failed' | 'stopped';

export interface PbxStatus {
  readonly driver: string;
  readonly state: PbxConnectionState;
  readonly since: number;
  readonly lastError: string | null;
  readonly reconnects: number;
}

export interface PbxDriverEvents extends Record<string, unknown> {
  event: PbxEvent;
  status: PbxStatus;
}

export interface OriginateRequest {
  /** the user's own extension, rung first */
  readonly extension: string;
  /** the customer's number in dialable form */
  readonly number: string;
  readonly callerId: string | null;
  readonly context: string;
  readonly timeoutMs: number;
  readonly variables?: Readonly<Record<string, string>>;
}

/**
 * The PBX port. Contract:
 * - A driver translates; it never persists, never talks to browsers, never calls the CRM.
 * - `events` emits only what the PBX said (mapped to PbxEvent), in PBX order.
 * - After every (re)connect a driver that can, resynchronises: `resync.begin`, `leg.created` with
 *   `resync: true` for each live channel, `resync.complete`.
 * - Commands on a driver without the capability reject with ZariError('capability_missing').
 * - PBX errors become ZariError('pbx_rejected' | 'pbx_unavailable' | 'no_such_call') at this boundary.
 */
export interface PbxDriver {
  readonly name: string;
  readonly capabilities: ReadonlySet<Capability>;
  readonly events: Emitter<PbxDriverEvents>;
  status(): PbxStatus;
  start(): Promise<void>;
  stop(): Promise<void>;
  originate(req: OriginateRequest): Promise<{ readonly actionId: string }>;
  /** blind transfer of the leg (the customer's channel) to an extension */
  redirect(legChannel: string, extension: string, context: string): Promise<void>;
  /** attended transfer started by the user's leg */
  attendedTransfer(userLegChannel: string, extension: string, context: string): Promise<void>;
  hangup(legChannel: string): Promise<void>;
  startRecording(legChannel: string, file: string): Promise<void>;
  stopRecording(legChannel: string): Promise<void>;
  /** pauses (true) or resumes (false) the running recording of the leg; the paused part is silence (Asterisk: MixMonitorMute) */
  muteRecording(legChannel: string, muted: boolean): Promise<void>;
}
