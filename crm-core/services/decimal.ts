/** Exact decimal-string arithmetic for money with 2 fraction digits (stored as text on both providers). */
export function toCents(amount: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) return 0n;
  const cents = BigInt(m[2] ?? '0') * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] === '-' ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  const frac = String(abs % 100n).padStart(2, '0');
  return `${neg ? '-' : ''}${abs / 100n}.${frac}`;
}

/** "1250" → "1250.00", "3.5" → "3.50". */
export const normalizeAmount = (amount: string): string => fromCents(toCents(amount));
