import type { Actor, IdentifyResult } from '../../crm-core/index.js';
import type { DeviceState, TrackedCall } from '../../cti/index.js';
import { applyCardPolicy } from '../routes/identify.routes.js';
import type { CallView, PopCard } from './realtime-events.js';

/** The browser's view of a tracked call (no channel names, no PBX internals). */
export function toCallView(call: TrackedCall): CallView {
  return {
    callId: call.callId, direction: call.direction, externalNumber: call.externalNumber, externalName: call.externalName,
    did: call.did, state: call.state, startedAt: call.startedAt, answeredAt: call.answeredAt, endedAt: call.endedAt,
    rang: [...call.rang], ringingNow: [...call.ringingNow], answeredBy: call.answeredBy, finalParty: call.finalParty,
    queue: call.queue, outcome: call.outcome, missed: call.missed,
  };
}

/** A card before identification answered: "unknown caller", the number as the PBX sent it. */
export function pendingCard(raw: string | null, e164: string | null): PopCard {
  return {
    match: 'none', e164, raw, client: null, contact: null, responsible: null, openDeals: [], openTasks: [],
    lastInteractions: [], notes: null, candidates: [], redacted: false, restricted: false, pending: true,
  };
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/**
 * The card a user sees: crm-core's identification result after the access policy (applyCardPolicy), with the
 * responsible manager's live extension state (free or busy) from the call tracker.
 */
export function toPopCard(actor: Actor, result: IdentifyResult, states: Readonly<Record<string, DeviceState>>): PopCard {
  const view = applyCardPolicy(actor, result);
  const card = view.card;
  const responsible = card?.responsible ?? null;
  const stateOf = (exts: readonly string[]): DeviceState | 'unknown' => {
    for (const ext of exts) if (states[ext] !== undefined) return states[ext];
    return 'unknown';
  };
  return {
    match: view.match,
    e164: view.number.e164,
    raw: view.number.raw,
    client: card ? { id: card.client.id, name: card.client.name, kind: card.client.kind, vip: card.client.vip } : null,
    contact: card?.contact ? { id: card.contact.id, name: card.contact.name, position: card.contact.position } : null,
    responsible: responsible
      ? { id: responsible.id, name: responsible.name, extensions: [...responsible.extensions], state: stateOf(responsible.extensions) }
      : null,
    openDeals: (card?.openDeals ?? []).map((d) => ({ id: d.id, title: d.title, stage: d.stage, amount: d.amount, currency: d.currency })),
    openTasks: (card?.openTasks ?? []).map((t) => ({ id: t.id, title: t.title, dueAt: iso(t.dueAt), priority: t.priority })),
    lastInteractions: (card?.lastInteractions ?? []).map((i) => ({
      id: i.id, kind: i.kind, direction: i.direction, outcome: i.outcome, startedAt: i.startedAt.toISOString(), subject: i.subject,
    })),
    notes: card?.notes ?? null,
    candidates: view.candidates.map((c) => ({ clientId: c.clientId, name: c.name, vip: c.vip })),
    redacted: view.redacted,
    restricted: view.restricted,
    pending: false,
  };
}
