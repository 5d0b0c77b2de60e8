import { createPhoneNormalizer, nextDigitPrefix, suffixRange, toCountryCode, type CountryCode, type NormalizedPhone } from '../../crm-core/index.js';
import { isZariError } from '../../kernel/index.js';

const ru = createPhoneNormalizer({ defaultRegion: 'RU', outsideLinePrefixes: [], extensionMaxDigits: 5 });
const ruOut9 = createPhoneNormalizer({ defaultRegion: 'RU', outsideLinePrefixes: ['9'], extensionMaxDigits: 4 });
const ge = createPhoneNormalizer({ defaultRegion: 'GE', outsideLinePrefixes: [], extensionMaxDigits: 4 });
const geOut = createPhoneNormalizer({ defaultRegion: 'GE', outsideLinePrefixes: ['0', '9'], extensionMaxDigits: 4 });

const MOBILE_RU = '+79161234567';
const MSK = '+74951234567';
const TBILISI = '+995322123456';
const MOBILE_GE = '+995555123456';

describe('phone normalizer: Russian PBX formats (RU)', () => {
  it.each([
    ['+7 916 123-45-67', MOBILE_RU],
    ['8 (916) 123-45-67', MOBILE_RU],
    ['89161234567', MOBILE_RU],
    ['79161234567', MOBILE_RU],
    ['9161234567', MOBILE_RU],
    ['+7(8)9161234567', MOBILE_RU],
    ['8 495 123 45 67', MSK],
    ['7 (495) 123-45-67', MSK],
    ['8-10-995-32-212-34-56', TBILISI],
    ['810995322123456', TBILISI],
    ['00995322123456', TBILISI],
    ['00 49 30 1234567', '+49301234567'],
    ['81049301234567', '+49301234567'],
    ['995322123456', TBILISI],
    ['tel:+7-916-123-45-67', MOBILE_RU],
    ['"Acme" <+995322123456>', TBILISI],
    ['Иван Петров <89161234567>', MOBILE_RU],
    ['sip:+79161234567@trunk.example;user=phone', MOBILE_RU],
    ['sip:89161234567@10.0.0.1:5060', MOBILE_RU],
    ['+７ ９１６ １２３ ４５ ６７', MOBILE_RU],
  ])('%s → %s', (raw, e164) => {
    const n = ru.normalize(raw);
    expect(n).toMatchObject({ kind: 'external', e164, raw });
    const ccLength = e164.startsWith('+7') ? 1 : e164.startsWith('+49') ? 2 : 3;
    expect(n.nsnRev).toBe([...e164.slice(1 + ccLength)].reverse().join(''));
  });

  it('keeps digits as given and reverses the national significant number', () => {
    expect(ru.normalize('8 (916) 123-45-67')).toEqual({
      kind: 'external', raw: '8 (916) 123-45-67', e164: MOBILE_RU, nsnRev: '7654321619', digits: '89161234567',
    });
  });

  it('reads a "+" typed before a national number as a guess', () => {
    expect(ru.normalize('+8 (916) 123-45-67')).toMatchObject({ kind: 'external', e164: MOBILE_RU, guessed: true });
    expect(ge.normalize('+0322 12 34 56')).toMatchObject({ kind: 'external', e164: TBILISI, guessed: true });
    expect(ru.normalize('+7 916 123 45 6').kind).toBe('invalid');
  });

  it('marks E.164 numbers that rest on a guess', () => {
    expect(ge.normalize('79161234567')).toMatchObject({ e164: MOBILE_RU, guessed: true });
    expect(ru.normalize('951234567')).toMatchObject({ e164: '+951234567', guessed: true });
    expect(ru.normalize('79161234567').guessed).toBeUndefined();
    expect(ruOut9.normalize('989161234567').guessed).toBeUndefined();
  });

  it('keeps an extension given after the number', () => {
    expect(ru.normalize('+7 495 123-45-67 доб. 123')).toMatchObject({ e164: MSK, ext: '123', digits: '74951234567' });
    expect(ru.normalize('tel:+74951234567;ext=55')).toMatchObject({ e164: MSK, ext: '55' });
  });
});

