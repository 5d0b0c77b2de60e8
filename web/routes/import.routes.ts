import { z } from 'zod';
import type { Logger } from '../../kernel/index.js';
import {
  importMappingSchema, type Actor, type ImportJobDto, type ImportOptions, type ImportResult, type ImportService,
} from '../../crm-core/index.js';
import { ZariError } from '../../kernel/index.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { csvMediaType, idParamsSchema, mediaTypeOf, readRawBody, who, xlsxMediaType } from './route-common.js';

export interface ImportRoutesDeps {
  readonly imports: ImportService;
  /** logs imports that fail after the response was sent */
  readonly logger?: Logger;
}

/** Largest import file accepted (a 10,000-row CSV is about 1 MB). */
export const importBodyLimitBytes = 20 * 1024 * 1024;
const roles = { roles: ['admin', 'supervisor'] } as const;

/** `?map=` as a JSON object ({"Company":"name"}) or as `column=field` pairs (repeatable, or comma-separated). */
const mapParam = z.union([z.string().max(10_000), z.array(z.string().max(1000)).max(100)])
  .transform((v, ctx): unknown => {
    const text = Array.isArray(v) ? v.join(',') : v;
    if (text.trim().startsWith('{')) {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'map is not valid JSON' });
        return z.NEVER;
      }
    }
    const pairs = text.split(',').filter((p) => p.trim() !== '').map((p) => p.split('='));
    if (pairs.some((p) => p.length !== 2)) {
      ctx.addIssue({ code: 'custom', message: 'map pairs are column=field' });
      return z.NEVER;
    }
    return Object.fromEntries(pairs.map(([k, f]) => [k?.trim() ?? '', f?.trim() ?? '']));
  })
  .pipe(importMappingSchema);

const importQuery = z.object({
  map: mapParam.optional(),
  fileName: z.string().trim().min(1).max(255).optional(),
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  sheet: z.string().trim().min(1).max(100).optional(),
  /** wait for the end and answer 200 with the full result (all row errors) instead of 202 + the job */
  wait: z.enum(['0', '1', 'true', 'false']).optional(),
});
type ImportQuery = z.infer<typeof importQuery>;

const formatOf = (mediaType: string): 'csv' | 'xlsx' => {
  if (mediaType === csvMediaType) return 'csv';
  if (mediaType === xlsxMediaType) return 'xlsx';
  throw new ZariError('unsupported_media_type', `send ${csvMediaType} or ${xlsxMediaType}`, { contentType: mediaType });
};

function optionsOf(format: 'csv' | 'xlsx', q: ImportQuery): ImportOptions {
  const sheet = q.sheet === undefined ? undefined : /^\d+$/.test(q.sheet) ? Number(q.sheet) : q.sheet;
  return {
    format,
    ...(q.map !== undefined ? { mapping: q.map } : {}),
    ...(q.fileName !== undefined ? { fileName: q.fileName } : {}),
    ...(q.delimiter !== undefined ? { delimiter: q.delimiter } : {}),
    ...(sheet !== undefined ? { sheet } : {}),
  };
}

/**
 * Starts the import and answers as soon as its job exists (first progress report or the end, whichever comes
 * first); the rest runs on, and GET /api/imports/:id shows progress and the per-row error report.
 */
async function startImport(deps: ImportRoutesDeps, actor: Actor, file: Buffer, options: ImportOptions): Promise<number> {
  let answered = false;
  let reportJob: (id: number) => void = () => undefined;
  const firstProgress = new Promise<number>((resolve) => {
    reportJob = resolve;
  });
  const run = deps.imports.importClients(actor, file, options, (p) => reportJob(p.jobId));
  // before the answer, a failure is the request's error; after it, only the log can tell
  run.catch((err: unknown) => {
    if (answered) deps.logger?.error({ err }, 'client import failed after the response');
  });
  const jobId = await Promise.race([firstProgress, run.then((r: ImportResult) => r.jobId)]);
  answered = true;
  return jobId;
}

/** Client import (CSV or XLSX as the raw request body) and import job progress (admin, supervisor). */
export function importRoutes(deps: ImportRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'post', path: '/api/clients/import', operationId: 'importClients', tags: ['import'], access: roles, status: 202,
      summary: 'Import clients from the CSV or XLSX request body (?map= column mapping); answers with the import job',
      rawBody: [csvMediaType, xlsxMediaType], query: importQuery,
      handler: async ({ actor, query, req, res }): Promise<ImportJobDto | undefined> => {
        const format = formatOf(mediaTypeOf(req));
        const file = await readRawBody(req, importBodyLimitBytes);
        if (file.length === 0) throw new ZariError('validation_failed', 'the file is empty');
        const options = optionsOf(format, query);
        if (query.wait === '1' || query.wait === 'true') {
          res.status(200).json(await deps.imports.importClients(who(actor), file, options));
          return undefined;
        }
        return deps.imports.getJob(who(actor), await startImport(deps, who(actor), file, options));
      },
    }),
    defineRoute({
      method: 'get', path: '/api/imports/:id', operationId: 'getImportJob', tags: ['import'], access: roles,
      summary: 'Import job progress (processed, succeeded, failed) and its per-row error report', params: idParamsSchema,
      handler: ({ actor, params }) => deps.imports.getJob(who(actor), params.id),
    }),
  ];
}
