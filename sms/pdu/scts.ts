import { pduError } from './pdu-error.js';

/** A service-centre time stamp (TS 23.040 §9.2.3.11) in the PDU's own zone. */
export interface SmsTimestamp {
  /** ISO-8601 with the PDU's offset, e.g. `2013-03-08T15:02:16+02:00`. */
  iso: string;
  /** The same instant as a Date (UTC inside). */
  date: Date;
  /** Offset from UTC in minutes (quarter-hour steps). */
  offsetMinutes: number;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function bcd(octet: number, field: string): number {
  const lo = octet & 0x0f;
  const hi = octet >> 4;
  if (lo > 9 || hi > 9) throw pduError(`${field} has a non-decimal digit (0x${octet.toString(16)})`, { field });
  return lo * 10 + hi;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** Decode 7 semi-octet pairs: YY MM DD hh mm ss TZ (TZ in quarter hours, bit 3 of its tens digit = negative). */
export function decodeScts(bytes: Uint8Array, field = 'SCTS'): SmsTimestamp {
  const [y, mo, d, h, mi, s] = [0, 1, 2, 3, 4, 5].map((i) => bcd(bytes[i] ?? 0xff, field)) as [number, number, number, number, number, number];
  const tzOctet = bytes[6] ?? 0;
  const quarters = (tzOctet & 0x0f & 0x07) * 10 + (tzOctet >> 4);
  if ((tzOctet >> 4) > 9 || quarters > 79) throw pduError(`${field} time zone is invalid`, { field });
  const offsetMinutes = (tzOctet & 0x08 ? -1 : 1) * quarters * 15;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) {
    throw pduError(`${field} is not a valid date/time`, { field });
  }
  const year = y >= 90 ? 1900 + y : 2000 + y;
  const iso = `${year}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${formatOffset(offsetMinutes)}`;
  const date = new Date(Date.UTC(year, mo - 1, d, h, mi, s) - offsetMinutes * 60_000);
  return { iso, date, offsetMinutes };
}

const toBcd = (n: number): number => ((n % 10) << 4) | Math.floor(n / 10);

/** Encode an instant in the given zone offset (minutes, multiple of 15) as an SCTS / absolute TP-VP. */
export function encodeScts(date: Date, offsetMinutes: number): Uint8Array {
  if (offsetMinutes % 15 !== 0 || Math.abs(offsetMinutes) > 79 * 15) {
    throw pduError('time zone offset must be a multiple of 15 minutes within ±19:45');
  }
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const q = Math.abs(offsetMinutes) / 15;
  const tz = ((q % 10) << 4) | Math.floor(q / 10) | (offsetMinutes < 0 ? 0x08 : 0);
  return Uint8Array.from([
    toBcd(local.getUTCFullYear() % 100), toBcd(local.getUTCMonth() + 1), toBcd(local.getUTCDate()),
    toBcd(local.getUTCHours()), toBcd(local.getUTCMinutes()), toBcd(local.getUTCSeconds()), tz,
  ]);
}

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})$/;

/** Parse an ISO-8601 string with an explicit offset, keeping the offset for encoding. */
export function parseIsoWithOffset(iso: string): { date: Date; offsetMinutes: number } {
  const m = isoPattern.exec(iso);
  if (!m) throw pduError(`absolute validity ${JSON.stringify(iso)} must be ISO-8601 with an offset`);
  const z = m[7]!;
  const offsetMinutes = z === 'Z' ? 0 : (z.startsWith('-') ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(4, 6)));
  return { date: new Date(iso), offsetMinutes };
}
