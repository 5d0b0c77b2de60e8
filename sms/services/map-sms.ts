import { z } from 'zod';
import type { Prisma } from '../../kernel/index.js';
import type { DeliveryOutcome } from '../pdu/status.js';
import type { SmsState } from './sms-state.js';

export type SmsRow = Prisma.SmsMessageGetPayload<object>;

export interface SentRef { readonly modemId: string; readonly reference: number }

export interface SmsMessageDto {
  id: number;
  direction: 'outbound' | 'inbound';
  state: SmsState;
  phone: string;
  clientId: number | null;
  text: string;
  encoding: string | null;
  partsTotal: number;
  partsSent: number;
  attempts: number;
  modemId: string | null;
  failReason: string | null;
  batchId: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
}

const refsSchema = z.array(z.object({ modemId: z.string(), reference: z.number().int() }));
const outcomesSchema = z.array(z.enum(['delivered', 'pending', 'failed']).nullable());

export const parseRefs = (json: string): SentRef[] => refsSchema.catch([]).parse(JSON.parse(json));
export const parseOutcomes = (json: string): (DeliveryOutcome | null)[] => outcomesSchema.catch([]).parse(JSON.parse(json));

export function mapSms(r: SmsRow): SmsMessageDto {
  return {
    id: r.id, direction: r.direction === 'inbound' ? 'inbound' : 'outbound', state: r.state as SmsState, phone: r.phone,
    clientId: r.clientId, text: r.text, encoding: r.encoding, partsTotal: r.partsTotal, partsSent: r.partsSent,
    attempts: r.attempts, modemId: r.modemId, failReason: r.failReason, batchId: r.batchId,
    createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null, deliveredAt: r.deliveredAt?.toISOString() ?? null,
    nextAttemptAt: r.state === 'queued' ? r.nextAttemptAt.toISOString() : null,
  };
}
