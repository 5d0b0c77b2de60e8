import {
  attemptLimitsSchema, checkCompliance, nextRetry, retryRulesSchema, type ComplianceFacts, type ComplianceVerdict,
} from '../../cti/index.js';

const window = { start: '09:00', end: '21:00', days: [1, 2, 3, 4, 5, 6] };
// Monday 2 March 2026, 12:00 Moscow
const noonMsk = new Date('2026-03-02T09:00:00Z');
const base: ComplianceFacts = {
  now: noonMsk, timeZone: 'Europe/Moscow', window, limits: attemptLimitsSchema.parse({}), dnc: 'none',
  requiresConsent: false, hasConsent: false, manualOnly: false, initiator: 'dialer',
  attempts: { contactToday: 0, contactTotal: 0, numberToday: 0, numberTotal: 0 }, userId: null,
};

type Row = [string, Partial<ComplianceFacts>, Partial<Extract<ComplianceVerdict, { allowed: false }>> | 'allowed'];

const rows: Row[] = [
  ['clean number in the window', {}, 'allowed'],
  ['global DNC', { dnc: 'global' }, { reason: 'dnc_global', permanent: true }],
  ['campaign DNC', { dnc: 'campaign' }, { reason: 'dnc_campaign', permanent: true }],
  ['DNC wins over a due callback', { dnc: 'global', callback: { at: new Date('2026-03-02T08:00:00Z'), userId: null } }, { reason: 'dnc_global' }],
  ['advertising without consent', { requiresConsent: true }, { reason: 'consent_missing', permanent: true }],
  ['advertising with consent', { requiresConsent: true, hasConsent: true }, 'allowed'],
  ['manual-only campaign, dialer', { manualOnly: true }, { reason: 'manual_only', permanent: false }],
  ['manual-only campaign, person clicks', { manualOnly: true, initiator: 'person' }, 'allowed'],
  ['before 09:00 Moscow → rescheduled to 09:00', { now: new Date('2026-03-02T05:00:00Z') }, { reason: 'outside_window', retryAt: new Date('2026-03-02T06:00:00Z') }],
  ['12:00 Moscow is 21:00 in Kamchatka → next morning there', { timeZone: 'Asia/Kamchatka' }, { reason: 'outside_window', retryAt: new Date('2026-03-02T21:00:00Z') }],
  ['12:00 Moscow is 10:00 in Kaliningrad', { timeZone: 'Europe/Kaliningrad' }, 'allowed'],
  ['Sunday is not a calling day → Monday', { now: new Date('2026-03-08T09:00:00Z') }, { reason: 'outside_window', retryAt: new Date('2026-03-09T06:00:00Z') }],
  ['contact limit per day → tomorrow 09:00', { attempts: { contactToday: 3, contactTotal: 3, numberToday: 1, numberTotal: 1 } }, { reason: 'limit_contact_day', permanent: false, retryAt: new Date('2026-03-03T06:00:00Z') }],
  ['number limit per day', { attempts: { contactToday: 2, contactTotal: 2, numberToday: 2, numberTotal: 2 } }, { reason: 'limit_number_day', permanent: false }],
  ['contact limit in total', { attempts: { contactToday: 0, contactTotal: 10, numberToday: 0, numberTotal: 1 } }, { reason: 'limit_contact_total', permanent: true }],
  ['number limit in total', { attempts: { contactToday: 0, contactTotal: 6, numberToday: 0, numberTotal: 6 } }, { reason: 'limit_number_total', permanent: true }],
  ['limit 0 means no limit', { limits: { perContactPerDay: 0, perContactTotal: 0, perNumberPerDay: 0, perNumberTotal: 0 }, attempts: { contactToday: 99, contactTotal: 99, numberToday: 99, numberTotal: 99 } }, 'allowed'],
  ['callback not due yet', { callback: { at: new Date('2026-03-02T12:00:00Z'), userId: 5 }, userId: 5 }, { reason: 'callback_not_due', retryAt: new Date('2026-03-02T12:00:00Z') }],
  ['callback set for after hours → next opening', { callback: { at: new Date('2026-03-02T19:00:00Z'), userId: null } }, { reason: 'callback_not_due', retryAt: new Date('2026-03-03T06:00:00Z') }],
  ['personal callback, other telemarketer', { callback: { at: new Date('2026-03-02T08:00:00Z'), userId: 5 }, userId: 6 }, { reason: 'callback_other_agent' }],
  ['personal callback, its telemarketer', { callback: { at: new Date('2026-03-02T08:00:00Z'), userId: 5 }, userId: 5 }, 'allowed'],
  ['shared callback, anyone', { callback: { at: new Date('2026-03-02T08:00:00Z'), userId: null }, userId: 6 }, 'allowed'],
];

describe('compliance before every dial', () => {
  it.each(rows)('%s', (_name, facts, expected) => {
    const v = checkCompliance({ ...base, ...facts });
    if (expected === 'allowed') expect(v).toEqual({ allowed: true });
    else expect(v).toEqual(expect.objectContaining({ allowed: false, ...expected }));
  });
});

describe('retry schedule by outcome', () => {
  const rules = retryRulesSchema.parse({});
  it.each([
    ['busy', 0, '2026-03-02T09:05:00Z'],
    ['busy', 2, '2026-03-02T09:30:00Z'],
    ['no_answer', 0, '2026-03-02T10:00:00Z'],
    ['no_answer', 2, '2026-03-03T09:00:00Z'],
    ['failed', 1, '2026-03-02T10:00:00Z'],
    ['abandoned', 0, '2026-03-02T09:02:00Z'],
  ] as const)('%s after %i retries → %s', (outcome, n, at) => {
    expect(nextRetry(outcome, n, rules, noonMsk, 'Europe/Moscow', window)).toEqual(expect.objectContaining({ retry: true, at: new Date(at) }));
  });

  it('moves a retry that falls after hours to the next opening, and stops when retries run out', () => {
    const evening = new Date('2026-03-02T17:50:00Z'); // 20:50 Moscow
    expect(nextRetry('busy', 2, rules, evening, 'Europe/Moscow', window)).toEqual({ retry: true, at: new Date('2026-03-03T06:00:00Z'), delayMinutes: 30 });
    expect(nextRetry('busy', 3, rules, noonMsk, 'Europe/Moscow', window)).toEqual({ retry: false, reason: 'retries_exhausted' });
    expect(nextRetry('failed', 2, rules, noonMsk, 'Europe/Moscow', window)).toEqual({ retry: false, reason: 'retries_exhausted' });
  });
});
