import { ZariError } from '../../kernel/index.js';

/**
 * Two guards every REST route gets from `mountRoutes` (web/http/route.ts): strings that no
 * database can store are refused with a 400 before the handler runs, and database constraint errors that bad
 * input can provoke become 4xx instead of a 500.
 */
/**
 * Database constraint errors that bad input can provoke (a foreign key to a missing user, a unique key taken)
 * → 4xx instead of a 500. Anything else passes through unchanged.
 */
export function fromDbError(e: unknown): unknown {
  if (typeof e !== 'object' || e === null || !('code' in e) || !('name' in e)) return e;
  const { code, name } = e as { code: unknown; name: unknown };
  if (typeof name !== 'string' || !name.startsWith('PrismaClient')) return e;
  if (code === 'P2003') return new ZariError('validation_failed', 'a referenced record does not exist', { db: code });
  if (code === 'P2002') return new ZariError('conflict', 'a record with these values already exists', { db: code });
  if (code === 'P2025') return new ZariError('not_found', 'record not found', { db: code });
  if (code === 'P2020') return new ZariError('validation_failed', 'a value is out of range', { db: code });
  if (code === 'P2000') return new ZariError('validation_failed', 'a value is too long', { db: code });
  return e;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The path of the first string (key or value) that no database can store: one with a NUL character
 * (PostgreSQL refuses it) or a lone UTF-16 surrogate (not Unicode); null when all are fine.
 */
export function unstorableString(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') || loneSurrogate.test(value) ? path || '(root)' : null;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || depth > 32) return null;
  for (const [k, v] of Object.entries(value)) {
    const bad = unstorableString(k, path, depth + 1) ?? unstorableString(v, path ? `${path}.${k}` : k, depth + 1);
    if (bad !== null) return bad;
  }
  return null;
}

/** Refuses input a database cannot store (400), before any handler runs. */
export function assertStorable(input: unknown): void {
  const bad = unstorableString(input);
  if (bad !== null) {
    throw new ZariError('validation_failed', 'text with a NUL character or a broken surrogate pair', [{ path: bad, code: 'invalid_string', message: 'not storable text' }]);
  }
}
