import { z } from 'zod';
import { pduError } from './pdu-error.js';

/** A hex PDU as a modem prints it: even length, hex digits only (either case), surrounding quotes/space tolerated. */
export const pduHexSchema = z.string().max(1100, 'PDU is longer than any SMS PDU');

const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

/** Value of one hex digit char code, or -1. */
function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

function clean(s: string): string {
  const c0 = s.charCodeAt(0);
  const cn = s.charCodeAt(s.length - 1);
  const needs = c0 === 34 || cn === 34 || c0 <= 32 || cn <= 32;
  return needs ? s.trim().replace(/^"+|"+$/g, '').trim() : s;
}

/** Hex (from a modem line) → octets. Every defect is a validation error naming the position. */
export function hexToBytes(input: unknown): Uint8Array {
  const parsed = pduHexSchema.safeParse(input);
  if (!parsed.success) throw pduError(parsed.error.issues[0]?.message ?? 'PDU must be a hex string');
  const hex = clean(parsed.data);
  if (hex.length === 0) throw pduError('PDU is empty');
  if (hex.length % 2 !== 0) throw pduError('PDU hex has an odd number of digits', { length: hex.length });
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(hex.charCodeAt(i * 2));
    const lo = nibble(hex.charCodeAt(i * 2 + 1));
    if (hi < 0 || lo < 0) throw pduError(`PDU contains non-hex characters at position ${i * 2}`, { position: i * 2 });
    out[i] = (hi << 4) | lo;
  }
  return out;
}

export function bytesToHex(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += BYTE_HEX[(bytes[i] ?? 0) & 0xff]!;
  return s;
}
