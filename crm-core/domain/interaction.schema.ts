import { z } from 'zod';
import { dateSchema, idSchema, optionalText, paginationSchema } from './common.schema.js';

export const interactionKinds = ['call', 'sms', 'fax', 'note', 'email'] as const;
export const directions = ['inbound', 'outbound', 'internal'] as const;
export const outcomes = ['answered', 'missed', 'abandoned', 'busy', 'no_answer', 'failed', 'sent', 'delivered', 'received'] as const;
export type InteractionKind = (typeof interactionKinds)[number];

export const interactionCreateSchema = z.object({
  kind: z.enum(interactionKinds),
  direction: z.enum(directions).nullable().optional(),
  clientId: idSchema.nullable().optional(),
  contactId: idSchema.nullable().optional(),
  userId: idSchema.nullable().optional(),
  startedAt: dateSchema.optional(),
  answeredAt: dateSchema.nullable().optional(),
  endedAt: dateSchema.nullable().optional(),
  ringSeconds: z.number().int().min(0).nullable().optional(),
  talkSeconds: z.number().int().min(0).nullable().optional(),
  outcome: z.enum(outcomes).nullable().optional(),
  phone: optionalText(64),
  callKey: optionalText(200),
  answeredBy: optionalText(64),
  recordingId: optionalText(200),
  subject: optionalText(500),
  body: optionalText(20000),
  meta: z.record(z.string(), z.unknown()).default({}),
}).refine((v) => v.kind !== 'note' || (v.body ?? '') !== '', { message: 'a note needs a body', path: ['body'] });
export type InteractionCreateInput = z.input<typeof interactionCreateSchema>;

export const noteCreateSchema = z.object({
  clientId: idSchema,
  contactId: idSchema.nullable().optional(),
  subject: optionalText(500),
  body: z.string().trim().min(1).max(20000),
});
export type NoteCreateInput = z.input<typeof noteCreateSchema>;

export const timelineQuerySchema = paginationSchema.extend({
  kind: z.enum(interactionKinds).optional(),
});
export type TimelineQuery = z.input<typeof timelineQuerySchema>;

export interface InteractionDto {
  id: number;
  kind: string;
  direction: string | null;
  clientId: number | null;
  contactId: number | null;
  userId: number | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  ringSeconds: number | null;
  talkSeconds: number | null;
  outcome: string | null;
  phone: string | null;
  rawPhone: string | null;
  callKey: string | null;
  answeredBy: string | null;
  recordingId: string | null;
  subject: string | null;
  body: string | null;
  meta: Record<string, unknown>;
  createdById: number | null;
  createdAt: string;
}
