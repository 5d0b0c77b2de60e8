import { isGsm7Encodable } from '../../sms/index.js';
import { GSM7_DEFAULT_ALPHABET, GSM7_EXTENSION, septetsToText, textToSeptets } from '../../sms/pdu/gsm7-alphabet.js';
import { packSeptets, unpackSeptets } from '../../sms/pdu/gsm7-packing.js';
import { loadSmsFixture } from './fixtures.js';

interface Tables {
  default_alphabet: string;
  escape_septet: number;
  extension_table: Record<string, number>;
  packing_tests: Record<string, { text: string; septets?: number[]; packed?: number[]; hex?: string; septet_count?: number; fill_bits?: number }[]>;
}

const tables = loadSmsFixture<Tables>('gsm7-tables.json');
const cases = Object.values(tables.packing_tests).flat();
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();

describe('GSM 7-bit alphabet (TS 23.038)', () => {
  it('matches the default alphabet of Android\'s table (index 27 is the escape)', () => {
    expect(GSM7_DEFAULT_ALPHABET).toHaveLength(128);
    for (let i = 0; i < 128; i++) if (i !== tables.escape_septet) expect(GSM7_DEFAULT_ALPHABET[i]).toBe(tables.default_alphabet[i]);
  });

  it('matches the extension table', () => {
    for (const [ch, code] of Object.entries(tables.extension_table)) expect(GSM7_EXTENSION.get(code)).toBe(ch);
  });

  it('knows which texts need UCS-2', () => {
    expect(isGsm7Encodable('€[]{}^~\\| ΔΩ @£')).toBe(true);
    expect(isGsm7Encodable('Привет')).toBe(false);
    expect(isGsm7Encodable('გამარჯობა')).toBe(false);
    expect(isGsm7Encodable('🙂')).toBe(false);
  });

  it('maps ESC + an unknown code to the default character and ESC ESC to a space', () => {
    expect(septetsToText([0x1b, 0x41, 0x1b, 0x1b])).toBe('A ');
  });
});

describe('GSM 7-bit packing vectors', () => {
  it.each(cases.map((c) => [c.text, c] as const))('packs and unpacks %j', (text, c) => {
    const septets = textToSeptets(text)!;
    if (c.septets) expect(septets).toEqual(c.septets);
    const packed = packSeptets(septets, c.fill_bits ?? 0);
    const want = c.hex ?? toHex(Uint8Array.from(c.packed ?? []));
    const count = c.septet_count ?? septets.length;
    if (c.septet_count === undefined) expect(toHex(packed)).toBe(want);
    const bytes = Uint8Array.from(Buffer.from(want, 'hex'));
    expect(septetsToText(unpackSeptets(bytes, count, c.fill_bits ?? 0))).toBe(text);
  });

  it('loses a trailing @ without the septet count (why TP-UDL counts septets)', () => {
    const bytes = Uint8Array.from(Buffer.from('61F1985C369F01', 'hex'));
    expect(septetsToText(unpackSeptets(bytes, 7))).toBe('abcdefg');
    expect(septetsToText(unpackSeptets(bytes, 8))).toBe('abcdefg@');
  });
});
