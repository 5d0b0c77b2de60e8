import { readFileSync } from 'node:fs';
import { sharedPath } from '../helpers/shared.js';
import { z } from 'zod';
import { createPhoneNormalizer, type CountryCode } from '../../crm-core/index.js';

/**
 * libphonenumber-js's own parse() cases (source/parse.test.js, real metadata), copied from
 * shared/vectors/phone-numbers/. zari validates, so:
 * - a case libphonenumber rejects must not become an external number;
 * - a case it accepts must give the same E.164, national number (reversed in nsnRev) and extension;
 * - `extended` cases return merely possible numbers: zari rejects the invalid ones but keeps their
 *   digits so a suffix match still works (nsnRev starts with the reversed national number).
 */
const vectorCase = z.object({
  input: z.string(),
  default_region: z.string().nullable(),
  options: z.string().nullable(),
  expected_raw: z.object({ phone: z.string().optional(), ext: z.string().optional(), country: z.string().optional() }),
  expected_e164: z.string().nullable(),
  test_line: z.number(),
});
const file = sharedPath('vectors', 'phone-numbers', 'libphonenumber-js-cases.json');
const cases = z.object({ libphonenumber_js_test_cases: z.array(vectorCase) })
  .parse(JSON.parse(readFileSync(file, 'utf8'))).libphonenumber_js_test_cases;

type VectorCase = z.infer<typeof vectorCase>;

/** The region a case runs in: its default country, "defaultCallingCode: '7'" → RU, none → RU. */
function regionOf(c: VectorCase): CountryCode | null {
  if (c.default_region) return c.default_region as CountryCode;
  const callingCode = /defaultCallingCode: '(\d+)'/.exec(c.options ?? '')?.[1];
  if (callingCode === undefined) return 'RU';
  return callingCode === '7' ? 'RU' : null; // +870 (Inmarsat) has no region to default to
}

const reversed = (s: string): string => [...s].reverse().join('');
const runnable = cases.filter((c) => regionOf(c) !== null);
const normal = runnable.filter((c) => !(c.options ?? '').includes('extended'));
const extended = runnable.filter((c) => (c.options ?? '').includes('extended'));

describe('libphonenumber-js vectors', () => {
  it('has the shared cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(cases.length - runnable.length).toBe(1);
  });

  it.each(normal.map((c) => [c.test_line, c.input, c] as const))('line %i: %j', (_line, input, c) => {
    const region = regionOf(c) ?? 'RU';
    const phones = createPhoneNormalizer({ defaultRegion: region, outsideLinePrefixes: [], extensionMaxDigits: 0 });
    const n = phones.normalize(input);
    if (c.expected_e164 === null) {
      expect(n.kind).not.toBe('external');
      expect(n.e164).toBeNull();
      return;
    }
    expect(n).toMatchObject({ kind: 'external', e164: c.expected_e164 });
    if (c.expected_raw.phone) expect(n.nsnRev).toBe(reversed(c.expected_raw.phone));
    if (c.expected_raw.ext) expect(n.ext).toBe(c.expected_raw.ext);
  });

  it.each(extended.map((c) => [c.test_line, c.input, c] as const))('extended, line %i: %j', (_line, input, c) => {
    const phones = createPhoneNormalizer({ defaultRegion: regionOf(c) ?? 'RU', outsideLinePrefixes: [], extensionMaxDigits: 0 });
    const n = phones.normalize(input);
    if (n.kind === 'external') expect(n.e164).toBe(c.expected_e164);
    else expect(n.e164).toBeNull();
    if (c.expected_raw.phone) expect(n.nsnRev.startsWith(reversed(c.expected_raw.phone))).toBe(true);
  });
});