describe('phone normalizer: Georgian PBX formats (GE)', () => {
  it.each([
    ['+995 555 12 34 56', MOBILE_GE],
    ['555 12 34 56', MOBILE_GE],
    ['555123456', MOBILE_GE],
    ['0555123456', MOBILE_GE],
    ['0322 12 34 56', TBILISI],
    ['032 2123456', TBILISI],
    ['(032) 212-34-56', TBILISI],
    ['322123456', TBILISI],
    ['995322123456', TBILISI],
    ['00995322123456', TBILISI],
    ['0079161234567', MOBILE_RU],
    ['79161234567', MOBILE_RU],
    ['"Nino" <0322123456>', TBILISI],
    ['sip:555123456@pbx.ge', MOBILE_GE],
    ['8 322 12 34 56', TBILISI], // trunk prefix 8 from before 2011
    ['8 32 2123456', TBILISI],
    ['8-555-12-34-56', MOBILE_GE],
    ['810 7 916 123 45 67', MOBILE_RU],
    ['+995 (32) 2 12 34 56', TBILISI],
  ])('%s → %s', (raw, e164) => {
    expect(ge.normalize(raw)).toMatchObject({ kind: 'external', e164 });
  });
});

describe('phone normalizer: outside-line access codes', () => {
  it.each([
    ['989161234567', MOBILE_RU],
    ['9 8 (495) 123-45-67', MSK],
    ['99161234567', MOBILE_RU],
    ['9810995322123456', TBILISI],
    ['900995322123456', TBILISI],
    ['9995322123456', TBILISI],
    ['9161234567', MOBILE_RU], // valid as given: the 9 is part of the number
    ['89161234567', MOBILE_RU],
  ])('RU with "9": %s → %s', (raw, e164) => {
    expect(ruOut9.normalize(raw)).toMatchObject({ kind: 'external', e164 });
  });

  it('does not strip an unconfigured prefix: 9 + 8916… stays invalid in RU without "9"', () => {
    // without the configured prefix this would read as Iran (+98 916…) only through the missing-"+" rule;
    // with it configured, the stripped national number wins
    expect(ruOut9.normalize('989161234567').e164).toBe(MOBILE_RU);
    expect(ru.normalize('989161234567').e164).not.toBe(MOBILE_RU);
  });

  it.each([
    ['00555123456', MOBILE_GE],
    ['0 0322 12 34 56', TBILISI],
    ['0995322123456', TBILISI],
    ['9555123456', MOBILE_GE],
    ['90555123456', MOBILE_GE],
    ['0555123456', MOBILE_GE], // trunk 0 is valid as given
    ['0079161234567', MOBILE_RU], // IDD 00 is valid as given
  ])('GE with "0","9": %s → %s', (raw, e164) => {
    expect(geOut.normalize(raw)).toMatchObject({ kind: 'external', e164 });
  });
});

describe('phone normalizer: extensions, withheld numbers and garbage', () => {
  it.each([
    ['201', '201'],
    ['1001', '1001'],
    ['sip:201@pbx.local', '201'],
    ['"Reception" <sip:100@10.0.0.5>', '100'],
    ['SIP/201', '201'],
  ])('%s is extension %s', (raw, digits) => {
    expect(ruOut9.normalize(raw)).toMatchObject({ kind: 'extension', e164: null, digits });
  });

  it('counts extension digits by configuration', () => {
    expect(ru.normalize('12345').kind).toBe('extension');
    expect(ruOut9.normalize('12345').kind).toBe('invalid');
  });

  it.each(['anonymous', 'Anonymous', 'unknown', 'Private', '', '   ', '"Anonymous" <anonymous@anonymous.invalid>', 'sip:anonymous@host'])(
    '%j is invalid with no digits', (raw) => {
      const n = ru.normalize(raw);
      expect(n).toMatchObject({ kind: 'invalid', e164: null, nsnRev: '', digits: '' });
      expect(n.reason).toMatch(/withheld|no-digits/);
    },
  );

  it.each(['abc', 'call me', 'x', '+', '+0123', '12345678901234567890'])('%j is invalid', (raw) => {
    expect(ru.normalize(raw)).toMatchObject({ kind: 'invalid', e164: null });
  });

  it('keeps reversed digits of a number it cannot parse so a suffix match still works', () => {
    const n: NormalizedPhone = ru.normalize('123-45-67');
    expect(n).toMatchObject({ kind: 'invalid', e164: null, digits: '1234567', nsnRev: '7654321', reason: 'not-a-valid-number' });
    expect(ge.normalize('2 12 34 56')).toMatchObject({ kind: 'invalid', nsnRev: '6543212' });
  });
});

