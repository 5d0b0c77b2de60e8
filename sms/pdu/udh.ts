import { bytesToHex } from './hex.js';
import { pduError } from './pdu-error.js';

/** Concatenated short message IE (TS 23.040 §9.2.3.24.1 IEI 0x00, §9.2.3.24.8 IEI 0x08). */
export interface ConcatInfo {
  ref: number;
  refBits: 8 | 16;
  total: number;
  seq: number;
}

/** Application port addressing IE (IEI 0x04: 8-bit, 0x05: 16-bit). */
export interface PortInfo {
  dest: number;
  orig: number;
  bits: 8 | 16;
}

/** One information element. Unknown IEs are preserved as raw octets. */
export interface InformationElement {
  iei: number;
  data: Uint8Array;
  concat?: ConcatInfo;
  port?: PortInfo;
}

function interpret(iei: number, d: Uint8Array): InformationElement {
  const ie: InformationElement = { iei, data: d };
  if (iei === 0x00 && d.length === 3) ie.concat = { ref: d[0]!, refBits: 8, total: d[1]!, seq: d[2]! };
  if (iei === 0x08 && d.length === 4) ie.concat = { ref: (d[0]! << 8) | d[1]!, refBits: 16, total: d[2]!, seq: d[3]! };
  if (iei === 0x04 && d.length === 2) ie.port = { dest: d[0]!, orig: d[1]!, bits: 8 };
  if (iei === 0x05 && d.length === 4) ie.port = { dest: (d[0]! << 8) | d[1]!, orig: (d[2]! << 8) | d[3]!, bits: 16 };
  return ie;
}

/** Parse the UDH body (after the UDHL octet). Every IE must fit exactly inside the header. */
export function parseUdh(header: Uint8Array): InformationElement[] {
  const out: InformationElement[] = [];
  let i = 0;
  while (i < header.length) {
    const iei = header[i]!;
    const len = header[i + 1];
    if (len === undefined || i + 2 + len > header.length) {
      throw pduError(`UDH information element 0x${iei.toString(16)} overruns the header`, { udh: bytesToHex(header) });
    }
    out.push(interpret(iei, header.subarray(i + 2, i + 2 + len)));
    i += 2 + len;
  }
  return out;
}

/** The concatenation IE of a header, if any (a zero total or seq is invalid and ignored). */
export function findConcat(ies: readonly InformationElement[]): ConcatInfo | null {
  for (const ie of ies) {
    const c = ie.concat;
    if (c && c.total > 0 && c.seq > 0 && c.seq <= c.total) return c;
  }
  return null;
}

/** Build a UDH (including its UDHL octet) from IEs. */
export function buildUdh(ies: readonly { iei: number; data: ArrayLike<number> }[]): Uint8Array {
  const body: number[] = [];
  for (const ie of ies) body.push(ie.iei, ie.data.length, ...Array.from(ie.data));
  if (body.length > 139) throw pduError('UDH is longer than 139 octets');
  return Uint8Array.from([body.length, ...body]);
}

export function concatIe(ref: number, total: number, seq: number, refBits: 8 | 16 = 8): { iei: number; data: number[] } {
  return refBits === 8
    ? { iei: 0x00, data: [ref & 0xff, total, seq] }
    : { iei: 0x08, data: [(ref >> 8) & 0xff, ref & 0xff, total, seq] };
}
