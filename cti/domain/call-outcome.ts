/**
 * How a call ended. Classified from DialEnd statuses and queue events — never from hangup causes, which
 * Asterisk reports inconsistently (a caller's CANCEL is cause 127, a queue abandon 0, …).
 *
 *   outbound: answered if the outside party answered, else from the last dial status.
 *   otherwise, first match wins:
 *     a person (extension) answered              → answered
 *     the caller hung up while waiting in a queue → abandoned
 *     last DialEnd: ANSWER → answered (e.g. forwarded to a mobile), CANCEL → missed,
 *                   NOANSWER → no-answer, BUSY → busy, anything else → failed
 *     left a queue unanswered (timeout)           → no-answer
 *     the caller's channel was answered by an application (IVR, ARI/Stasis, fax, voicemail) → answered
 *     otherwise                                   → missed
 *   missed call = inbound and not answered.
 */
import type { DialStatus } from './call-event.js';
import type { CallRecord, LegRecord } from './call-model.js';
import type { CallDirection, CallOutcome } from './tracked-call.js';

function fromDialStatus(status: DialStatus | null, direction: CallDirection): CallOutcome | null {
  switch (status) {
    case null: return null;
    case 'answer': return 'answered';
    case 'cancel': return direction === 'outbound' ? 'no-answer' : 'missed';
    case 'noanswer': return 'no-answer';
    case 'busy': return 'busy';
    default: return 'failed';
  }
}

export function callOutcome(call: CallRecord, direction: CallDirection, anchor: LegRecord | undefined): CallOutcome {
  if (direction === 'outbound') {
    if (anchor !== undefined && anchor.upAt !== null) return 'answered';
    return fromDialStatus(call.lastDialStatus === 'answer' ? null : call.lastDialStatus, direction) ?? 'failed';
  }
  if (call.answeredBy !== null) return 'answered';
  if (call.queueAbandoned) return 'abandoned';
  const byDial = fromDialStatus(call.lastDialStatus, direction);
  if (byDial !== null) return byDial;
  if (call.queue !== null) return 'no-answer';
  if (anchor !== undefined && anchor.upAt !== null) return 'answered';
  return 'missed';
}

export function isMissed(direction: CallDirection, outcome: CallOutcome | null): boolean {
  return direction === 'inbound' && outcome !== null && outcome !== 'answered';
}
