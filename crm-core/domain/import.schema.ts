import { z } from 'zod';
import { clientKindSchema } from './client.schema.js';

/** Client fields a column can map to. `phones` and `tags` may hold several values split by ';' or ','. */
export const importFields = [
  'kind', 'name', 'legalName', 'taxId', 'taxCode2', 'regNumber', 'legalAddress', 'address', 'email', 'website',
  'segment', 'vip', 'notes', 'phones', 'tags', 'responsibleLogin',
] as const;
export type ImportField = (typeof importFields)[number];

/** A column target: a client field, `custom:<key>` for a custom field, or `ignore`. */
export const importTargetSchema = z.union([
  z.enum(importFields),
  z.string().regex(/^custom:[^\s].{0,63}$/, 'custom:<key>'),
  z.literal('ignore'),
]);
export type ImportTarget = z.infer<typeof importTargetSchema>;

/** Column header (as in the file, trimmed) → target. Without a mapping, headers equal to a field name (any case) map to it. */
export const importMappingSchema = z.record(z.string().trim().min(1).max(200), importTargetSchema);

export const importFormats = ['csv', 'xlsx'] as const;

export const importOptionsSchema = z.object({
  format: z.enum(importFormats),
  fileName: z.string().trim().max(255).optional(),
  mapping: importMappingSchema.optional(),
  /** CSV only; sniffed from the header line when absent */
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  /** XLSX only: worksheet name or 1-based index (default: the first) */
  sheet: z.union([z.string().min(1), z.number().int().min(1)]).optional(),
  batchSize: z.number().int().min(1).max(2000).default(500),
  defaultKind: clientKindSchema.default('company'),
  /** rows of the file after the header; 0 = no limit */
  maxRows: z.number().int().min(0).default(0),
});
export type ImportOptions = z.input<typeof importOptionsSchema>;

/** One problem in one row. `row` counts like a spreadsheet: the header is row 1, the first data row is row 2. */
export interface ImportRowError { row: number; field: string; code: string; message: string }

export interface ImportProgress { jobId: number; processed: number; succeeded: number; failed: number }

export interface ImportResult {
  jobId: number;
  status: 'done' | 'failed';
  total: number;
  succeeded: number;
  failed: number;
  /** every row error (the ImportJob row stores the first 1000) */
  errors: ImportRowError[];
  /** set when the whole file could not be read (e.g. broken CSV quoting) */
  fatal?: string;
}

export interface ImportJobDto {
  id: number; kind: string; status: string; fileName: string | null; total: number; processed: number;
  succeeded: number; failed: number; errors: ImportRowError[]; createdById: number | null; createdAt: string; finishedAt: string | null;
}
