import type { NextFunction, Request, Response } from 'express';
import { ZodError } from 'zod';
import { isZariError, ZariError, type Logger } from '../../kernel/index.js';

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details: unknown };
}

interface BodyParserError { type?: unknown; status?: unknown; expose?: unknown }

/** body-parser's errors (bad JSON, too large, bad encoding) → stable zari codes. */
function fromBodyParser(err: unknown): ZariError | null {
  if (typeof err !== 'object' || err === null) return null;
  // the router's URIError for a malformed %-escape in the path carries status 400 and no `type`
  if (err instanceof URIError) return new ZariError('validation_failed', 'the request path is not valid percent-encoding');
  if (!('type' in err)) return null;
  const e = err as BodyParserError;
  if (e.type === 'entity.parse.failed') return new ZariError('invalid_json', 'the request body is not valid JSON');
  if (e.type === 'entity.too.large') return new ZariError('payload_too_large', 'the request body is too large');
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new ZariError(e.status === 415 ? 'unsupported_media_type' : 'validation_failed', 'the request body could not be read', { type: e.type });
  }
  return null;
}

/** Any thrown value → a ZariError; unknown errors become `internal` (and are logged, never echoed). */
export function toZariError(err: unknown): ZariError {
  if (isZariError(err)) return err;
  if (err instanceof ZodError) {
    return new ZariError('validation_failed', 'invalid input', err.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message })));
  }
  return fromBodyParser(err) ?? new ZariError('internal', 'internal error');
}

export function sendError(res: Response, error: ZariError): void {
  if (error.code === 'rate_limited') {
    const details = error.details as { retryAfterSeconds?: unknown } | undefined;
    if (typeof details?.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(details.retryAfterSeconds));
  }
  const body: ErrorBody = { error: { code: error.code, message: error.message, details: error.details ?? null } };
  res.status(error.status).json(body);
}

/** The single Express error handler: ZariError → its status and `{"error":{code,message,details}}`. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const error = toZariError(err);
    if (error.code === 'internal') logger.error({ err, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    sendError(res, error);
  };
}
