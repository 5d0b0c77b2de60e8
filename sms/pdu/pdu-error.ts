import { ZariError } from '../../kernel/index.js';

/** Every decode/encode failure of the codec: a validation error with a precise, human-readable reason. */
export function pduError(reason: string, details: Record<string, unknown> = {}): ZariError<'validation_failed'> {
  return new ZariError('validation_failed', `invalid SMS PDU: ${reason}`, { reason, ...details });
}
