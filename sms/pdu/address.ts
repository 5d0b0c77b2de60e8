import { packSeptets, unpackSeptets } from './gsm7-packing.js';
import { septetsToText, textToSeptets } from './gsm7-alphabet.js';
import { type OctetReader } from './octet-reader.js';
import { pduError } from './pdu-error.js';

/** Type of number (TS 23.040 §9.1.2.5, bits 6..4 of the TOA octet). */
export type TypeOfNumber =
  | 'unknown' | 'international' | 'national' | 'network-specific'
  | 'subscriber' | 'alphanumeric' | 'abbreviated' | 'reserved';

const TONS: readonly TypeOfNumber[] = [
  'unknown', 'international', 'national', 'network-specific', 'subscriber', 'alphanumeric', 'abbreviated', 'reserved',
];

/** A decoded address. `value` is "+digits" for international numbers, the raw digits otherwise, text for alphanumeric. */
export interface SmsAddress {
  value: string;
  ton: TypeOfNumber;
  /** Numbering plan identification (bits 3..0): 1 = ISDN/E.164, 9 = private, 0 = unknown. */
  npi: number;
  toa: number;
}

/** BCD semi-octet digits (TS 23.040 §9.1.2.3): 0-9, *, #, a, b, c; F is filler. */
const SEMI_OCTET = '0123456789*#abc';

export function decodeSemiOctets(bytes: Uint8Array, digits: number): string {
  let out = '';
  for (let i = 0; i < digits; i++) {
    const b = bytes[i >> 1] ?? 0xff;
    const nibble = i & 1 ? b >> 4 : b & 0x0f;
    if (nibble === 0x0f) break;
    out += SEMI_OCTET[nibble]!;
  }
  return out;
}

export function encodeSemiOctets(digits: string): Uint8Array {
  const out = new Uint8Array(Math.ceil(digits.length / 2)).fill(0xff);
  for (let i = 0; i < digits.length; i++) {
    const n = SEMI_OCTET.indexOf(digits[i]!.toLowerCase());
    if (n < 0) throw pduError(`address digit ${JSON.stringify(digits[i])} is not a semi-octet digit`);
    const j = i >> 1;
    out[j] = i & 1 ? (out[j]! & 0x0f) | (n << 4) : (out[j]! & 0xf0) | n;
  }
  return out;
}

function addressFrom(toa: number, body: Uint8Array, digits: number): SmsAddress {
  const ton = TONS[(toa >> 4) & 0x07]!;
  const npi = toa & 0x0f;
  if (ton === 'alphanumeric') {
    const septets = Math.floor((digits * 4) / 7);
    return { value: septetsToText(unpackSeptets(body, septets)), ton, npi, toa };
  }
  const raw = decodeSemiOctets(body, digits);
  return { value: ton === 'international' ? `+${raw}` : raw, ton, npi, toa };
}

/** TP-OA / TP-DA / TP-RA: length in semi-octets, TOA, body. At most 20 digits (11 alphanumeric chars). */
export function readTpAddress(r: OctetReader, field: string): SmsAddress {
  const digits = r.octet(`${field} length`);
  if (digits > 20) throw pduError(`${field} length ${digits} exceeds 20 semi-octets`, { field });
  const toa = r.octet(`${field} type-of-address`);
  const body = r.take(Math.ceil(digits / 2), `${field} digits`);
  return addressFrom(toa, body, digits);
}

/** SMSC information (TS 24.011 RP address): length in octets incl. TOA; 0 means "use the modem's SMSC". */
export function readSmscAddress(r: OctetReader): SmsAddress | null {
  const len = r.octet('SMSC length');
  if (len === 0) return null;
  if (len > 11) throw pduError(`SMSC length ${len} exceeds 11 octets`, { field: 'SMSC' });
  const toa = r.octet('SMSC type-of-address');
  const body = r.take(len - 1, 'SMSC digits');
  return addressFrom(toa, body, (len - 1) * 2);
}

/** How a number without "+" is typed when encoding: unknown (0x81, what modems expect) or national (0xA1). */
export type LocalNumberType = 'unknown' | 'national';

export interface EncodedAddress {
  toa: number;
  body: Uint8Array;
  /** Semi-octets (TP address length) */
  digits: number;
}

const alphanumericPattern = /[^0-9*#+\s\-().]/;

export function encodeAddress(input: string, local: LocalNumberType = 'unknown'): EncodedAddress {
  const trimmed = input.trim();
  if (trimmed.length === 0) throw pduError('address is empty');
  if (alphanumericPattern.test(trimmed)) return encodeAlphanumeric(trimmed);
  const international = trimmed.startsWith('+');
  const digits = trimmed.replace(/[\s\-().+]/g, '');
  if (digits.length === 0 || digits.length > 20) throw pduError(`address must have 1..20 digits, got ${digits.length}`);
  const toa = international ? 0x91 : local === 'national' ? 0xa1 : 0x81;
  return { toa, body: encodeSemiOctets(digits), digits: digits.length };
}

function encodeAlphanumeric(text: string): EncodedAddress {
  const septets = textToSeptets(text);
  if (septets === null) throw pduError('alphanumeric address has characters outside the GSM 7-bit alphabet');
  if (septets.length > 11) throw pduError('alphanumeric address is longer than 11 septets');
  const body = packSeptets(septets);
  return { toa: 0xd0, body, digits: Math.ceil((septets.length * 7) / 4) };
}

/** TP-DA octets: length, TOA, body. */
export function tpAddressOctets(a: EncodedAddress): number[] {
  return [a.digits, a.toa, ...a.body];
}

/** SMSC octets for a modem PDU: `00` when null (use the SIM's SMSC). */
export function smscOctets(smsc: string | null | undefined, local: LocalNumberType = 'unknown'): number[] {
  if (smsc === null || smsc === undefined || smsc === '') return [0];
  const a = encodeAddress(smsc, local);
  if (a.toa === 0xd0) throw pduError('SMSC address must be a number');
  return [a.body.length + 1, a.toa, ...a.body];
}
