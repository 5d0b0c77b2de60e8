import { readSmscAddress, readTpAddress, type SmsAddress } from './address.js';
import { interpretDcs, type DataCoding } from './dcs.js';
import { hexToBytes } from './hex.js';
import { OctetReader } from './octet-reader.js';
import { pduError } from './pdu-error.js';
import { type SmsDeliver, type SmsPdu, type SmsStatusReport, type SmsSubmit } from './pdu-types.js';
import { decodeScts } from './scts.js';
import { mapDeliveryStatus } from './status.js';
import { readUserData, type UserData } from './user-data.js';
import { readValidity } from './validity.js';

export interface DecodeOptions {
  /** The PDU starts with the SMSC information field, as in modem PDU mode (default true). */
  smsc?: boolean;
  /**
   * For messages already stored on a modem (`+CMGR`/`+CMGL`): decode the text that is present when TP-UDL promises
   * more octets than the PDU holds (flagged `userData.truncated`), and ignore a TP-UDHI with empty user data.
   * Default false: such PDUs are rejected.
   */
  lenient?: boolean;
}

type Common = Pick<SmsDeliver, 'smsc' | 'firstOctet' | 'tpduOffset' | 'tpduLength' | 'trailingOctets'> & { lenient: boolean };

/**
 * Decode a PDU as exchanged with a modem (`+CMGR`, `+CMT`, `+CDS`, `+CMGL`) or, with `{ smsc: false }`, a bare
 * TPDU. Accepts hex in either case. Throws ZariError('validation_failed') with a precise reason on any defect.
 */
export function decodePdu(hex: unknown, options: DecodeOptions = {}): SmsPdu {
  const bytes = hexToBytes(hex);
  const r = new OctetReader(bytes);
  const smsc = options.smsc === false ? null : readSmscAddress(r);
  const tpduOffset = r.offset;
  const firstOctet = r.octet('first TPDU octet');
  const common: Common = {
    smsc, firstOctet, tpduOffset, tpduLength: bytes.length - tpduOffset, trailingOctets: 0, lenient: options.lenient === true,
  };
  const mti = firstOctet & 0x03;
  const pdu = mti === 0 ? readDeliver(r, common) : mti === 1 ? readSubmit(r, common) : mti === 2 ? readStatusReport(r, common) : null;
  if (pdu === null) throw pduError(`first octet 0x${firstOctet.toString(16)} has the reserved message type 3`);
  pdu.trailingOctets = r.remaining;
  return pdu;
}

/** Decode a bare TPDU (no SMSC field). */
export function decodeTpdu(hex: unknown): SmsPdu {
  return decodePdu(hex, { smsc: false });
}

const base = ({ lenient: _lenient, ...rest }: Common): Omit<Common, 'lenient'> => rest;

const udMode = (c: Common): { hasUdh: boolean; lenient: boolean } => ({ hasUdh: (c.firstOctet & 0x40) !== 0, lenient: c.lenient });

function cphsVoicemail(sender: SmsAddress): SmsDeliver['cphsVoicemail'] {
  if (sender.toa !== 0xd0 || sender.value.length !== 2 || sender.value[1] !== '@') return null;
  if (sender.value[0] === '_') return 'set';
  return sender.value[0] === 'Δ' ? 'clear' : null;
}

const emailAddress = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Internet e-mail through an SMS gateway (TS 23.040 §3.8): TP-PID 0x32, or a short numeric gateway sender
 * (at most 4 digits); the text is "<address> <body>" or "<address> /<body>" and the address must look like e-mail.
 */
function emailOf(pid: number, sender: SmsAddress, ud: UserData): SmsDeliver['email'] {
  const gateway = pid === 0x32 || (sender.ton !== 'alphanumeric' && /^\+?\d{1,4}$/.test(sender.value));
  if (!gateway || ud.text === null) return null;
  const m = /^(\S+?)(?: \/| )([\s\S]*)$/.exec(ud.text);
  return m && emailAddress.test(m[1]!) ? { from: m[1]!, body: m[2]! } : null;
}

function readDeliver(r: OctetReader, common: Common): SmsDeliver {
  const fo = common.firstOctet;
  const sender = readTpAddress(r, 'TP-OA');
  const protocolId = r.octet('TP-PID');
  const coding = interpretDcs(r.octet('TP-DCS'));
  const timestamp = decodeScts(r.take(7, 'TP-SCTS'));
  const userData = readUserData(r, coding, udMode(common));
  return {
    type: 'SMS-DELIVER', ...base(common), sender, protocolId, coding, timestamp, userData,
    moreMessagesToSend: (fo & 0x04) === 0, replyPath: (fo & 0x80) !== 0, statusReportIndication: (fo & 0x20) !== 0,
    replace: protocolId >= 0x41 && protocolId <= 0x47, cphsVoicemail: cphsVoicemail(sender), email: emailOf(protocolId, sender, userData),
  };
}

function readSubmit(r: OctetReader, common: Common): SmsSubmit {
  const fo = common.firstOctet;
  const reference = r.octet('TP-MR');
  const recipient = readTpAddress(r, 'TP-DA');
  const protocolId = r.octet('TP-PID');
  const coding = interpretDcs(r.octet('TP-DCS'));
  const validity = readValidity(r, fo);
  const userData = readUserData(r, coding, udMode(common));
  return {
    type: 'SMS-SUBMIT', ...base(common), reference, recipient, protocolId, coding, validity, userData,
    rejectDuplicates: (fo & 0x04) !== 0, statusReportRequest: (fo & 0x20) !== 0, replyPath: (fo & 0x80) !== 0,
  };
}

interface ReportTail {
  parameterIndicator: number | null;
  protocolId: number | null;
  coding: DataCoding | null;
  userData: UserData | null;
}

/** Optional TP-PI, TP-PID, TP-DCS, TP-UDL/UD after TP-ST. `FF` padding means "none". */
function readReportTail(r: OctetReader, common: Common): ReportTail {
  const none: ReportTail = { parameterIndicator: null, protocolId: null, coding: null, userData: null };
  if (r.remaining === 0) return none;
  const pi = r.octet('TP-PI');
  if (pi === 0xff) return none;
  const protocolId = pi & 0x01 ? r.octet('TP-PID') : null;
  const coding = pi & 0x02 ? interpretDcs(r.octet('TP-DCS')) : null;
  const userData = pi & 0x04 ? readUserData(r, coding ?? interpretDcs(0), udMode(common)) : null;
  return { parameterIndicator: pi, protocolId, coding, userData };
}

function readStatusReport(r: OctetReader, common: Common): SmsStatusReport {
  const fo = common.firstOctet;
  const reference = r.octet('TP-MR');
  const recipient = readTpAddress(r, 'TP-RA');
  const timestamp = decodeScts(r.take(7, 'TP-SCTS'));
  const dischargeTime = decodeScts(r.take(7, 'TP-DT'), 'TP-DT');
  const status = mapDeliveryStatus(r.octet('TP-ST'));
  const tail = readReportTail(r, common);
  return {
    type: 'SMS-STATUS-REPORT', ...base(common), reference, recipient, timestamp, dischargeTime, status, ...tail,
    moreMessagesToSend: (fo & 0x04) === 0, aboutCommand: (fo & 0x20) !== 0,
  };
}
