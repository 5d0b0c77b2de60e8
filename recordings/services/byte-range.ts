import { ZariError } from '../../kernel/index.js';
import type { ByteRange } from '../ports/recording-store.port.js';

/**
 * An HTTP `Range` header (RFC 9110 §14) for one representation of `size` bytes → one inclusive range.
 * No header: null (the whole body). Accepted: `bytes=a-b`, `bytes=a-`, `bytes=-n` (the last n bytes).
 * Anything else — another unit, several ranges, garbage, a start beyond the end — is refused with
 * `range_not_satisfiable` (416) instead of being silently ignored: a player never sends those.
 */
const single = /^bytes=(\d{0,15})-(\d{0,15})$/;

export function parseByteRange(header: string | undefined, size: number): (ByteRange & { end: number }) | null {
  if (header === undefined) return null;
  const m = single.exec(header.trim());
  const refuse = (why: string): ZariError => new ZariError('range_not_satisfiable', `range not satisfiable: ${why}`, { size });
  if (!m) throw refuse('expected one range "bytes=start-end"');
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') throw refuse('empty range');
  if (a === '') {
    const n = Number(b);
    if (n === 0 || size === 0) throw refuse('empty suffix');
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (b !== '' && Number(b) < start) throw refuse('end before start');
  if (start >= size) throw refuse('start beyond the end');
  return { start, end };
}
