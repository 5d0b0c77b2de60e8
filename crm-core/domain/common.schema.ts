import { z } from 'zod';

/** A database id as it arrives from a URL or JSON (coerced). */
export const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

/** Offset pagination; every list returns the total too. */
export const paginationSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type Pagination = z.infer<typeof paginationSchema>;

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** Required trimmed text of bounded length (stored as given: never HTML-escaped). */
export const requiredText = (max: number) => z.string().trim().min(1).max(max);

/** Optional trimmed text; '' becomes null so a form can clear a field. */
export const optionalText = (max: number) =>
  z.string().trim().max(max).transform((v) => (v === '' ? null : v)).nullable().optional();

/** ISO date-time or Date, as Date. */
export const dateSchema = z.coerce.date();

export const booleanish = z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).transform((v) => v === true || v === 'true' || v === '1');

/** JSON-safe ISO string for a Date (null stays null). */
export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
