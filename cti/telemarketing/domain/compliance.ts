import type { AttemptLimits, CallingWindow } from './campaign.schema.js';
import { isInWindow, nextWindowOpening, zonedParts, zonedToUtc } from './local-time.js';

/**
 * The pre-dial compliance check as a pure function of facts the service gathers. Order matters:
 * a permanent block (DNC, missing consent, manual-only) is reported before a temporary one
 * (calling window, daily limits), so the list logic knows whether to reschedule or stop.
 */
export const complianceReasons = [
  'dnc_global', 'dnc_campaign', 'consent_missing', 'manual_only', 'outside_window', 'limit_contact_day',
  'limit_contact_total', 'limit_number_day', 'limit_number_total', 'callback_not_due', 'callback_other_agent',
] as const;
export type ComplianceReason = (typeof complianceReasons)[number];

export interface ComplianceFacts {
  now: Date;
  timeZone: string;
  window: CallingWindow;
  limits: AttemptLimits;
  dnc: 'none' | 'global' | 'campaign';
  requiresConsent: boolean;
  /** a valid (not revoked) consent exists for this number */
  hasConsent: boolean;
  manualOnly: boolean;
  /** who starts this dial: a person (click in preview) or the dialer */
  initiator: 'person' | 'dialer';
  /** attempts already made (callee-local day / total) */
  attempts: { contactToday: number; contactTotal: number; numberToday: number; numberTotal: number };
  /** a scheduled callback of this entry */
  callback?: { at: Date; userId: number | null };
  /** the telemarketer who would take the call (null: the dialer, not yet known) */
  userId: number | null;
}

export type ComplianceVerdict =
  | { allowed: true }
  | { allowed: false; reason: ComplianceReason; permanent: boolean; retryAt?: Date };

const over = (limit: number, count: number): boolean => limit > 0 && count >= limit;

export function checkCompliance(f: ComplianceFacts): ComplianceVerdict {
  if (f.dnc === 'global') return { allowed: false, reason: 'dnc_global', permanent: true };
  if (f.dnc === 'campaign') return { allowed: false, reason: 'dnc_campaign', permanent: true };
  if (f.requiresConsent && !f.hasConsent) return { allowed: false, reason: 'consent_missing', permanent: true };
  if (f.manualOnly && f.initiator !== 'person') return { allowed: false, reason: 'manual_only', permanent: false };
  if (over(f.limits.perContactTotal, f.attempts.contactTotal)) return { allowed: false, reason: 'limit_contact_total', permanent: true };
  if (over(f.limits.perNumberTotal, f.attempts.numberTotal)) return { allowed: false, reason: 'limit_number_total', permanent: true };
  if (f.callback) {
    if (f.callback.at.getTime() > f.now.getTime()) return { allowed: false, reason: 'callback_not_due', permanent: false, retryAt: nextWindowOpening(f.callback.at, f.timeZone, f.window) };
    if (f.callback.userId !== null && f.userId !== null && f.callback.userId !== f.userId) return { allowed: false, reason: 'callback_other_agent', permanent: false };
  }
  if (!isInWindow(f.now, f.timeZone, f.window)) return { allowed: false, reason: 'outside_window', permanent: false, retryAt: nextWindowOpening(f.now, f.timeZone, f.window) };
  const tomorrow = (): Date => nextWindowOpening(nextLocalDay(f.now, f.timeZone), f.timeZone, f.window);
  if (over(f.limits.perContactPerDay, f.attempts.contactToday)) return { allowed: false, reason: 'limit_contact_day', permanent: false, retryAt: tomorrow() };
  if (over(f.limits.perNumberPerDay, f.attempts.numberToday)) return { allowed: false, reason: 'limit_number_day', permanent: false, retryAt: tomorrow() };
  return { allowed: true };
}

/** Local midnight at the start of the callee's next day. */
function nextLocalDay(now: Date, timeZone: string): Date {
  const p = zonedParts(now, timeZone);
  const n = new Date(Date.UTC(p.year, p.month - 1, p.day + 1, 12));
  return zonedToUtc(n.getUTCFullYear(), n.getUTCMonth() + 1, n.getUTCDate(), 0, 0, timeZone);
}
