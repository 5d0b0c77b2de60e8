import { z } from 'zod';
import { dispositionsSchema, defaultDispositions } from './disposition.js';

export const dialModes = ['preview', 'progressive', 'predictive'] as const;
export type DialMode = (typeof dialModes)[number];

export const campaignStatuses = ['draft', 'running', 'paused', 'finished'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');

/** Calling hours in the callee's local time. days: ISO weekdays 1 (Mon) … 7 (Sun). */
export const callingWindowSchema = z.object({
  start: hhmm.default('09:00'),
  end: hhmm.default('21:00'),
  days: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5, 6, 7]),
}).refine((w) => w.start < w.end, 'start must be before end');
export type CallingWindow = z.infer<typeof callingWindowSchema>;

/** PBX results that may be retried, and the delays (minutes) of the 1st, 2nd… retry. */
export const retryOutcomes = ['busy', 'no_answer', 'failed', 'abandoned'] as const;
export type RetryOutcome = (typeof retryOutcomes)[number];

export const retryRulesSchema = z.object({
  busy: z.array(z.number().int().min(1)).max(20).default([5, 15, 30]),
  no_answer: z.array(z.number().int().min(1)).max(20).default([60, 180, 1440]),
  failed: z.array(z.number().int().min(1)).max(20).default([15, 60]),
  /** an abandoned customer is called back first, soon */
  abandoned: z.array(z.number().int().min(1)).max(20).default([2, 60]),
  /** delay for a 'retry' disposition chosen by the telemarketer */
  disposition: z.array(z.number().int().min(1)).max(20).default([120, 1440]),
});
export type RetryRules = z.infer<typeof retryRulesSchema>;

/** 0 = no limit. Per contact (client) and per number; per callee-local day and in total. */
export const attemptLimitsSchema = z.object({
  perContactPerDay: z.number().int().min(0).default(3),
  perContactTotal: z.number().int().min(0).default(10),
  perNumberPerDay: z.number().int().min(0).default(2),
  perNumberTotal: z.number().int().min(0).default(6),
});
export type AttemptLimits = z.infer<typeof attemptLimitsSchema>;

export const pacingSettingsSchema = z.object({
  /** abandon-rate cap (fraction), per day and rolling; pacing never plans above it */
  abandonCap: z.number().min(0).max(0.2).default(0.03),
  /** an answered customer must reach a telemarketer within this many seconds, else abandoned */
  connectWithinSeconds: z.number().min(0.5).max(30).default(2),
  /** how often the model is recomputed (at most 15 s) */
  recomputeSeconds: z.number().min(1).max(15).default(15),
  /** rolling window for the actual abandon rate */
  rollingMinutes: z.number().int().min(5).max(24 * 60).default(60),
  /** upper bound of calls in flight per ready telemarketer */
  maxLinesPerAgent: z.number().min(1).max(10).default(5),
});
export type PacingSettings = z.infer<typeof pacingSettingsSchema>;

export const campaignSettingsSchema = z.object({
  callingWindow: callingWindowSchema.default({ start: '09:00', end: '21:00', days: [1, 2, 3, 4, 5, 6, 7] }),
  /** time zone of numbers whose zone cannot be derived (IANA) */
  defaultTimeZone: z.string().min(1).default('Europe/Moscow'),
  retry: retryRulesSchema.default(retryRulesSchema.parse({})),
  limits: attemptLimitsSchema.default(attemptLimitsSchema.parse({})),
  pacing: pacingSettingsSchema.default(pacingSettingsSchema.parse({})),
  dispositions: dispositionsSchema.default([...defaultDispositions]),
  /** "stop calling me" blocks the number globally (default) or only for this campaign */
  stopScope: z.enum(['global', 'campaign']).default('global'),
});
export type CampaignSettings = z.infer<typeof campaignSettingsSchema>;
export type CampaignSettingsInput = z.input<typeof campaignSettingsSchema>;

export const campaignCreateSchema = z.object({
  name: z.string().trim().min(1).max(200),
  dialMode: z.enum(dialModes).default('preview'),
  manualOnly: z.boolean().default(false),
  requiresConsent: z.boolean().default(false),
  callerId: z.string().trim().min(1).max(40).optional(),
  settings: campaignSettingsSchema.default(campaignSettingsSchema.parse({})),
}).refine((c) => !(c.manualOnly && c.dialMode !== 'preview'), { message: 'a manual-only campaign dials in preview mode', path: ['dialMode'] });
export type CampaignCreateInput = z.input<typeof campaignCreateSchema>;
