import type { Request } from 'express';
import { z } from 'zod';
import { ZariError } from '../../kernel/index.js';
import type { Actor } from '../../crm-core/index.js';

/** A positive 32-bit database id given as a path segment (digits only: "abc", "-1", "1e3" are 400s). */
export const dbIdSchema = z.string().regex(/^\d{1,10}$/, 'expected a numeric id')
  .transform(Number)
  .pipe(z.number().int().positive().max(2147483647));

export const idParamsSchema = z.object({ id: dbIdSchema });
export type IdParams = z.infer<typeof idParamsSchema>;

/**
 * Page-number aliases accepted next to crm-core's limit/offset on every list: `page` (1-based) and
 * `pageSize`. Lists answer `{ items, total, limit, offset, page, pageSize }`.
 */
export const pageAliases = {
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
};

interface Paged { limit: number; offset: number; page?: number | undefined; pageSize?: number | undefined }

/** page/pageSize → limit/offset (an explicit page wins over offset). */
export function toLimitOffset<Q extends Paged>(q: Q): Omit<Q, 'page' | 'pageSize'> {
  const { page, pageSize, ...rest } = q;
  const limit = pageSize ?? rest.limit;
  const offset = page !== undefined ? (page - 1) * limit : rest.offset;
  return { ...rest, limit, offset };
}

export interface Paginated<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  page: number;
  pageSize: number;
}

/** Adds page/pageSize to a crm-core page. */
export function withPage<T>(p: { items: T[]; total: number; limit: number; offset: number }): Paginated<T> {
  return { ...p, page: Math.floor(p.offset / p.limit) + 1, pageSize: p.limit };
}

/** A plain list (no pagination in the service) in the same envelope. */
export function allInOnePage<T>(items: T[]): Paginated<T> {
  return { items, total: items.length, limit: Math.max(items.length, 1), offset: 0, page: 1, pageSize: Math.max(items.length, 1) };
}

export const xlsxMediaType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const csvMediaType = 'text/csv';

/** The media type of a request without parameters (`text/csv; charset=utf-8` → `text/csv`). */
export function mediaTypeOf(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * The raw request body as a Buffer. Uses what an `express.raw` parser left in req.body if the app has one for
 * this media type; otherwise reads the (still unread) request stream itself, refusing more than `limitBytes`.
 */
export async function readRawBody(req: Request, limitBytes: number): Promise<Buffer> {
  const parsed: unknown = req.body;
  if (Buffer.isBuffer(parsed)) return checkSize(parsed, limitBytes);
  if (typeof parsed === 'string') return checkSize(Buffer.from(parsed, 'utf8'), limitBytes);
  if (req.readableEnded) return Buffer.alloc(0);
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limitBytes) throw tooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > limitBytes) {
      req.resume();
      throw tooLarge(limitBytes);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function checkSize(buf: Buffer, limitBytes: number): Buffer {
  if (buf.length > limitBytes) throw tooLarge(limitBytes);
  return buf;
}

function tooLarge(limitBytes: number): ZariError {
  return new ZariError('payload_too_large', `request body larger than ${limitBytes} bytes`, { limitBytes });
}

/** The actor of a 'session' or role-restricted route (mountRoutes already refused anonymous callers). */
export function who(actor: Actor | null): Actor {
  if (!actor) throw new ZariError('unauthenticated', 'log in first');
  return actor;
}
