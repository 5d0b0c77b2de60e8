import { z } from 'zod';
import { encodeAddress, smscOctets, tpAddressOctets } from './address.js';
import { dcsFor } from './dcs.js';
import { chooseEncoding, defaultConcatRef, splitIntoParts } from './encode-parts.js';
import { type EncodedPart, type EncodedSubmit } from './encode-submit.js';
import { bytesToHex } from './hex.js';
import { pduError } from './pdu-error.js';
import { encodeScts, parseIsoWithOffset } from './scts.js';

/**
 * Network-side PDUs (what an SMSC sends a phone): SMS-DELIVER and SMS-STATUS-REPORT. zari never sends these to a
 * network; they exist so fake modems and tests can produce realistic `+CMT`/`+CDS` lines.
 */
export const deliverInputSchema = z.object({
  from: z.string().min(1).max(32),
  text: z.string().max(255 * 153),
  /** SC time stamp, ISO-8601 with offset. */
  timestamp: z.string(),
  smsc: z.string().max(24).nullable().optional(),
  encoding: z.enum(['auto', 'gsm7', 'ucs2']).optional(),
  concatRef: z.number().int().min(0).max(255).optional(),
});
export type DeliverInput = z.input<typeof deliverInputSchema>;

function scts(iso: string): number[] {
  const { date, offsetMinutes } = parseIsoWithOffset(iso);
  return Array.from(encodeScts(date, offsetMinutes));
}

export function encodeDeliver(input: DeliverInput): EncodedSubmit {
  const parsed = deliverInputSchema.safeParse(input);
  if (!parsed.success) throw pduError(`SMS-DELIVER input: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const o = parsed.data;
  const split = splitIntoParts(o.text, chooseEncoding(o.text, o.encoding ?? 'auto'), () => o.concatRef ?? defaultConcatRef(o.from, o.text));
  const smsc = smscOctets(o.smsc);
  const oa = tpAddressOctets(encodeAddress(o.from));
  const fo = 0x04 | (split.concatRef === null ? 0 : 0x40); // TP-MMS set: no more messages waiting
  const ts = scts(o.timestamp);
  const dcs = dcsFor(split.encoding, false);
  const parts = split.parts.map((p): EncodedPart => {
    const head = [fo, ...oa, 0x00, dcs, ...ts, p.udl];
    return { pdu: bytesToHex(smsc) + bytesToHex(head) + bytesToHex(p.ud), tpduLength: head.length + p.ud.length, seq: p.seq, total: p.total, text: p.text };
  });
  return { encoding: split.encoding, concatRef: split.concatRef, parts };
}

export const statusReportInputSchema = z.object({
  reference: z.number().int().min(0).max(255),
  recipient: z.string().min(1).max(32),
  status: z.number().int().min(0).max(255),
  timestamp: z.string(),
  dischargeTime: z.string(),
  smsc: z.string().max(24).nullable().optional(),
});
export type StatusReportInput = z.input<typeof statusReportInputSchema>;

/** SMS-STATUS-REPORT hex PDU (SMSC field first) and its TPDU length. */
export function encodeStatusReport(input: StatusReportInput): { pdu: string; tpduLength: number } {
  const parsed = statusReportInputSchema.safeParse(input);
  if (!parsed.success) throw pduError(`SMS-STATUS-REPORT input: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const o = parsed.data;
  const tpdu = [0x06, o.reference, ...tpAddressOctets(encodeAddress(o.recipient)), ...scts(o.timestamp), ...scts(o.dischargeTime), o.status];
  return { pdu: bytesToHex([...smscOctets(o.smsc), ...tpdu]), tpduLength: tpdu.length };
}
