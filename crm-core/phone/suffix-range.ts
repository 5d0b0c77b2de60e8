/**
 * The smallest digit string greater than every string that starts with `prefix` ("12399" → "124"),
 * or null when there is none ("999"). Done on digits only, so the range `[prefix, next)` means the same
 * under any collation (SQLite BINARY, PostgreSQL locale collations).
 */
export function nextDigitPrefix(prefix: string): string | null {
  if (!/^\d*$/.test(prefix)) throw new Error('nextDigitPrefix takes digits only');
  const trimmed = prefix.replace(/9+$/, '');
  if (trimmed === '') return null;
  const last = trimmed.length - 1;
  return trimmed.slice(0, last) + String(Number(trimmed[last]) + 1);
}

/** The index range that finds every nsnRev starting with `key`. */
export function suffixRange(key: string): { lo: string; hi: string | null } {
  return { lo: key, hi: nextDigitPrefix(key) };
}
