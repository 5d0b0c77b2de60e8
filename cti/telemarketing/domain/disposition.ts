import { z } from 'zod';

/**
 * Outcomes (dispositions) are configurable per campaign and drive the list logic:
 *  - final:    the entry is done (success, refused, wrong number...)
 *  - retry:    dial again per the retry schedule of the PBX result (busy, no answer, failed)
 *  - callback: dial again at a time agreed with the customer (personal or shared)
 *  - dnc:      "stop calling me": the number goes on the do-not-call list at once; done
 */
export const dispositionKinds = ['final', 'retry', 'callback', 'dnc'] as const;
export type DispositionKind = (typeof dispositionKinds)[number];

export const dispositionSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/),
  label: z.string().min(1).max(100),
  kind: z.enum(dispositionKinds),
  /** counts as a successful contact in reports */
  success: z.boolean().default(false),
});
export type Disposition = z.infer<typeof dispositionSchema>;

export const dispositionsSchema = z.array(dispositionSchema).min(1).max(100).refine(
  (list) => new Set(list.map((d) => d.code)).size === list.length, 'disposition codes must be unique',
);

export const defaultDispositions: readonly Disposition[] = [
  { code: 'success', label: 'Success', kind: 'final', success: true },
  { code: 'not_interested', label: 'Not interested', kind: 'final', success: false },
  { code: 'wrong_number', label: 'Wrong number', kind: 'final', success: false },
  { code: 'callback', label: 'Call back later', kind: 'callback', success: false },
  { code: 'no_decision_maker', label: 'Decision maker absent', kind: 'retry', success: false },
  { code: 'stop_calling', label: 'Stop calling me', kind: 'dnc', success: false },
];

export function findDisposition(list: readonly Disposition[], code: string): Disposition | undefined {
  return list.find((d) => d.code === code);
}
