/**
 * A browser-side SMS length counter (3GPP TS 23.038): GSM 7-bit when every character is in the default alphabet
 * or its extension table (extension characters take two septets), else UCS-2. One part holds 160 septets / 70
 * UTF-16 units; a concatenated part 153 / 67 (the UDH takes the rest). The server's `sms/index.ts` pulls in the
 * serial-port driver, so the alphabet is repeated here (small, fixed by the standard).
 */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export type SmsEncodingName = 'GSM-7' | 'UCS-2';

export interface SmsCount {
  readonly encoding: SmsEncodingName;
  /** septets (GSM-7) or UTF-16 units (UCS-2) */
  readonly units: number;
  readonly parts: number;
  /** units one part of this message holds (160/153 or 70/67) */
  readonly perPart: number;
  /** units left in the last part */
  readonly left: number;
}

/** Septets of the text in GSM 7-bit, or null when a character is outside the alphabet. */
export function gsm7Septets(text: string): number | null {
  let n = 0;
  for (const ch of text) {
    if (GSM7_BASIC.has(ch)) n += 1;
    else if (GSM7_EXTENSION.has(ch)) n += 2;
    else return null;
  }
  return n;
}

export function countSms(text: string): SmsCount {
  const septets = gsm7Septets(text);
  const encoding: SmsEncodingName = septets === null ? 'UCS-2' : 'GSM-7';
  const units = septets ?? text.length;
  const single = encoding === 'GSM-7' ? 160 : 70;
  const multi = encoding === 'GSM-7' ? 153 : 67;
  const perPart = units <= single ? single : multi;
  const parts = units === 0 ? 0 : Math.ceil(units / perPart);
  return { encoding, units, parts, perPart, left: parts === 0 ? perPart : parts * perPart - units };
}
