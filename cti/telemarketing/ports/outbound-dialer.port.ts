import type { Emitter } from '../../../kernel/index.js';

/**
 * What the dialer loop needs from a PBX for outbound campaign calls. Contract:
 * - `originate` starts a call to `endpoint` identified by `attemptKey`; every later event names it.
 * - `ringing` / `answered` at most once each, then exactly one `ended` with the PBX result
 *   ('normal' after an answer; 'busy' | 'no_answer' | 'failed' before it).
 * - `connect` bridges the answered customer with a telemarketer's channel; `abandon` plays the
 *   short message and hangs up.
 * - `attachAgent` rings a telemarketer's phone into the dialer and resolves with the channel to bridge
 *   customers to, once answered (rejects when it is not); `agent` 'gone' when that line hangs up;
 *   `detachAgent` hangs it up. A driver translates only: no database, no CRM.
 */
export type DialerCallResult = 'normal' | 'busy' | 'no_answer' | 'failed';

export type DialerCallEvent =
  | { attemptKey: string; kind: 'ringing' }
  | { attemptKey: string; kind: 'answered' }
  | { attemptKey: string; kind: 'ended'; result: DialerCallResult };

export interface AgentLineEvent { agentKey: string; kind: 'gone' }

export interface OutboundDialerEvents extends Record<string, unknown> { call: DialerCallEvent; agent: AgentLineEvent }

export interface OutboundDialer {
  readonly events: Emitter<OutboundDialerEvents>;
  originate(req: { attemptKey: string; endpoint: string; callerId: string | null; timeoutSeconds: number }): Promise<void>;
  connect(attemptKey: string, agentChannelId: string): Promise<void>;
  abandon(attemptKey: string, media: string): Promise<void>;
  /** ends a customer's call (the telemarketer finished while the customer was still on the line) */
  hangup(attemptKey: string): Promise<void>;
  attachAgent(agentKey: string, endpoint: string, timeoutSeconds: number): Promise<string>;
  detachAgent(agentKey: string): Promise<void>;
}
