import { z } from 'zod';

/**
 * A telemarketing script: versioned JSON. Steps form a graph (`next` by id); questions have typed
 * answers. Shape is checked here with zod; graph rules (ids, references, reachability, placeholders)
 * in script-validator.ts. `z.infer` gives the types, so schema and type cannot drift.
 */
const id = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'lower-case id: a-z, 0-9, _ and -');
const text = z.string().min(1).max(4000);

export const questionTypes = ['single', 'multiple', 'number', 'date', 'text'] as const;
export type QuestionType = (typeof questionTypes)[number];

const optionSchema = z.object({ value: z.string().min(1).max(100), label: z.string().min(1).max(200) });

/** What an answer may cause: a deal, a task, or a client field set to the answer (or a fixed value). */
export const answerEffectSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('create_deal'), when: z.string().optional(), title: text, amount: z.string().regex(/^\d+(\.\d{1,2})?$/).optional() }),
  z.object({ type: z.literal('create_task'), when: z.string().optional(), title: text, dueInMinutes: z.number().int().min(0).max(525600).default(60) }),
  z.object({ type: z.literal('set_client_field'), when: z.string().optional(), field: z.string().min(1).max(100), value: z.string().max(1000).optional() }),
]);
export type AnswerEffect = z.infer<typeof answerEffectSchema>;

export const questionSchema = z.object({
  id,
  text,
  type: z.enum(questionTypes),
  options: z.array(optionSchema).max(50).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  required: z.boolean().default(true),
  effects: z.array(answerEffectSchema).max(10).default([]),
});
export type Question = z.infer<typeof questionSchema>;

/** A branch case: the answer equals a value, is one of several, or (numbers) lies in [gte, lte]. */
export const branchCaseSchema = z.object({
  equals: z.string().optional(),
  in: z.array(z.string()).min(1).optional(),
  gte: z.number().optional(),
  lte: z.number().optional(),
  next: id,
}).refine((c) => c.equals !== undefined || c.in !== undefined || c.gte !== undefined || c.lte !== undefined, 'a case needs equals, in, gte or lte');

export const stepSchema = z.discriminatedUnion('type', [
  z.object({ id, type: z.literal('say'), text, next: id }),
  z.object({ id, type: z.literal('ask'), question: id, next: id }),
  z.object({ id, type: z.literal('branch'), question: id, cases: z.array(branchCaseSchema).min(1).max(50), default: id }),
  z.object({ id, type: z.literal('set_field'), field: z.string().min(1).max(100), value: z.string().max(1000).optional(), fromAnswer: id.optional(), next: id }),
  z.object({ id, type: z.literal('schedule_callback'), inMinutes: z.number().int().min(1).max(525600).optional(), atAnswer: id.optional(), personal: z.boolean().default(true), next: id }),
  z.object({ id, type: z.literal('transfer'), to: z.string().min(1).max(80), text: text.optional() }),
  z.object({ id, type: z.literal('end'), disposition: z.string().min(1).max(50), text: text.optional() }),
]);
export type ScriptStep = z.infer<typeof stepSchema>;
export type StepType = ScriptStep['type'];

export const scriptSchema = z.object({
  key: id,
  version: z.number().int().min(1),
  title: z.string().min(1).max(200),
  start: id,
  questions: z.array(questionSchema).max(200).default([]),
  steps: z.array(stepSchema).min(1).max(500),
});
export type Script = z.infer<typeof scriptSchema>;
export type ScriptInput = z.input<typeof scriptSchema>;
