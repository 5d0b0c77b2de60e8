export type SmsEncoding = 'gsm7' | '8bit' | 'ucs2';

/** TP-DCS interpreted (TS 23.038 §4). */
export interface DataCoding {
  dcs: number;
  encoding: SmsEncoding;
  /** Message class 0-3 when the DCS carries one (class 0 = flash). */
  messageClass: 0 | 1 | 2 | 3 | null;
  compressed: boolean;
  /** A reserved DCS value or alphabet: decoded as the GSM 7-bit default alphabet, as TS 23.038 §4 requires. */
  reserved: boolean;
}

const cls = (dcs: number, present: boolean): DataCoding['messageClass'] =>
  present ? ((dcs & 0x03) as 0 | 1 | 2 | 3) : null;

function alphabet(bits: number): SmsEncoding {
  if (bits === 1) return '8bit';
  if (bits === 2) return 'ucs2';
  return 'gsm7'; // 0 = default; 3 = reserved, treated as default (TS 23.038 §4)
}

const plain = (dcs: number, encoding: SmsEncoding, messageClass: DataCoding['messageClass'] = null): DataCoding =>
  ({ dcs, encoding, messageClass, compressed: false, reserved: false });

export function interpretDcs(dcs: number): DataCoding {
  const group = dcs >> 4;
  if (group <= 0x07) {
    // general data coding (00xx) and automatic deletion group (01xx)
    const bits = (dcs >> 2) & 0x03;
    return {
      ...plain(dcs, alphabet(bits), cls(dcs, (dcs & 0x10) !== 0)), compressed: (dcs & 0x20) !== 0, reserved: bits === 3,
    };
  }
  if (group === 0x0c || group === 0x0d) return plain(dcs, 'gsm7'); // message waiting, discard / store (GSM-7)
  if (group === 0x0e) return plain(dcs, 'ucs2'); // message waiting, store (UCS-2)
  if (group === 0x0f) return plain(dcs, dcs & 0x04 ? '8bit' : 'gsm7', cls(dcs, true));
  return { ...plain(dcs, 'gsm7'), reserved: true }; // 1000..1011: reserved coding groups
}

/** DCS octet for an outgoing message. Flash = message class 0. */
export function dcsFor(encoding: SmsEncoding, flash: boolean): number {
  const base = encoding === 'gsm7' ? 0x00 : encoding === '8bit' ? 0x04 : 0x08;
  return flash ? base | 0x10 : base;
}
