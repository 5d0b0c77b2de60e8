import { type DataCoding } from './dcs.js';
import { septetsToText } from './gsm7-alphabet.js';
import { packedLength, unpackSeptets } from './gsm7-packing.js';
import { type OctetReader } from './octet-reader.js';
import { pduError } from './pdu-error.js';
import { decodeUcs2 } from './ucs2.js';
import { findConcat, parseUdh, type ConcatInfo, type InformationElement } from './udh.js';

/** Decoded TP-UD. */
export interface UserData {
  /** Text for GSM-7 and UCS-2; null for 8-bit data (see `data`). */
  text: string | null;
  /** The payload after the UDH: septet values for GSM-7, raw octets otherwise. */
  data: Uint8Array;
  /** The TP-UD octets after the UDH exactly as transmitted (still packed for GSM-7). */
  raw: Uint8Array;
  udh: InformationElement[];
  concat: ConcatInfo | null;
  /** TP-UDL as sent (septets for GSM-7, octets otherwise). */
  length: number;
  /** True when TP-UDL claimed more than the 140-octet maximum and the octets present were used instead. */
  lengthCorrected: boolean;
  /** Lenient decoding only: the PDU ended before TP-UDL was satisfied; the text is what arrived. */
  truncated: boolean;
}

interface Mode {
  hasUdh: boolean;
  lenient: boolean;
}

const MAX_OCTETS = 140;
const MAX_SEPTETS = 160;

function readHeader(ud: Uint8Array, m: Mode): { ies: InformationElement[]; headerOctets: number } {
  if (!m.hasUdh) return { ies: [], headerOctets: 0 };
  const udhl = ud[0];
  if (udhl === undefined) {
    if (m.lenient) return { ies: [], headerOctets: 0 };
    throw pduError('TP-UDHI is set but the user data is empty');
  }
  if (udhl + 1 > ud.length) throw pduError(`UDH length ${udhl} exceeds the user data (${ud.length} octets)`);
  return { ies: parseUdh(ud.subarray(1, 1 + udhl)), headerOctets: udhl + 1 };
}

/** Strict: the octets TP-UDL promises must be there. Lenient: take what is there and say so. */
function takeUd(r: OctetReader, needed: number, m: Mode, field: string): { ud: Uint8Array; truncated: boolean } {
  if (m.lenient && needed > r.remaining) return { ud: r.rest(), truncated: true };
  return { ud: r.take(needed, field), truncated: false };
}

function decodeGsm7(r: OctetReader, udl: number, m: Mode): UserData {
  let septets = udl;
  let corrected = false;
  if (udl > MAX_SEPTETS) {
    septets = Math.floor((r.remaining * 8) / 7);
    corrected = true;
  }
  const { ud, truncated } = takeUd(r, packedLength(septets), m, 'TP-UD (GSM 7-bit)');
  if (truncated) septets = Math.min(septets, Math.floor((ud.length * 8) / 7));
  const { ies, headerOctets } = readHeader(ud, m);
  const headerSeptets = Math.ceil((headerOctets * 8) / 7);
  if (headerSeptets > septets && !(m.lenient && headerOctets === 0)) throw pduError(`UDH (${headerOctets} octets) is longer than TP-UDL (${septets} septets)`);
  const fill = headerSeptets * 7 - headerOctets * 8;
  const body = unpackSeptets(ud.subarray(headerOctets), septets - headerSeptets, fill);
  return { text: septetsToText(body), data: body, raw: ud.slice(headerOctets), udh: ies, concat: findConcat(ies), length: udl, lengthCorrected: corrected, truncated };
}

function decodeOctets(r: OctetReader, udl: number, m: Mode, coding: DataCoding): UserData {
  let octets = udl;
  let corrected = false;
  if (udl > MAX_OCTETS) {
    octets = r.remaining;
    corrected = true;
  }
  const { ud, truncated } = takeUd(r, octets, m, `TP-UD (${coding.encoding})`);
  const { ies, headerOctets } = readHeader(ud, m);
  const body = ud.slice(headerOctets);
  const text = coding.encoding === 'ucs2' ? decodeUcs2(body) : null;
  return { text, data: body, raw: body, udh: ies, concat: findConcat(ies), length: udl, lengthCorrected: corrected, truncated };
}

/** Read TP-UDL and TP-UD. A UDL that is plausible but not backed by octets is an error (truncated PDU). */
export function readUserData(r: OctetReader, coding: DataCoding, m: Mode): UserData {
  const udl = r.octet('TP-UDL');
  if (coding.compressed) throw pduError('compressed user data (TS 23.042) is not supported', { dcs: coding.dcs });
  if (coding.encoding === 'gsm7') return decodeGsm7(r, udl, m);
  return decodeOctets(r, udl, m, coding);
}
