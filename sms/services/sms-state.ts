import { ZariError } from '../../kernel/index.js';

/**
 * The SMS state machine. Outbound: queued → sending → sent → delivered | failed (sending → queued is a retry;
 * queued → failed a cancel or an expiry). Inbound messages are `received` and never change.
 *
 *   queued ──claim──▶ sending ──all parts accepted──▶ sent ──report──▶ delivered
 *     ▲                 │  │                            └───report───▶ failed
 *     └──transient──────┘  └──rejected / in doubt / gave up──▶ failed
 */
export const smsStates = ['queued', 'sending', 'sent', 'delivered', 'failed', 'received'] as const;
export type SmsState = (typeof smsStates)[number];

export const smsTransitions: Readonly<Record<SmsState, readonly SmsState[]>> = {
  queued: ['sending', 'failed'],
  sending: ['queued', 'sent', 'failed'],
  sent: ['delivered', 'failed'],
  delivered: [],
  failed: [],
  received: [],
};

export function canTransition(from: SmsState, to: SmsState): boolean {
  return smsTransitions[from].includes(to);
}

export function assertTransition(from: SmsState, to: SmsState): void {
  if (!canTransition(from, to)) throw new ZariError('conflict', `SMS cannot go from ${from} to ${to}`, { from, to });
}

/** Retry delay after `attempts` failed attempts: base · 2^(attempts−1), capped, with ±20 % jitter. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}
