/**
 * The fax port (design: shared/ARCHITECTURE.md "Fax"): documents rendered to TIFF-F (1728 px wide,
 * 204×196 dpi, G3) are sent through a transport (Asterisk SendFAX/ReceiveFAX via ARI, HylaFAX); inbound faxes
 * are stored and linked to the caller's client. Only the contract exists so far; no transport is built.
 */
export type FaxJobState = 'queued' | 'rendering' | 'sending' | 'sent' | 'failed';

export interface OutboundFax {
  readonly jobId: string;
  /** dialable number of the remote fax */
  readonly to: string;
  /** path of a TIFF-F file (class F, G3, 1728 px wide) */
  readonly tiffPath: string;
  readonly stationId: string | null;
  readonly headerInfo: string | null;
}

export interface FaxResult {
  readonly jobId: string;
  readonly state: Extract<FaxJobState, 'sent' | 'failed'>;
  readonly pages: number;
  readonly bitRate: number | null;
  readonly reason: string | null;
}

export interface InboundFax {
  readonly from: string | null;
  readonly tiffPath: string;
  readonly pages: number;
  readonly receivedAt: number;
}

/**
 * Contract: a transport translates; it never persists or notifies users. `send` resolves when the remote
 * side confirmed or the transport gave up (never both); inbound faxes are reported to `onInbound`.
 */
export interface FaxTransport {
  readonly name: string;
  send(fax: OutboundFax): Promise<FaxResult>;
  onInbound(listener: (fax: InboundFax) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}
