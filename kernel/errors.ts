/**
 * Domain errors with stable codes. Mapped once to HTTP at the web edge (web/http/error-mapper.ts) and
 * once from upstream systems at each driver edge. Messages are for humans; `code` is the contract.
 */
export const errorCodes = {
  validation_failed: 400,
  invalid_phone_number: 400,
  invalid_json: 400,
  payload_too_large: 413,
  range_not_satisfiable: 416,
  unauthenticated: 401,
  invalid_credentials: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  already_exists: 409,
  rate_limited: 429,
  unsupported_media_type: 415,
  capability_missing: 409,
  pbx_unavailable: 503,
  pbx_rejected: 502,
  agent_unreachable: 409,
  policy_refused: 409,
  no_such_call: 404,
  modem_unavailable: 503,
  modem_rejected: 502,
  internal: 500,
} as const;

export type ZariErrorCode = keyof typeof errorCodes;

export class ZariError<C extends ZariErrorCode = ZariErrorCode> extends Error {
  readonly code: C;
  readonly details: unknown;

  constructor(code: C, message: string, details?: unknown) {
    super(message);
    this.name = 'ZariError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorCodes[this.code];
  }
}

export function isZariError(e: unknown): e is ZariError {
  return e instanceof ZariError;
}

export const notFound = (what: string, id?: string | number): ZariError<'not_found'> =>
  new ZariError('not_found', id === undefined ? `${what} not found` : `${what} ${id} not found`);

export const forbidden = (message = 'not allowed'): ZariError<'forbidden'> => new ZariError('forbidden', message);
