import { z } from 'zod';
import { dateSchema, idSchema, paginationSchema, booleanish } from './common.schema.js';
import { directions, outcomes } from './interaction.schema.js';

/** A finished PBX call as the CTI call log stores it (already decided: outcome, who answered). */
export interface CallRecordInput {
  readonly callKey: string;
  readonly direction: (typeof directions)[number];
  readonly phone: string | null;
  readonly rawPhone: string | null;
  readonly clientId: number | null;
  readonly contactId: number | null;
  readonly userId: number | null;
  readonly startedAt: Date;
  readonly answeredAt: Date | null;
  readonly endedAt: Date;
  readonly ringSeconds: number;
  readonly talkSeconds: number;
  readonly outcome: (typeof outcomes)[number];
  readonly answeredBy: string | null;
  readonly rangExtensions: readonly string[];
  readonly recordingId: string | null;
  readonly subject: string | null;
  readonly meta: Readonly<Record<string, unknown>>;
}

export const callListQuerySchema = paginationSchema.extend({
  missed: booleanish.optional(),
  outcome: z.enum(outcomes).optional(),
  direction: z.enum(directions).optional(),
  clientId: idSchema.optional(),
  phone: z.string().trim().min(1).max(64).optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
});
export type CallListQuery = z.input<typeof callListQuerySchema>;
