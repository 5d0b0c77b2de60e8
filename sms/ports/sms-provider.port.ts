import type { Emitter } from '../../kernel/index.js';
import type { DeliveryOutcome } from '../pdu/status.js';

/** One sending channel of a provider: a GSM modem (or the log provider's single pseudo-channel). */
export type SmsChannelState = 'connecting' | 'ready' | 'disconnected' | 'stopped';

export interface SmsChannelStatus {
  readonly id: string;
  readonly provider: string;
  readonly state: SmsChannelState;
  readonly since: string;
  readonly lastError: string | null;
  readonly reconnects: number;
  readonly signalDbm: number | null;
  readonly registration: string | null;
  readonly operator: string | null;
}

/** A whole inbound SMS (concatenated parts joined). */
export interface InboundSms {
  readonly channelId: string;
  readonly from: string;
  readonly text: string;
  readonly receivedAt: Date;
  /** false when some parts never arrived (what came is kept) */
  readonly complete: boolean;
  readonly parts: number;
}

/** A delivery report for one part (correlate on channel + reference, the TP-MR from the send). */
export interface DeliveryReport {
  readonly channelId: string;
  readonly reference: number;
  readonly outcome: DeliveryOutcome;
  readonly statusCode: number;
  readonly statusText: string;
}

export interface SmsProviderEvents extends Record<string, unknown> {
  received: InboundSms;
  report: DeliveryReport;
  channel: SmsChannelStatus;
}

/** One encoded SMS-SUBMIT part (from `encodeSubmit`). */
export interface OutboundPart {
  readonly pdu: string;
  readonly tpduLength: number;
  readonly to: string;
  readonly text: string;
}

export interface SendHooks {
  readonly beforeBody?: () => Promise<void>;
}

/**
 * The SMS port. Contract:
 * - A provider translates; it never persists and never calls the CRM. The outbound queue owns state.
 * - `sendPart` resolves with the reference the network will quote in delivery reports.
 * - Failures are ZariError: `modem_rejected` (the modem/network refused; `details.transient` says whether a
 *   later retry may succeed), `modem_unavailable` (no answer, device gone; `details.inDoubt` is true when the
 *   part had already left the host, so it may have been sent — the queue must not resend it).
 */
export interface SmsProvider {
  readonly name: string;
  readonly events: Emitter<SmsProviderEvents>;
  channels(): SmsChannelStatus[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * `hooks.beforeBody` runs right before the part leaves the host (after the modem's prompt); when it throws,
   * nothing is sent. Until it has run, a crash cannot have sent the part.
   */
  sendPart(channelId: string, part: OutboundPart, hooks?: SendHooks): Promise<{ readonly reference: number }>;
  /** signal, registration, operator (refreshes the channel status) */
  checkHealth(channelId: string): Promise<SmsChannelStatus>;
  /** the SIM balance by USSD (e.g. "*100#"); providers without one reject with capability_missing */
  balance(channelId: string, code: string): Promise<string>;
}
