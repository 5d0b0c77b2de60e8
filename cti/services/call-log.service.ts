import type { Logger } from '../../kernel/index.js';
import type { CallRecordInput, CallRecordService, CallbackPlan, IdentifyResult, RecordCallResult } from '../../crm-core/index.js';
import type { CallOutcome, TrackedCall } from '../domain/tracked-call.js';

/**
 * The call log: every finished call becomes one Interaction, and an inbound call nobody answered becomes
 * exactly one missed call with a callback task for the client's responsible manager (or the callback group
 * for unknown callers). Repeated misses from the same number join the open callback; a later answered call
 * with the same client (inbound or outbound) closes it.
 *
 * Idempotent on the PBX call id (`<pbx>:<callId>`): replays after a reconnect or a restart store nothing twice.
 * Calls are written one at a time in the order they ended, so two misses from one number cannot both open
 * a callback.
 */
export interface CallLogDeps {
  readonly logger: Logger;
  readonly store: Pick<CallRecordService, 'recordCall'>;
  readonly identify: (raw: string) => Promise<IdentifyResult>;
  readonly userIdForExtension: (extension: string) => Promise<number | null>;
  readonly callbackGroup: string;
  readonly callbackDueMinutes: number;
  readonly clock?: () => Date;
}

const outcomeToStored: Record<CallOutcome, CallRecordInput['outcome']> = {
  answered: 'answered', missed: 'missed', abandoned: 'abandoned', busy: 'busy', 'no-answer': 'no_answer', failed: 'failed',
};

export const callKeyOf = (call: Pick<TrackedCall, 'pbx' | 'callId'>): string => `${call.pbx}:${call.callId}`;

export interface CallLoggedEvent {
  readonly call: TrackedCall;
  readonly result: RecordCallResult;
  readonly clientId: number | null;
}

export class CallLogService {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly log: Logger;

  constructor(private readonly deps: CallLogDeps, private readonly onLogged: (e: CallLoggedEvent) => void = () => {}) {
    this.log = deps.logger.child({ component: 'call-log' });
  }

  /** Queues a finished call; resolves when it is stored. Never rejects (failures are logged). */
  record(call: TrackedCall): Promise<RecordCallResult | null> {
    const next = this.queue.then(() => this.store(call)).catch((error: unknown) => {
      this.log.error({ err: error, callId: call.callId }, 'call not stored');
      return null;
    });
    this.queue = next;
    return next;
  }

  /** Resolves when every queued call is stored (shutdown, tests). */
  async drain(): Promise<void> {
    await this.queue;
  }

  private async store(call: TrackedCall): Promise<RecordCallResult> {
    const external = call.direction === 'internal' ? null : call.externalNumber;
    const who = external ? await this.deps.identify(external) : null;
    const card = who?.card ?? null;
    const phone = who ? (who.number.e164 ?? (who.number.digits || external)) : null;
    const party = call.finalParty ?? call.answeredBy ?? (call.direction !== 'inbound' ? call.from : null);
    const userId = party ? await this.deps.userIdForExtension(party) : null;
    const outcome = call.outcome ?? (call.answeredAt ? 'answered' : 'failed');
    const input: CallRecordInput = {
      callKey: callKeyOf(call), direction: call.direction, phone, rawPhone: external,
      clientId: card?.client.id ?? null, contactId: card?.contact?.id ?? null, userId,
      startedAt: new Date(call.startedAt), answeredAt: call.answeredAt ? new Date(call.answeredAt) : null,
      endedAt: new Date(call.endedAt ?? call.startedAt), ringSeconds: Math.round(call.ringSeconds), talkSeconds: Math.round(call.talkSeconds),
      outcome: outcomeToStored[outcome], answeredBy: call.answeredBy, rangExtensions: call.rang, recordingId: null,
      subject: call.externalName,
      meta: {
        did: call.did, from: call.from, to: call.to, finalParty: call.finalParty, transfers: call.transfers, queue: call.queue,
        recordings: call.recordings, holdSeconds: call.holdSeconds, match: who?.match ?? null,
        candidates: who?.candidates.map((c) => c.clientId) ?? [],
      },
    };
    const callback = call.missed && phone ? this.callbackPlan(call, phone, who) : null;
    const close = outcome === 'answered' && call.direction !== 'internal' && (input.clientId || phone)
      ? { clientId: input.clientId, phone } : null;
    const result = await this.deps.store.recordCall(input, callback, close);
    if (result.created) {
      this.log.info({ callId: call.callId, outcome, clientId: input.clientId, callbackTaskId: result.callbackTaskId, closedCallbacks: result.closedCallbacks }, 'call logged');
      this.onLogged({ call, result, clientId: input.clientId });
    } else {
      this.log.debug({ callId: call.callId }, 'call already logged');
    }
    return result;
  }

  private callbackPlan(call: TrackedCall, phone: string, who: IdentifyResult | null): CallbackPlan {
    const card = who?.card ?? null;
    const now = this.deps.clock?.() ?? new Date();
    const name = card?.client.name ?? call.externalName ?? phone;
    return {
      title: `Call back ${name}`.slice(0, 200),
      phone,
      clientId: card?.client.id ?? null,
      assigneeId: card?.responsible?.id ?? null,
      groupName: card?.responsible ? null : this.deps.callbackGroup,
      dueAt: new Date(now.getTime() + this.deps.callbackDueMinutes * 60_000),
    };
  }
}
