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

// ---- GSM-modem driver (serial port owner, AT queue, URCs, init, health, reconnect)
export { ModemOwner, type ModemOwnerDeps, type ModemOwnerEvents, type ModemState, type ModemStatus } from './drivers/gsm-modem/modem-owner.js';
export { AtChannel, type AtChannelDeps, type AtChannelEvents } from './drivers/gsm-modem/at-channel.js';
export { parseAtError, atError, type AtErrorInfo, type AtErrorKind } from './drivers/gsm-modem/at-errors.js';
export { parseUrcLine, parseCusd, type Urc } from './drivers/gsm-modem/at-urc.js';
export { parseCsq, parseCreg, parseCops, type ModemHealth, type Registration } from './drivers/gsm-modem/modem-health.js';
export { defaultInitSteps, runInit, type InitStep } from './drivers/gsm-modem/modem-init.js';
export { openSerialPort, type OpenSerialLink, type SerialLink, type SerialLinkHandlers } from './drivers/gsm-modem/serial-link.js';
export { GsmModemProvider, channelStatusOf, type GsmModemProviderDeps } from './drivers/gsm-modem/gsm-modem.provider.js';
export { LogSmsProvider, type LogSmsProviderDeps } from './drivers/log/log-sms.provider.js';
// ---- SMS provider port and the outbound queue
export type {
  SmsProvider, SmsProviderEvents, SmsChannelStatus, SmsChannelState, InboundSms, DeliveryReport, OutboundPart, SendHooks,
} from './ports/sms-provider.port.js';
export { smsStates, smsTransitions, canTransition, assertTransition, backoffMs, type SmsState } from './services/sms-state.js';
export { mapSms, type SmsMessageDto, type SmsRow } from './services/map-sms.js';
export { SmsQueueService, enqueueSchema, type EnqueueInput, type SmsQueueDeps, type SmsQueueEvents } from './services/sms-queue.service.js';
export type { RetryPolicy } from './services/sms-send-attempt.js';
export { SmsInboundService, type SmsInboundDeps, type SmsInboundEvents, type InboundNotice } from './services/sms-inbound.service.js';
export { SmsTimeline, type SmsTimelineDeps } from './services/sms-timeline.js';
export { SmsQueryService, smsListQuerySchema, type SmsListQuery, type SmsScope } from './services/sms-query.service.js';
export { SmsMassService, massSendSchema, type MassSendInput, type MassSendResult, type SmsMassDeps } from './services/sms-mass.service.js';
export { renderTemplate, templateFields, clientContext, type TemplateContext } from './services/sms-template.js';
export { SmsSendService, sendSmsSchema, type SendSmsInput, type SmsSendDeps } from './services/sms-send.service.js';
