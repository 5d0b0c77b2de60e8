import { parseIncompletePhoneNumber } from 'libphonenumber-js/max';

/** What a PBX, a SIP header or a user handed us, reduced to the part that can be a number. */
export interface PhoneInput {
  /** the number text without CallerID name, SIP/tel wrapping and extension */
  readonly text: string;
  /** ASCII digits of `text` (other Unicode decimal digits converted) */
  readonly digits: string;
  /** `text` starts with a "+" (full-width "＋" included) */
  readonly plus: boolean;
  /** only digits and visual separators: no letters or other words around the number */
  readonly plain: boolean;
  /** extension given with the number ("ext 123", "доб. 12", "#12", ";ext=12") */
  readonly ext: string | null;
  /** the caller withheld the number (anonymous, unknown, private, …) */
  readonly withheld: boolean;
}

const withheldWords = /^(?:anonymous|unknown|unavailable|private|restricted|withheld|blocked|none|null|undefined|asterisk|s)$/i;
/** Asterisk/SIP CallerID: `"Acme" <+995322123456>` or `Acme <sip:201@pbx>` */
const angleAddress = /<([^<>]*)>\s*$/;
const sipUri = /^sips?:([^@;?]*)/i;
/** Asterisk channel or endpoint names: SIP/201, PJSIP/201-0000002a, Local/201@from-internal */
const channelName = /^(?:PJSIP|SIP|IAX2|Local)\/([^@/;-]+)/i;
const telUri = /^tel:([^;]*)(.*)$/i;
const telExt = /;ext=([^;]*)/i;
const extSuffix = /^(.*?\d[^a-zA-Zа-яА-Я#]*?)\s*[,;]?\s*(?:ext\.?|extension|доб\.?|добавочный|x|#)\s*(\p{Nd}{1,8})\s*\.?$/iu;
const plainChars = /^[+＋\s\p{Nd}\-–().\u00a0\u200e\u200f\u202a-\u202e/]*$/u;

function unwrap(raw: string): { body: string; ext: string | null } {
  let s = raw.normalize('NFKC').trim();
  const angle = angleAddress.exec(s);
  if (angle) s = (angle[1] ?? '').trim();
  const sip = sipUri.exec(s);
  if (sip) return { body: decodeURIComponentSafe(sip[1] ?? ''), ext: null };
  const channel = channelName.exec(s);
  if (channel) return { body: channel[1] ?? '', ext: null };
  const tel = telUri.exec(s);
  if (tel) {
    const ext = telExt.exec(tel[2] ?? '');
    return { body: tel[1] ?? '', ext: ext?.[1] ? ext[1] : null };
  }
  return { body: s, ext: null };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function splitExtension(body: string): { text: string; ext: string | null } {
  const m = extSuffix.exec(body);
  if (!m) return { text: body, ext: null };
  return { text: (m[1] ?? '').trim(), ext: asciiDigits(m[2] ?? '') };
}

/** Converts any Unicode decimal digits to ASCII and drops everything else. */
export function asciiDigits(s: string): string {
  return parseIncompletePhoneNumber(s).replace(/\D/g, '');
}

/** Takes a raw caller string apart: CallerID, SIP and tel: URIs, extensions, withheld markers. */
export function readPhoneInput(raw: string): PhoneInput {
  const { body, ext: uriExt } = unwrap(raw);
  if (body === '' || withheldWords.test(body)) {
    return { text: '', digits: '', plus: false, plain: false, ext: null, withheld: body !== '' };
  }
  const { text, ext } = uriExt === null ? splitExtension(body) : { text: body, ext: uriExt };
  const trimmed = text.replace(/^[\s\u200e\u200f\u202a-\u202e]+/u, '');
  return {
    text,
    digits: asciiDigits(text),
    plus: trimmed.startsWith('+') || trimmed.startsWith('＋'),
    plain: plainChars.test(text),
    ext,
    withheld: false,
  };
}
