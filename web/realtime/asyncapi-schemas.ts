import type { ServerToClientEvents } from './realtime-events.js';

/** JSON Schemas of the realtime payloads (mirror the TypeScript types in realtime-events.ts). */
type Schema = Record<string, unknown>;

const str = { type: 'string' };
const nstr = { type: ['string', 'null'] };
const int = { type: 'integer' };
const nint = { type: ['integer', 'null'] };
const bool = { type: 'boolean' };
const strs = { type: 'array', items: str };
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const obj = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)): Schema => ({ type: 'object', required, properties });
const arr = (items: unknown): Schema => ({ type: 'array', items });
const deviceState = { type: 'string', enum: ['idle', 'ringing', 'inuse', 'busy', 'onhold', 'unavailable', 'unknown'] };

export const sharedSchemas: Record<string, Schema> = {
  CallView: obj({
    callId: str, direction: { type: 'string', enum: ['inbound', 'outbound', 'internal'] }, externalNumber: nstr,
    externalName: { ...nstr, description: 'untrusted text from the PBX' }, did: nstr, state: str, startedAt: int, answeredAt: nint,
    endedAt: nint, rang: strs, ringingNow: strs, answeredBy: nstr, finalParty: nstr, queue: nstr,
    outcome: { type: ['string', 'null'], enum: ['answered', 'missed', 'abandoned', 'busy', 'no-answer', 'failed', null] }, missed: bool,
  }),
  PopCard: obj({
    match: { type: 'string', enum: ['exact', 'suffix', 'none', 'ambiguous', 'extension'] },
    e164: nstr, raw: nstr,
    client: { oneOf: [{ type: 'null' }, obj({ id: int, name: str, kind: str, vip: bool })] },
    contact: { oneOf: [{ type: 'null' }, obj({ id: int, name: str, position: nstr })] },
    responsible: { oneOf: [{ type: 'null' }, obj({ id: int, name: str, extensions: strs, state: deviceState })] },
    openDeals: arr(obj({ id: int, title: str, stage: str, amount: nstr, currency: str })),
    openTasks: arr(obj({ id: int, title: str, dueAt: nstr, priority: str })),
    lastInteractions: arr(obj({ id: int, kind: str, direction: nstr, outcome: nstr, startedAt: str, subject: nstr })),
    notes: nstr,
    candidates: arr(obj({ clientId: int, name: str, vip: bool })),
    redacted: bool, restricted: bool, pending: bool,
  }),
  ScreenPop: obj({ popId: str, call: ref('CallView'), extension: str, card: ref('PopCard'), sentAt: int }),
  ExtensionState: obj({ extension: str, state: deviceState, user: { oneOf: [{ type: 'null' }, obj({ id: int, name: str })] } }),
};

export const payloadSchemas: Record<keyof ServerToClientEvents, Schema> = {
  'call.pop': ref('ScreenPop'),
  'call.pop.card': obj({ popId: str, callId: str, card: ref('PopCard') }),
  'call.pop.hide': obj({ callId: str, reason: { type: 'string', enum: ['answered-elsewhere', 'ended'] } }),
  'call.active': obj({ call: ref('CallView'), card: ref('PopCard') }),
  'call.ended': obj({ call: ref('CallView'), card: { oneOf: [{ type: 'null' }, ref('PopCard')] }, interactionCallKey: str }),
  'calls.snapshot': obj({ pops: arr(ref('ScreenPop')), active: arr(obj({ call: ref('CallView'), card: ref('PopCard') })) }),
  'incoming.calls': obj({ calls: arr(obj({ call: ref('CallView'), card: ref('PopCard') })) }),
  'extension.state': ref('ExtensionState'),
  'extension.states': obj({ states: { type: 'object', additionalProperties: deviceState, description: 'extension → latest state' } }),
  'extensions.snapshot': obj({ extensions: arr(ref('ExtensionState')) }),
  'wallboard': obj({ at: int, ringing: int, talking: int, answeredToday: int, missedToday: int, extensions: { type: 'object', additionalProperties: deviceState } }),
  'pbx.status': obj({ state: str, driver: str, lastError: nstr }),
  'sms.inbound': obj({
    smsId: int, from: str, text: { ...str, description: 'untrusted text from the sender' }, clientId: nint, clientName: nstr, receivedAt: str,
  }),
  'telemarketing.desk': obj({
    state: { type: 'string', enum: ['offline', 'ready', 'paused', 'talking', 'wrapup'] }, campaignId: nint,
    campaigns: arr(obj({ id: int, name: str, dialMode: str })),
    work: { oneOf: [{ type: 'null' }, { type: 'object', description: 'the current contact: card, script run, dispositions (docs/api/telemarketing-desk.md)' }] },
    idle: { oneOf: [{ type: 'null' }, { type: 'string', enum: ['no_numbers', 'waiting_for_call'] }] },
    stats: obj({ handled: int, success: int }),
  }),
};

export const clientEventSchemas: Record<string, { summary: string; payload: Schema }> = {
  'pop.pick': {
    summary: 'The user picked one of several candidate clients of a pop; acked with {ok, error?}; the card follows as call.pop.card',
    payload: obj({ popId: str, clientId: int }),
  },
};
