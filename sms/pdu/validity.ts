import { type OctetReader } from './octet-reader.js';
import { pduError } from './pdu-error.js';
import { type ValidityPeriod } from './pdu-types.js';
import { decodeScts, encodeScts, parseIsoWithOffset } from './scts.js';

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;
const WEEK = 7 * DAY;

/** Relative TP-VP octet → seconds (TS 23.040 §9.2.3.12.1). */
export function relativeValiditySeconds(vp: number): number {
  if (vp <= 143) return (vp + 1) * 5 * MIN;
  if (vp <= 167) return 12 * HOUR + (vp - 143) * 30 * MIN;
  if (vp <= 196) return (vp - 166) * DAY;
  return (vp - 192) * WEEK;
}

/** Seconds → the smallest relative TP-VP octet covering them (capped at 63 weeks, 0xFF). */
export function relativeValidityOctet(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0) throw pduError('validity period must be a positive number of seconds');
  if (seconds <= 12 * HOUR) return Math.max(0, Math.ceil(seconds / (5 * MIN)) - 1);
  if (seconds <= DAY) return 143 + Math.ceil((seconds - 12 * HOUR) / (30 * MIN));
  if (seconds <= 30 * DAY) return 166 + Math.ceil(seconds / DAY);
  return Math.min(255, 192 + Math.ceil(seconds / WEEK));
}

/** Read TP-VP according to TP-VPF (bits 4..3 of the first octet). */
export function readValidity(r: OctetReader, firstOctet: number): ValidityPeriod | null {
  const vpf = (firstOctet >> 3) & 0x03;
  if (vpf === 0) return null;
  if (vpf === 2) {
    const octet = r.octet('TP-VP (relative)');
    return { kind: 'relative', seconds: relativeValiditySeconds(octet), octet };
  }
  if (vpf === 3) return { kind: 'absolute', timestamp: decodeScts(r.take(7, 'TP-VP (absolute)'), 'TP-VP') };
  return { kind: 'enhanced', octets: r.take(7, 'TP-VP (enhanced)').slice() };
}

/** What a caller may ask for when encoding. */
export type ValidityInput = { relativeSeconds: number } | { absolute: string } | null;

export function encodeValidity(v: ValidityInput | undefined): { vpf: number; octets: number[] } {
  if (v === undefined || v === null) return { vpf: 0, octets: [] };
  if ('relativeSeconds' in v) return { vpf: 2, octets: [relativeValidityOctet(v.relativeSeconds)] };
  const { date, offsetMinutes } = parseIsoWithOffset(v.absolute);
  return { vpf: 3, octets: Array.from(encodeScts(date, offsetMinutes)) };
}
