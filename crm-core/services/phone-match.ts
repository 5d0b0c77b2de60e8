import { ZariError, type Prisma } from '../../kernel/index.js';
import type { PhoneInput } from '../domain/client.schema.js';
import { suffixRange, type PhoneNormalizer } from '../phone/index.js';

/** What is stored for one phone: the text as entered, E.164 when parseable, reversed NSN digits. */
export interface PhoneRow {
  type: string;
  raw: string;
  e164: string | null;
  nsnRev: string;
}

const reverseDigits = (s: string): string => [...s.replace(/\D/g, '')].reverse().join('');

/** Normalizes a phone for storage; an unparseable number is refused with 'invalid_phone_number'. */
export function toPhoneRow(phones: PhoneNormalizer, input: PhoneInput): PhoneRow {
  const n = phones.normalize(input.raw);
  if (n.kind === 'invalid') {
    throw new ZariError('invalid_phone_number', `invalid phone number: ${input.raw}`, { field: 'phone', reason: n.reason ?? 'invalid' });
  }
  return { type: input.type, raw: input.raw, e164: n.e164, nsnRev: n.nsnRev || reverseDigits(input.raw) };
}

/** A range condition "nsnRev starts with prefix" that both SQLite and PostgreSQL serve from the index. */
export function nsnRevPrefix(prefix: string): Prisma.PhoneNumberWhereInput {
  const { lo, hi } = suffixRange(prefix);
  return { nsnRev: hi === null ? { gte: lo } : { gte: lo, lt: hi } };
}

/** Minimum digits for a suffix ("ends with") search typed by a user. */
export const minSearchDigits = 4;

/**
 * Phone search in any format: exact E.164, or the number's trailing digits (national or truncated
 * formats, a part typed by a user). Null when the text has too few digits to search.
 */
export function phoneSearchWhere(phones: PhoneNormalizer, text: string): Prisma.PhoneNumberWhereInput | null {
  const n = phones.normalize(text);
  const rev = n.kind === 'external' && n.nsnRev ? n.nsnRev : reverseDigits(text);
  const ors: Prisma.PhoneNumberWhereInput[] = [];
  if (n.e164) ors.push({ e164: n.e164 });
  if (rev.length >= minSearchDigits) ors.push(nsnRevPrefix(rev));
  return ors.length === 0 ? null : { OR: ors };
}
