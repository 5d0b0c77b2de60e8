import { ZodError, type z } from 'zod';
import { ZariError } from '../../kernel/index.js';

/** Parses a JSON-object column; anything else (corrupt, array) becomes {}. */
export function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function parseJsonStringArray(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export interface FieldIssue { field: string; code: string; message: string }

export function zodIssues(e: ZodError): FieldIssue[] {
  return e.issues.map((i) => ({ field: i.path.join('.') || '(root)', code: i.code, message: i.message }));
}

/** Validates input with a zod schema; failures become ZariError('validation_failed') with field issues. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ZariError('validation_failed', 'invalid input', { issues: zodIssues(r.error) });
  return r.data;
}

export { ZodError };

export type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/** Drops undefined properties (zod optional output → Prisma data under exactOptionalPropertyTypes). */
export function defined<T extends object>(o: T): Defined<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Defined<T>;
}
