import { z } from 'zod';
import { encodeAddress, smscOctets, tpAddressOctets, type LocalNumberType } from './address.js';
import { dcsFor } from './dcs.js';
import { chooseEncoding, defaultConcatRef, splitIntoParts, type TextEncoding } from './encode-parts.js';
import { bytesToHex } from './hex.js';
import { pduError } from './pdu-error.js';
import { encodeValidity, type ValidityInput } from './validity.js';

const validitySchema = z.union([
  z.object({ relativeSeconds: z.number().positive() }),
  z.object({ absolute: z.string() }),
  z.null(),
]);

/** What the SMS queue asks to send. Validated with zod at this edge. */
export const submitInputSchema = z.object({
  to: z.string().min(1).max(32),
  text: z.string().max(255 * 153),
  smsc: z.string().max(24).nullable().optional(),
  encoding: z.enum(['auto', 'gsm7', 'ucs2']).optional(),
  requestStatusReport: z.boolean().optional(),
  validity: validitySchema.optional(),
  rejectDuplicates: z.boolean().optional(),
  flash: z.boolean().optional(),
  /** TP-MR written into every part (modems usually assign their own and report it in `+CMGS: <mr>`). */
  reference: z.number().int().min(0).max(255).optional(),
  /** Concatenation reference shared by the parts; pass a per-recipient rolling counter. */
  concatRef: z.number().int().min(0).max(255).optional(),
  localNumberType: z.enum(['unknown', 'national']).optional(),
});
export type SubmitInput = z.input<typeof submitInputSchema>;

export interface EncodedPart {
  /** Hex PDU for `AT+CMGS` in PDU mode (SMSC field first). */
  pdu: string;
  /** The `AT+CMGS=<length>` value: TPDU octets, SMSC field excluded. */
  tpduLength: number;
  seq: number;
  total: number;
  /** The slice of the text carried by this part. */
  text: string;
}

export interface EncodedSubmit {
  encoding: TextEncoding;
  concatRef: number | null;
  parts: EncodedPart[];
}

/**
 * Encode an SMS-SUBMIT, choosing GSM 7-bit when every character is in the GSM alphabet (extension table
 * included) and UCS-2 otherwise, split into concatenated parts (8-bit reference) when it does not fit in one.
 */
export function encodeSubmit(input: SubmitInput): EncodedSubmit {
  const parsed = submitInputSchema.safeParse(input);
  if (!parsed.success) throw pduError(`SMS-SUBMIT input: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const o = parsed.data;
  const split = splitIntoParts(o.text, chooseEncoding(o.text, o.encoding ?? 'auto'), () => o.concatRef ?? defaultConcatRef(o.to, o.text));
  const local: LocalNumberType = o.localNumberType ?? 'unknown';
  const smsc = smscOctets(o.smsc, local);
  const da = tpAddressOctets(encodeAddress(o.to, local));
  const vp = encodeValidity(o.validity as ValidityInput | undefined);
  const udhi = split.concatRef === null ? 0 : 0x40;
  const fo = 0x01 | (o.rejectDuplicates ? 0x04 : 0) | (vp.vpf << 3) | (o.requestStatusReport ? 0x20 : 0) | udhi;
  const dcs = dcsFor(split.encoding, o.flash === true);
  const parts = split.parts.map((p): EncodedPart => {
    const head = [fo, o.reference ?? 0, ...da, 0x00, dcs, ...vp.octets, p.udl];
    return { pdu: bytesToHex(smsc) + bytesToHex(head) + bytesToHex(p.ud), tpduLength: head.length + p.ud.length, seq: p.seq, total: p.total, text: p.text };
  });
  return { encoding: split.encoding, concatRef: split.concatRef, parts };
}