describe('phone normalizer: dialable()', () => {
  it.each([
    [ru, MOBILE_RU, undefined, '89161234567'],
    [ru, MSK, undefined, '84951234567'],
    [ru, '+77022111111', undefined, '87022111111'],
    [ru, TBILISI, undefined, '810995322123456'],
    [ge, TBILISI, undefined, '0322123456'],
    [ge, MOBILE_GE, undefined, '555123456'],
    [ge, MOBILE_RU, undefined, '0079161234567'],
    [ru, MOBILE_RU, 'GE' as const, '0079161234567'],
    [ru, '201', undefined, '201'],
    [ru, '8 (916) 123-45-67', undefined, '89161234567'],
  ])('case %#', (normalizer, input, from, expected) => {
    expect(normalizer.dialable(input, from)).toBe(expected);
  });

  it('follows the dial plan: outside line, international prefix, E.164 mode', () => {
    const pbx = createPhoneNormalizer({
      defaultRegion: 'RU', outsideLinePrefixes: ['9'], extensionMaxDigits: 4,
      dial: { outsideLinePrefix: '9', internationalPrefix: '00' },
    });
    expect(pbx.dialable(TBILISI)).toBe('900995322123456');
    expect(pbx.dialable(MOBILE_RU)).toBe('989161234567');
    expect(pbx.dialable('201')).toBe('201');
    const e164 = createPhoneNormalizer({ defaultRegion: 'GE', outsideLinePrefixes: [], extensionMaxDigits: 4, dial: { mode: 'e164' } });
    expect(e164.dialable('555 12 34 56')).toBe(MOBILE_GE);
  });

  it('refuses to dial nothing', () => {
    expect.assertions(2);
    try {
      ru.dialable('anonymous');
    } catch (error) {
      expect(isZariError(error)).toBe(true);
      expect(isZariError(error) && error.code).toBe('invalid_phone_number');
    }
  });
});

describe('suffix range on digits', () => {
  it.each([
    ['123', '124'],
    ['12399', '124'],
    ['0', '1'],
    ['0999', '1'],
    ['999', null],
    ['', null],
  ])('%s → %s', (prefix, next) => {
    expect(nextDigitPrefix(prefix)).toBe(next);
  });

  it('covers exactly the strings that start with the key', () => {
    const { lo, hi } = suffixRange('7654321');
    const inRange = (s: string): boolean => s >= lo && (hi === null || s < hi);
    expect(['7654321', '76543210', '7654321999'].every(inRange)).toBe(true);
    expect(['765432', '7654322', '7654320999'].some(inRange)).toBe(false);
  });

  it('rejects non-digits', () => {
    expect(() => nextDigitPrefix('12a')).toThrow();
  });
});

describe('regions', () => {
  it('accepts configured regions libphonenumber knows and refuses others', () => {
    expect(toCountryCode('GE')).toBe('GE');
    expect(() => toCountryCode('XX')).toThrow(/unsupported region/);
    expect(() => createPhoneNormalizer({ defaultRegion: 'ZZ' as CountryCode, outsideLinePrefixes: [], extensionMaxDigits: 4 })).toThrow();
  });
});
