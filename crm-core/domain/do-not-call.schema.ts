import { z } from 'zod';
import { idSchema, optionalText, paginationSchema } from './common.schema.js';

export const dncAddSchema = z.object({
  phone: z.string().trim().min(1).max(64),
  campaignId: idSchema.nullable().optional(),
  reason: optionalText(500),
  source: z.string().trim().min(1).max(50).default('manual'),
});
export type DncAddInput = z.input<typeof dncAddSchema>;

export const dncListQuerySchema = paginationSchema.extend({ campaignId: idSchema.nullable().optional() });

export interface DncEntryDto { id: number; phone: string; campaignId: number | null; reason: string | null; source: string; createdById: number | null; createdAt: string }
