import type { CallingWindow } from './campaign.schema.js';

/**
 * Wall-clock time in an IANA zone with `Intl.DateTimeFormat` (DST included), and the calling
 * window arithmetic built on it. No time-zone library: the ICU data of Node is the source.
 */
export interface ZonedParts { year: number; month: number; day: number; hour: number; minute: number; second: number; /** ISO 1 = Monday … 7 = Sunday */ weekday: number }

const formatters = new Map<string, Intl.DateTimeFormat>();
const weekdays: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws RangeError for an unknown zone. */
export function isValidTimeZone(timeZone: string): boolean {
  try { formatter(timeZone); return true; } catch { return false; }
}

export function zonedParts(at: Date, timeZone: string): ZonedParts {
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) out[p.type] = p.value;
  return {
    year: Number(out.year), month: Number(out.month), day: Number(out.day),
    hour: Number(out.hour) % 24, minute: Number(out.minute), second: Number(out.second), weekday: weekdays[out.weekday ?? ''] ?? 1,
  };
}

/** Offset of the zone from UTC at this instant, in minutes (east positive). */
export function offsetMinutes(at: Date, timeZone: string): number {
  const p = zonedParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant of a local wall time. A time skipped by a DST jump (e.g. 02:30 on a spring-forward
 * day) resolves to the same clock reading after the jump (03:30); a repeated one to its first occurrence.
 */
export function zonedToUtc(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const first = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  const second = wall - offsetMinutes(new Date(first), timeZone) * 60_000;
  const candidates = [first, second].filter((t) => {
    const p = zonedParts(new Date(t), timeZone);
    return p.hour === hour && p.minute === minute && p.day === day;
  });
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  return new Date(Math.max(first, second));
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isInWindow(at: Date, timeZone: string, w: CallingWindow): boolean {
  const p = zonedParts(at, timeZone);
  const m = p.hour * 60 + p.minute;
  return w.days.includes(p.weekday) && m >= minutesOf(w.start) && m < minutesOf(w.end);
}

/** `at` itself when inside the window, else the next window opening in the callee's zone. */
export function nextWindowOpening(at: Date, timeZone: string, w: CallingWindow): Date {
  if (isInWindow(at, timeZone, w)) return at;
  const start = minutesOf(w.start);
  const today = zonedParts(at, timeZone);
  for (let d = 0; d <= 8; d++) {
    const noon = new Date(Date.UTC(today.year, today.month - 1, today.day + d, 12));
    const y = noon.getUTCFullYear(); const mo = noon.getUTCMonth() + 1; const day = noon.getUTCDate();
    const wd = ((noon.getUTCDay() + 6) % 7) + 1;
    if (!w.days.includes(wd)) continue;
    const opening = zonedToUtc(y, mo, day, Math.floor(start / 60), start % 60, timeZone);
    if (opening.getTime() > at.getTime()) return opening;
  }
  throw new RangeError('calling window never opens');
}

/** The instant local midnight began in the zone (start of the callee's day, for per-day limits). */
export function startOfLocalDay(at: Date, timeZone: string): Date {
  const p = zonedParts(at, timeZone);
  return zonedToUtc(p.year, p.month, p.day, 0, 0, timeZone);
}
