/**
 * GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1, §6.2.1.1).
 * Index = septet value. 0x1B is the escape to the extension table (shown here as NBSP, never emitted).
 */
export const GSM7_ESCAPE = 0x1b;

export const GSM7_DEFAULT_ALPHABET =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u00a0ÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** Extension table: septet code (after ESC) → character. */
export const GSM7_EXTENSION: ReadonlyMap<number, string> = new Map([
  [0x0a, '\f'],
  [0x14, '^'],
  [0x28, '{'],
  [0x29, '}'],
  [0x2f, '\\'],
  [0x3c, '['],
  [0x3d, '~'],
  [0x3e, ']'],
  [0x40, '|'],
  [0x65, '€'],
]);

/**
 * UTF-16 unit → septet code: 0..127 for the default table, 0x100 | code for an extension character (sent as
 * ESC + code), -1 when the character is not in the alphabet. A flat table keeps encoding a lookup per character.
 */
const CODE = new Int16Array(65536).fill(-1);
for (let i = 0; i < GSM7_DEFAULT_ALPHABET.length; i++) {
  if (i !== GSM7_ESCAPE) CODE[GSM7_DEFAULT_ALPHABET.charCodeAt(i)] = i;
}
for (const [code, ch] of GSM7_EXTENSION) CODE[ch.charCodeAt(0)] = 0x100 | code;

/** Septets for one character, or null when the character is not in the GSM 7-bit alphabet. */
export function gsm7SeptetsOf(ch: string): readonly number[] | null {
  if (ch.length !== 1) return null;
  const c = CODE[ch.charCodeAt(0)]!;
  if (c < 0) return null;
  return c & 0x100 ? [GSM7_ESCAPE, c & 0x7f] : [c];
}

/** Septet code of a UTF-16 unit (see CODE), for hot loops. */
export function gsm7Code(unit: number): number {
  return CODE[unit]!;
}

export function isGsm7Encodable(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (CODE[text.charCodeAt(i)]! < 0) return false;
  return true;
}

/** Septets of a whole text, or null at the first character outside the alphabet. */
export function textToSeptets(text: string): number[] | null {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = CODE[text.charCodeAt(i)]!;
    if (c < 0) return null;
    if (c & 0x100) out.push(GSM7_ESCAPE, c & 0x7f);
    else out.push(c);
  }
  return out;
}

/**
 * Septets → text. ESC + an unknown code shows the default-table character (TS 23.038 §6.2.1.1);
 * ESC ESC and a trailing ESC show a space.
 */
export function septetsToText(septets: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < septets.length; i++) {
    const s = septets[i]! & 0x7f;
    if (s !== GSM7_ESCAPE) {
      out += GSM7_DEFAULT_ALPHABET[s]!;
      continue;
    }
    const next = septets[i + 1];
    i += 1;
    if (next === undefined || next === GSM7_ESCAPE) {
      out += ' ';
      continue;
    }
    out += GSM7_EXTENSION.get(next) ?? GSM7_DEFAULT_ALPHABET[next & 0x7f]!;
  }
  return out;
}
