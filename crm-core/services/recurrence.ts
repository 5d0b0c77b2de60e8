import type { Recurrence } from '../domain/task.schema.js';

const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();

/** Adds months in UTC, clamping the day (Jan 31 + 1 month → Feb 28/29). */
function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const day = Math.min(d.getUTCDate(), daysIn(ty, tm));
  return new Date(Date.UTC(ty, tm, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
}

/** The next occurrence of a recurring date. */
export function nextOccurrence(d: Date, r: Recurrence): Date {
  switch (r) {
    case 'daily': return new Date(d.getTime() + 86_400_000);
    case 'weekly': return new Date(d.getTime() + 7 * 86_400_000);
    case 'monthly': return addMonths(d, 1);
    case 'yearly': return addMonths(d, 12);
  }
}
