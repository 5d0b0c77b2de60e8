/**
 * sms context — public door. Other contexts import only from here.
 * PDU codec (3GPP TS 23.040 / 23.038): pure functions, no I/O.
 */
export { decodePdu, decodeTpdu, type DecodeOptions } from './pdu/decode-pdu.js';
export { parseCmgrResponse, type CmgrMessage } from './pdu/cmgr-response.js';
export {
  encodeSubmit,
  submitInputSchema,
  type SubmitInput,
  type EncodedSubmit,
  type EncodedPart,
} from './pdu/encode-submit.js';
export {
  encodeDeliver,
  encodeStatusReport,
  deliverInputSchema,
  statusReportInputSchema,
  type DeliverInput,
  type StatusReportInput,
} from './pdu/encode-deliver.js';
export type {
  PduType,
  SmsPdu,
  SmsDeliver,
  SmsSubmit,
  SmsStatusReport,
  ValidityPeriod,
} from './pdu/pdu-types.js';
export type { SmsAddress, TypeOfNumber, LocalNumberType } from './pdu/address.js';
export type { SmsTimestamp } from './pdu/scts.js';
export type { ValidityInput } from './pdu/validity.js';
export type { TextEncoding } from './pdu/encode-parts.js';
export type { DataCoding, SmsEncoding } from './pdu/dcs.js';
export type { UserData } from './pdu/user-data.js';
export type { ConcatInfo, PortInfo, InformationElement } from './pdu/udh.js';
export { mapDeliveryStatus, rollUpOutcome, type DeliveryOutcome, type DeliveryStatus } from './pdu/status.js';
export {
  SmsReassembler,
  type InboundMessage,
  type ReassemblerDeps,
  type ReassemblerEvents,
} from './pdu/reassembly.js';
export { isGsm7Encodable } from './pdu/gsm7-alphabet.js';
export { pduHexSchema } from './pdu/hex.js';
