import { ZariError, type Db, type Logger } from '../../kernel/index.js';
import { encodeSubmit } from '../pdu/encode-submit.js';
import type { SmsProvider } from '../ports/sms-provider.port.js';
import { parseRefs, type SmsRow } from './map-sms.js';
import { backoffMs } from './sms-state.js';

export interface RetryPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

export interface AttemptDeps {
  readonly db: Db;
  readonly provider: SmsProvider;
  readonly logger: Logger;
  readonly retry: RetryPolicy;
  readonly now: () => Date;
  /** waits for the channel's rate limit before each part */
  readonly pace: (channelId: string) => Promise<void>;
}

/** What one attempt ended with; the queue applies it as a state transition. */
export type AttemptResult =
  /** every part accepted; `data` (refs, partsSent) is written together with the move to `sent` */
  | { readonly kind: 'sent'; readonly data: { partsSent: number; submittingPart: null; externalRefs: string } }
  | { readonly kind: 'retry'; readonly at: Date; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

/**
 * Sends the parts of a claimed (state `sending`) message that the modem has not accepted yet. Before writing a
 * part the row records `submittingPart`; after `+CMGS` it records the reference and `partsSent`. So a crash
 * or an unplugged modem never makes a part go out twice: a part whose outcome is unknown is not resent.
 */
export async function sendAttempt(deps: AttemptDeps, row: SmsRow, channelId: string): Promise<AttemptResult> {
  const encoded = encodeSubmit({ to: row.phone, text: row.text, requestStatusReport: true, concatRef: row.concatRef ?? 0 });
  let refs = parseRefs(row.externalRefs);
  for (let i = row.partsSent; i < encoded.parts.length; i++) {
    const part = encoded.parts[i];
    if (!part) break;
    await deps.pace(channelId);
    // recorded after the modem's prompt, right before the PDU leaves: from here on a crash leaves it in doubt
    const beforeBody = async (): Promise<void> => {
      await deps.db.smsMessage.update({ where: { id: row.id }, data: { submittingPart: i } });
    };
    let reference: number;
    try {
      const out = { pdu: part.pdu, tpduLength: part.tpduLength, to: row.phone, text: part.text };
      reference = (await deps.provider.sendPart(channelId, out, { beforeBody })).reference;
    } catch (err) {
      return classifyFailure(deps, row, i, err);
    }
    refs = [...refs, { modemId: channelId, reference }];
    const data = { partsSent: i + 1, submittingPart: null, externalRefs: JSON.stringify(refs) };
    if (i === encoded.parts.length - 1) return { kind: 'sent', data };
    await deps.db.smsMessage.update({ where: { id: row.id }, data });
  }
  return { kind: 'sent', data: { partsSent: row.partsSent, submittingPart: null, externalRefs: JSON.stringify(refs) } };
}

function classifyFailure(deps: AttemptDeps, row: SmsRow, part: number, err: unknown): AttemptResult {
  const reason = err instanceof Error ? err.message : String(err);
  const details = (err instanceof ZariError && typeof err.details === 'object' && err.details !== null ? err.details : {}) as
    { inDoubt?: unknown; transient?: unknown };
  deps.logger.warn({ sms: row.id, part, err }, 'sms part not sent');
  if (details.inDoubt === true) {
    return { kind: 'failed', reason: `outcome unknown: part ${part + 1} reached the modem but no answer came (${reason}); not resent` };
  }
  if (err instanceof ZariError && err.code === 'modem_rejected' && details.transient !== true) return { kind: 'failed', reason };
  if (err instanceof ZariError && err.code === 'validation_failed') return { kind: 'failed', reason };
  const attempts = row.attempts + 1;
  if (attempts >= row.maxAttempts) return { kind: 'failed', reason: `gave up after ${attempts} attempts: ${reason}` };
  const at = new Date(deps.now().getTime() + backoffMs(attempts, deps.retry.baseMs, deps.retry.maxMs));
  return { kind: 'retry', at, reason };
}
