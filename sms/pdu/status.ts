/** What a TP-ST value means for the message (TS 23.040 §9.2.3.15). */
export type DeliveryOutcome = 'delivered' | 'pending' | 'failed';

export interface DeliveryStatus {
  /** Raw TP-ST, kept even when reserved. */
  code: number;
  outcome: DeliveryOutcome;
  /** Short human description of the TP-ST range. */
  description: string;
}

const NAMED: ReadonlyMap<number, string> = new Map([
  [0x00, 'received by the SME'],
  [0x01, 'forwarded, delivery unconfirmed'],
  [0x02, 'replaced by the SC'],
  [0x20, 'congestion, SC still trying'],
  [0x21, 'SME busy, SC still trying'],
  [0x22, 'no response from SME, SC still trying'],
  [0x23, 'service rejected, SC still trying'],
  [0x40, 'remote procedure error'],
  [0x41, 'incompatible destination'],
  [0x42, 'connection rejected by SME'],
  [0x43, 'not obtainable'],
  [0x44, 'quality of service not available'],
  [0x45, 'no interworking available'],
  [0x46, 'SM validity period expired'],
  [0x47, 'SM deleted by originating SME'],
  [0x48, 'SM deleted by SC administration'],
  [0x49, 'SM does not exist'],
  [0x60, 'congestion, SC gave up'],
  [0x61, 'SME busy, SC gave up'],
  [0x62, 'no response from SME, SC gave up'],
  [0x63, 'service rejected, SC gave up'],
]);

/**
 * 0x00-0x1F: transaction completed → delivered. 0x20-0x3F: temporary error, SC still trying → pending.
 * 0x40-0x5F: permanent error, 0x60-0x7F: temporary error and SC stopped → failed.
 * 0x80-0xFF are reserved; the spec has the receiver treat them as "service rejected" → failed.
 */
export function mapDeliveryStatus(code: number): DeliveryStatus {
  const outcome: DeliveryOutcome = code < 0x20 ? 'delivered' : code < 0x40 ? 'pending' : 'failed';
  const range =
    code < 0x20 ? 'transaction completed' : code < 0x40 ? 'temporary error, SC still trying'
      : code < 0x60 ? 'permanent error' : code < 0x80 ? 'temporary error, SC gave up' : 'reserved value';
  return { code, outcome, description: NAMED.get(code) ?? range };
}

/**
 * Roll the per-part outcomes of a concatenated message up to the message: failed if any part failed,
 * delivered when every part is delivered, pending otherwise (including parts with no report yet).
 */
export function rollUpOutcome(parts: readonly (DeliveryOutcome | null)[]): DeliveryOutcome {
  if (parts.some((p) => p === 'failed')) return 'failed';
  if (parts.length > 0 && parts.every((p) => p === 'delivered')) return 'delivered';
  return 'pending';
}
