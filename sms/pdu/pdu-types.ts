import { type SmsAddress } from './address.js';
import { type DataCoding } from './dcs.js';
import { type SmsTimestamp } from './scts.js';
import { type DeliveryStatus } from './status.js';
import { type UserData } from './user-data.js';

export type PduType = 'SMS-DELIVER' | 'SMS-SUBMIT' | 'SMS-STATUS-REPORT';

/** TP-VP (TS 23.040 §9.2.3.12). */
export type ValidityPeriod =
  | { kind: 'relative'; seconds: number; octet: number }
  | { kind: 'absolute'; timestamp: SmsTimestamp }
  | { kind: 'enhanced'; octets: Uint8Array };

interface PduCommon {
  /** SMSC from the modem-style prefix; null for `00` or a bare TPDU. */
  smsc: SmsAddress | null;
  firstOctet: number;
  /** Octets before the TPDU (the SMSC field); AT+CMGS/CMGW length = total octets − tpduOffset. */
  tpduOffset: number;
  tpduLength: number;
  /** Octets after the last field (some phones pad with FF); not part of the message. */
  trailingOctets: number;
}

export interface SmsDeliver extends PduCommon {
  type: 'SMS-DELIVER';
  sender: SmsAddress;
  protocolId: number;
  coding: DataCoding;
  timestamp: SmsTimestamp;
  userData: UserData;
  moreMessagesToSend: boolean;
  replyPath: boolean;
  statusReportIndication: boolean;
  /** TP-PID 0x41..0x47: replace short message type 1-7. */
  replace: boolean;
  /** CPHS voice-mail waiting indication carried in a 2-character alphanumeric sender. */
  cphsVoicemail: 'set' | 'clear' | null;
  /** TP-PID 0x32 (Internet e-mail, TS 23.040 §3.8): sender address and body split out of the text. */
  email: { from: string; body: string } | null;
}

export interface SmsSubmit extends PduCommon {
  type: 'SMS-SUBMIT';
  reference: number;
  recipient: SmsAddress;
  protocolId: number;
  coding: DataCoding;
  validity: ValidityPeriod | null;
  userData: UserData;
  rejectDuplicates: boolean;
  statusReportRequest: boolean;
  replyPath: boolean;
}

export interface SmsStatusReport extends PduCommon {
  type: 'SMS-STATUS-REPORT';
  /** TP-MR of the SMS-SUBMIT this report is about. */
  reference: number;
  recipient: SmsAddress;
  /** When the SC received the SMS-SUBMIT. */
  timestamp: SmsTimestamp;
  /** When the SC delivered it / tried / gave up. */
  dischargeTime: SmsTimestamp;
  status: DeliveryStatus;
  parameterIndicator: number | null;
  protocolId: number | null;
  coding: DataCoding | null;
  userData: UserData | null;
  moreMessagesToSend: boolean;
  /** TP-SRQ: report about an SMS-COMMAND (true) or an SMS-SUBMIT (false). */
  aboutCommand: boolean;
}

export type SmsPdu = SmsDeliver | SmsSubmit | SmsStatusReport;
