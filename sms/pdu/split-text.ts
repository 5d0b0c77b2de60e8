import { GSM7_ESCAPE, gsm7Code } from './gsm7-alphabet.js';
import { pduError } from './pdu-error.js';

/** Limits per TS 23.040: 140 octets of user data; an 8-bit-ref concat UDH costs 6 octets. */
export const GSM7_SINGLE = 160;
export const GSM7_PART = 153;
export const UCS2_SINGLE = 70;
export const UCS2_PART = 67;

/** GSM-7 septets per part; an escape sequence (2 septets) never straddles two parts. */
export function splitGsm7(text: string): { text: string; septets: number[] }[] {
  const septets: number[] = [];
  /** starts[k]: index of the first septet of the k-th character (GSM-7 characters are all single UTF-16 units). */
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = gsm7Code(text.charCodeAt(i));
    if (c < 0) throw pduError(`character ${JSON.stringify(text[i])} is not in the GSM 7-bit alphabet`);
    starts.push(septets.length);
    if (c & 0x100) septets.push(GSM7_ESCAPE, c & 0x7f);
    else septets.push(c);
  }
  if (septets.length <= GSM7_SINGLE) return [{ text, septets }];
  const parts: { text: string; septets: number[] }[] = [];
  let fromChar = 0;
  let fromSeptet = 0;
  for (let c = 0; c < text.length; c++) {
    const endOfChar = c + 1 < text.length ? starts[c + 1]! : septets.length;
    if (endOfChar - fromSeptet > GSM7_PART) {
      parts.push({ text: text.slice(fromChar, c), septets: septets.slice(fromSeptet, starts[c]) });
      fromChar = c;
      fromSeptet = starts[c]!;
    }
  }
  parts.push({ text: text.slice(fromChar), septets: septets.slice(fromSeptet) });
  return parts;
}

/** UCS-2 (UTF-16) code units per part; a surrogate pair never straddles two parts. */
export function splitUcs2(text: string): string[] {
  if (text.length <= UCS2_SINGLE) return [text];
  const parts: string[] = [];
  let from = 0;
  while (from < text.length) {
    let end = Math.min(from + UCS2_PART, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    parts.push(text.slice(from, end));
    from = end;
  }
  return parts;
}
