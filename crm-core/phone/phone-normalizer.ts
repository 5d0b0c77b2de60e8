import {
  Metadata,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { parsePhoneNumberFromString as parseWithGeneralPatterns } from 'libphonenumber-js/min';
import { ZariError } from '../../kernel/index.js';
import { readPhoneInput, type PhoneInput } from './phone-input.js';

export type { CountryCode } from 'libphonenumber-js/max';

export type PhoneKind = 'external' | 'extension' | 'invalid';

/** One number as zari keeps it: E.164 when valid, and the raw text always. */
export interface NormalizedPhone {
  kind: PhoneKind;
  raw: string;
  /** E.164 (+79161234567) for a valid external number, else null */
  e164: string | null;
  /**
   * Reversed digits of the national significant number (valid numbers), or of the digits given
   * (anything else), so that a suffix match is an index range scan on a prefix.
   */
  nsnRev: string;
  /** ASCII digits as given (after CallerID/URI unwrapping, without the extension) */
  digits: string;
  /** extension dialled after the number ("ext 123", ";ext=123"), when given */
  ext?: string;
  /** why the number is 'invalid' */
  reason?: string;
  /**
   * The E.164 is a guess: read as if a "+" were missing, or valid by general number patterns only.
   * Caller identification still lets such a number match a different stored number by its suffix.
   */
  guessed?: true;
}

/** How `dialable()` builds the string the PBX dials. */
export interface DialPlan {
  /**
   * 'pbx' (default): national format digits for numbers of the dialling region (8… in RU, 0… in GE),
   * the region's international prefix (810 in RU, 00 in GE) before other numbers.
   * 'e164': always "+<E.164>" (SIP trunks that take E.164).
   */
  mode?: 'pbx' | 'e164';
  /** overrides the international prefix of the dialling region (e.g. "00" in RU) */
  internationalPrefix?: string;
  /** prepended to every external number (outside-line access code, e.g. "9") */
  outsideLinePrefix?: string;
}

export interface PhoneNormalizerOptions {
  defaultRegion: CountryCode;
  /** outside-line access codes the PBX may put before external numbers (e.g. ["9"]) */
  outsideLinePrefixes: string[];
  /** numbers of at most this many digits (no "+", no letters) are internal extensions; 0: none */
  extensionMaxDigits: number;
  /**
   * International prefixes accepted besides the region's own (libphonenumber metadata). Default:
   * RU/KZ/BY also "00" (and "810"), GE also "810" — both are in use on PBXes there.
   */
  extraInternationalPrefixes?: string[];
  /**
   * National (trunk) prefixes accepted besides the region's own. Default: GE also "8" (Georgia's trunk
   * prefix before 2011, still configured on old PBXes: `8 322 12 34 56`).
   */
  extraNationalPrefixes?: string[];
  dial?: DialPlan;
}

export interface PhoneNormalizer {
  readonly defaultRegion: CountryCode;
  normalize(raw: string): NormalizedPhone;
  /** The string to dial from the PBX (see DialPlan). Throws invalid_phone_number when nothing is dialable. */
  dialable(e164OrRaw: string, fromRegion?: CountryCode): string;
}

const defaultExtraIdd: Partial<Record<CountryCode, string[]>> = {
  RU: ['810', '00'],
  KZ: ['810', '00'],
  BY: ['810', '00'],
  GE: ['00', '810'],
};

const defaultExtraTrunk: Partial<Record<CountryCode, string[]>> = { GE: ['8'] };

/** The region's trunk prefix from libphonenumber's metadata (RU "8", GE "0"); its typings omit the accessor. */
const nationalPrefixOf = (region: CountryCode): string | null => {
  const metadata = new Metadata();
  metadata.selectNumberingPlan(region);
  const plan = metadata.numberingPlan as { nationalPrefix?: unknown } | undefined;
  if (typeof plan?.nationalPrefix !== 'function') return null;
  const prefix: unknown = (plan as { nationalPrefix(): unknown }).nationalPrefix();
  return typeof prefix === 'string' ? prefix : null;
};

const reverse = (s: string): string => [...s].reverse().join('');

/**
 * 'strict': valid by the full metadata (number types, libphonenumber-js/max). 'general': valid by the
 * country's general number pattern only (libphonenumber-js/min, what libphonenumber's parse() accepts):
 * the fallback for numbers in ranges the type patterns do not list yet.
 */
type Validation = 'strict' | 'general';

interface Interpretation {
  parsed: PhoneNumber;
  guessed: boolean;
}

const parseValid = (text: string, region: CountryCode, validation: Validation = 'strict'): PhoneNumber | undefined => {
  if (validation === 'general') {
    const general = parseWithGeneralPatterns(text, region);
    return general?.isValid() ? parsePhoneNumberFromString(general.number) ?? undefined : undefined;
  }
  const parsed = parsePhoneNumberFromString(text, region);
  return parsed?.isValid() ? parsed : undefined;
};

/** Config text ("GE", ZARI_DEFAULT_REGION) → a region libphonenumber knows, or validation_failed. */
export function toCountryCode(region: string): CountryCode {
  if (!isSupportedCountry(region)) throw new ZariError('validation_failed', `unsupported region ${region}`, { region });
  return region;
}

export function createPhoneNormalizer(opts: PhoneNormalizerOptions): PhoneNormalizer {
  const region = toCountryCode(opts.defaultRegion);
  const outside = [...new Set(opts.outsideLinePrefixes.filter((p) => /^\d+$/.test(p)))].sort((a, b) => b.length - a.length);
  const extraIdd = opts.extraInternationalPrefixes ?? defaultExtraIdd[region] ?? [];
  const extraTrunk = opts.extraNationalPrefixes ?? defaultExtraTrunk[region] ?? [];
  const trunk = nationalPrefixOf(region);

  /** national or IDD-prefixed digits as dialled inside the region */
  const regional = (digits: string, validation: Validation): PhoneNumber | undefined => {
    const national = parseValid(digits, region, validation);
    if (national) return national;
    for (const idd of extraIdd) {
      if (digits.startsWith(idd) && digits.length > idd.length) {
        const intl = parseValid(`+${digits.slice(idd.length)}`, region, validation);
        if (intl) return intl;
      }
    }
    for (const prefix of extraTrunk) {
      const national = digits.startsWith(prefix) ? parseValid(digits.slice(prefix.length), region, validation) : undefined;
      if (national) return national;
    }
    return undefined;
  };

  /** "+8 916 …" (RU), "+0555 …" (GE): a "+" typed before a national number with its trunk prefix */
  const misplacedPlus = (input: PhoneInput, validation: Validation): Interpretation | undefined => {
    if (trunk === null || trunk === '' || !input.digits.startsWith(trunk)) return undefined;
    const found = regional(input.digits, validation);
    return found && { parsed: found, guessed: true };
  };

  /**
   * Interpretations, most plausible first: the text as given (national, "+", IDD); the digits with the
   * region's other international prefixes; each configured outside-line prefix stripped; finally a
   * missing "+" (the digits already start with a country code) — after stripping, because a stripped
   * "9" + "8916…" must not become an Iranian +98 916… number. All of them strictly first, then all of
   * them by general patterns only.
   */
  const interpret = (input: PhoneInput): Interpretation | undefined => {
    const strict = interpretAs(input, 'strict');
    if (strict) return strict;
    const general = interpretAs(input, 'general');
    return general ? { parsed: general.parsed, guessed: true } : undefined;
  };

  const interpretAs = (input: PhoneInput, validation: Validation): Interpretation | undefined => {
    const asGiven = parseValid(input.text, region, validation);
    if (asGiven !== undefined) return { parsed: asGiven, guessed: false };
    if (input.plus) return misplacedPlus(input, validation);
    const stripped = outside.filter((p) => input.digits.startsWith(p) && input.digits.length > p.length + 2)
      .map((p) => input.digits.slice(p.length));
    const variants = [input.digits, ...stripped];
    for (const v of variants) {
      const found = regional(v, validation);
      if (found) return { parsed: found, guessed: false };
    }
    for (const v of variants) {
      const found = parseValid(`+${v}`, region, validation);
      if (found) return { parsed: found, guessed: true };
    }
    return undefined;
  };

  const normalize = (raw: string): NormalizedPhone => {
    const input = readPhoneInput(raw);
    const base = { raw, digits: input.digits, ...(input.ext ? { ext: input.ext } : {}) };
    if (input.digits === '') {
      const reason = input.withheld ? 'withheld' : 'no-digits';
      return { ...base, kind: 'invalid', e164: null, nsnRev: '', reason };
    }
    if (!input.plus && input.plain && input.digits.length <= opts.extensionMaxDigits) {
      return { ...base, kind: 'extension', e164: null, nsnRev: reverse(input.digits) };
    }
    const found = interpret(input);
    if (!found) return { ...base, kind: 'invalid', e164: null, nsnRev: reverse(input.digits), reason: 'not-a-valid-number' };
    const { parsed, guessed } = found;
    const ext = parsed.ext ?? input.ext;
    return {
      ...base, ...(ext ? { ext } : {}), ...(guessed ? { guessed } : {}),
      kind: 'external', e164: parsed.number, nsnRev: reverse(parsed.nationalNumber),
    };
  };

  const dialable = (e164OrRaw: string, fromRegion: CountryCode = region): string => {
    const n = normalize(e164OrRaw);
    if (n.kind === 'extension') return n.digits;
    if (n.kind === 'invalid' || n.e164 === null) {
      if (n.digits === '') throw new ZariError('invalid_phone_number', 'nothing to dial', { raw: e164OrRaw });
      return n.digits;
    }
    const plan = opts.dial ?? {};
    const prefix = plan.outsideLinePrefix ?? '';
    if (plan.mode === 'e164') return `${prefix}${n.e164}`;
    const parsed = parsePhoneNumberFromString(n.e164);
    if (!parsed) throw new ZariError('invalid_phone_number', 'cannot format number', { raw: e164OrRaw });
    if (parsed.countryCallingCode === getCountryCallingCode(fromRegion)) {
      return `${prefix}${parsed.formatNational().replace(/\D/g, '')}`;
    }
    const idd = plan.internationalPrefix ?? parsed.format('IDD', { fromCountry: fromRegion })?.replace(/\D/g, '').slice(0, -(parsed.countryCallingCode.length + parsed.nationalNumber.length));
    return `${prefix}${idd ?? '00'}${parsed.countryCallingCode}${parsed.nationalNumber}`;
  };

  return { defaultRegion: region, normalize, dialable };
}
