import { isGsm7Encodable } from './gsm7-alphabet.js';
import { packSeptets } from './gsm7-packing.js';
import { pduError } from './pdu-error.js';
import { splitGsm7, splitUcs2 } from './split-text.js';
import { encodeUcs2 } from './ucs2.js';
import { buildUdh, concatIe } from './udh.js';

export type TextEncoding = 'gsm7' | 'ucs2';

/** One part's user data: TP-UDL and TP-UD (with the concat UDH when the text needs several parts). */
export interface PartUserData {
  text: string;
  seq: number;
  total: number;
  udl: number;
  ud: Uint8Array;
}

export interface SplitResult {
  encoding: TextEncoding;
  concatRef: number | null;
  parts: PartUserData[];
}

/** GSM-7 when every character is in the alphabet (extension table included), else UCS-2; or as asked. */
export function chooseEncoding(text: string, wanted: 'auto' | TextEncoding): TextEncoding {
  const gsm7ok = isGsm7Encodable(text);
  if (wanted === 'gsm7' && !gsm7ok) throw pduError('text has characters outside the GSM 7-bit alphabet');
  return wanted === 'ucs2' || !gsm7ok ? 'ucs2' : 'gsm7';
}

/** A deterministic default concat reference (FNV-1a of address and text) when the caller has no counter. */
export function defaultConcatRef(address: string, text: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${address}\u0000${text}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return (h >>> 0) & 0xff;
}

function gsm7Ud(septets: number[], udh: Uint8Array | null): { udl: number; ud: Uint8Array } {
  if (udh === null) return { udl: septets.length, ud: packSeptets(septets) };
  const headerSeptets = Math.ceil((udh.length * 8) / 7);
  const body = packSeptets(septets, headerSeptets * 7 - udh.length * 8);
  const ud = new Uint8Array(udh.length + body.length);
  ud.set(udh);
  ud.set(body, udh.length);
  return { udl: headerSeptets + septets.length, ud };
}

function ucs2Ud(text: string, udh: Uint8Array | null): { udl: number; ud: Uint8Array } {
  const body = encodeUcs2(text);
  if (udh === null) return { udl: body.length, ud: body };
  const ud = new Uint8Array(udh.length + body.length);
  ud.set(udh);
  ud.set(body, udh.length);
  return { udl: ud.length, ud };
}

/**
 * Split a text into parts: one part up to 160 GSM-7 septets / 70 UCS-2 units, otherwise 153 / 67 per part
 * with an 8-bit-reference concat UDH. Escape sequences and surrogate pairs are never split.
 */
export function splitIntoParts(text: string, encoding: TextEncoding, ref: () => number): SplitResult {
  const slices = encoding === 'gsm7' ? splitGsm7(text) : splitUcs2(text).map((t) => ({ text: t, septets: [] as number[] }));
  const total = slices.length;
  if (total > 255) throw pduError(`text needs ${total} parts; at most 255 are possible`);
  const concatRef = total > 1 ? ref() : null;
  const parts = slices.map((s, i): PartUserData => {
    const udh = concatRef === null ? null : buildUdh([concatIe(concatRef, total, i + 1)]);
    const { udl, ud } = encoding === 'gsm7' ? gsm7Ud(s.septets, udh) : ucs2Ud(s.text, udh);
    return { text: s.text, seq: i + 1, total, udl, ud };
  });
  return { encoding, concatRef, parts };
}
