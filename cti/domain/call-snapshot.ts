/**
 * Builds the immutable `TrackedCall` snapshot of a tracked call, cached until the call changes. Running
 * counters of a live call (ring / talk / hold seconds) are as of the call's last event.
 */
import type { CallRecord } from './call-model.js';
import { callOutcome, isMissed } from './call-outcome.js';
import { callParties } from './call-parties.js';
import type { ClassifyEndpoint } from './endpoint-classifier.js';
import type { CallOutcome, TrackedCall } from './tracked-call.js';

const seconds = (ms: number): number => Math.max(0, Math.round(ms / 1000));

function extensionChannels(call: CallRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const leg of call.legs.values()) {
    if (leg.kind === 'extension' && leg.endpoint !== null && leg.phase !== 'gone') out[leg.endpoint] = leg.channel;
  }
  return out;
}

export interface SnapshotContext {
  readonly pbx: string;
  readonly classify: ClassifyEndpoint;
}

export function toTrackedCall(call: CallRecord, ctx: SnapshotContext): TrackedCall {
  if (call.snapshot !== null) return call.snapshot;
  const parties = callParties(call, ctx.classify);
  const ended = call.endedAt !== null;
  const outcome: CallOutcome | null = ended ? callOutcome(call, parties.direction, parties.anchor) : null;
  const end = call.endedAt ?? Math.max(call.lastAt, call.startedAt);
  const answeredAt = call.answeredAt ?? (outcome === 'answered' ? parties.anchor?.upAt ?? null : null);
  const holdMs = call.holdMs + (call.heldSince === null ? 0 : end - call.heldSince);
  const snapshot: TrackedCall = Object.freeze({
    callId: call.callId,
    pbx: ctx.pbx,
    direction: parties.direction,
    from: parties.from,
    to: parties.to,
    externalNumber: parties.externalNumber,
    externalName: parties.externalName,
    did: parties.direction === 'inbound' ? call.did : null,
    state: call.state,
    startedAt: call.startedAt,
    answeredAt,
    endedAt: call.endedAt,
    ringSeconds: seconds((answeredAt ?? end) - call.startedAt),
    talkSeconds: answeredAt === null ? 0 : seconds(end - answeredAt),
    holdSeconds: seconds(holdMs),
    rang: Object.freeze([...call.rang]),
    ringingNow: Object.freeze([...call.ringingNow]),
    answeredBy: call.answeredBy ?? (parties.direction === 'outbound' && outcome === 'answered' ? parties.from : null),
    finalParty: call.finalParty,
    transfers: Object.freeze(call.transfers.map((t) => Object.freeze({ ...t }))),
    recordings: Object.freeze([...call.recordings]),
    queue: call.queue,
    queueHoldSeconds: call.queueHoldSeconds,
    outcome,
    missed: isMissed(parties.direction, outcome),
    customerChannel: parties.direction === 'internal' ? null : parties.anchor?.channel ?? null,
    extensionChannels: Object.freeze(extensionChannels(call)),
    unconfirmed: call.unconfirmed,
  });
  call.snapshot = snapshot;
  return snapshot;
}
