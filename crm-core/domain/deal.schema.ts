import { z } from 'zod';
import { dateSchema, idSchema, paginationSchema, requiredText } from './common.schema.js';

export const stageKinds = ['open', 'won', 'lost'] as const;
export const stageKindSchema = z.enum(stageKinds);
export type StageKind = z.infer<typeof stageKindSchema>;
export type DealStatus = StageKind;

/** Decimal as text, up to 2 fraction digits: "1250", "1250.5", "1250.00". Stored as given (normalized to 2 digits). */
export const amountSchema = z.union([z.string().trim(), z.number()])
  .transform((v) => String(v))
  .pipe(z.string().regex(/^-?\d{1,15}(\.\d{1,2})?$/, 'amount must be a decimal with at most 2 fraction digits'));

export const currencySchema = z.string().trim().regex(/^[A-Za-z]{3}$/, 'ISO 4217 code').transform((c) => c.toUpperCase());

export const pipelineStageInputSchema = z.object({
  name: requiredText(100),
  probability: z.number().int().min(0).max(100).default(0),
  kind: stageKindSchema.default('open'),
});

export const pipelineCreateSchema = z.object({
  name: requiredText(100),
  isDefault: z.boolean().default(false),
  stages: z.array(pipelineStageInputSchema).min(2).max(30)
    .refine((s) => s.some((x) => x.kind === 'won') && s.some((x) => x.kind === 'lost'), 'a pipeline needs a won and a lost stage'),
});
export type PipelineCreateInput = z.input<typeof pipelineCreateSchema>;

export const dealCreateSchema = z.object({
  clientId: idSchema,
  title: requiredText(300),
  pipelineId: idSchema.optional(),
  stageId: idSchema.optional(),
  amount: amountSchema.nullable().optional(),
  currency: currencySchema.default('RUB'),
  expectedCloseAt: dateSchema.nullable().optional(),
  ownerId: idSchema.nullable().optional(),
});
export type DealCreateInput = z.input<typeof dealCreateSchema>;

export const dealUpdateSchema = z.object({
  title: requiredText(300),
  amount: amountSchema.nullable(),
  currency: currencySchema,
  expectedCloseAt: dateSchema.nullable(),
  ownerId: idSchema.nullable(),
}).partial();
export type DealUpdateInput = z.input<typeof dealUpdateSchema>;

export const dealMoveSchema = z.object({ stageId: idSchema });

export const dealListQuerySchema = paginationSchema.extend({
  clientId: idSchema.optional(),
  pipelineId: idSchema.optional(),
  stageId: idSchema.optional(),
  status: stageKindSchema.optional(),
  ownerId: idSchema.optional(),
});
export type DealListQuery = z.input<typeof dealListQuerySchema>;

export const funnelQuerySchema = z.object({
  pipelineId: idSchema.optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
});
export type FunnelQuery = z.input<typeof funnelQuerySchema>;

export interface PipelineStageDto { id: number; name: string; position: number; probability: number; kind: string }
export interface PipelineDto { id: number; name: string; isDefault: boolean; stages: PipelineStageDto[] }

export interface DealDto {
  id: number;
  clientId: number;
  title: string;
  pipelineId: number;
  stageId: number;
  amount: string | null;
  currency: string;
  expectedCloseAt: string | null;
  ownerId: number | null;
  status: string;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DealStageHistoryDto { id: number; fromStageId: number | null; toStageId: number; changedById: number | null; changedAt: string }

export interface FunnelStageRow {
  stageId: number;
  name: string;
  kind: string;
  position: number;
  /** deals currently in this stage */
  current: number;
  /** current amount per currency, decimal strings */
  amounts: Record<string, string>;
  /** deals that ever reached this stage (or a later open stage / won) */
  reached: number;
  /** reached / reached of the previous open stage (first stage: 1) */
  conversion: number;
}

export interface FunnelReport { pipelineId: number; stages: FunnelStageRow[]; won: number; lost: number; winRate: number }
