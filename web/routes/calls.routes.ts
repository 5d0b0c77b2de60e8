import { z } from 'zod';
import { callListQuerySchema, type Actor, type CallRecordService } from '../../crm-core/index.js';
import type { CallControlService, CtiRuntime, TrackedCall } from '../../cti/index.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { pageAliases, toLimitOffset, who, withPage } from './route-common.js';

/**
 * Calls: the call log and missed calls (stored), live calls and extension states (from the tracker), and
 * call control (click-to-dial, transfers, hangup, recording), which the CTI layer checks against the
 * driver's capabilities and the user's role.
 */
export interface CallRoutesDeps {
  readonly callRecords: Pick<CallRecordService, 'list'>;
  readonly cti: Pick<CtiRuntime, 'liveCalls' | 'extensionStates' | 'status'>;
  readonly control: CallControlService;
  /** extension → user (id, name) for the busy-lamp board */
  readonly extensionUsers: () => Promise<Record<string, { id: number; name: string }>>;
}

const seeAllLive: ReadonlySet<Actor['role']> = new Set(['secretary', 'supervisor', 'admin']);
const callIdParams = z.object({ callId: z.string().regex(/^[0-9A-Za-z._:-]{1,80}$/, 'expected a PBX call id') });
const listQuery = callListQuerySchema.extend(pageAliases);

function visibleLive(actor: Actor, calls: TrackedCall[]): TrackedCall[] {
  if (seeAllLive.has(actor.role)) return calls;
  return calls.filter((c) => actor.extensions.some((e) => c.rang.includes(e) || e in c.extensionChannels || c.from === e || c.to === e));
}

export function callRoutes(deps: CallRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/calls', operationId: 'listCalls', summary: 'Finished calls (the call log), newest first', tags: ['calls'],
      access: 'session', query: listQuery,
      handler: async ({ actor, query }) => withPage(await deps.callRecords.list(who(actor), toLimitOffset(query))),
    }),
    defineRoute({
      method: 'get', path: '/api/missed-calls', operationId: 'listMissedCalls', summary: 'Missed inbound calls with their callback task', tags: ['calls'],
      access: 'session', query: listQuery,
      handler: async ({ actor, query }) => withPage(await deps.callRecords.list(who(actor), { ...toLimitOffset(query), missed: true })),
    }),
    defineRoute({
      method: 'get', path: '/api/calls/live', operationId: 'listLiveCalls', summary: 'Calls in progress (own extension; all for secretaries and supervisors)', tags: ['calls'],
      access: 'session',
      handler: async ({ actor }) => ({ items: visibleLive(who(actor), deps.cti.liveCalls()) }),
    }),
    defineRoute({
      method: 'get', path: '/api/extensions', operationId: 'listExtensionStates', summary: 'Every extension with its state (busy lamps) and user', tags: ['calls'],
      access: 'session',
      handler: async () => {
        const states = deps.cti.extensionStates();
        const users = await deps.extensionUsers();
        const all = [...new Set([...Object.keys(states), ...Object.keys(users)])].sort();
        return { items: all.map((extension) => ({ extension, state: states[extension] ?? 'unknown', user: users[extension] ?? null })) };
      },
    }),
    defineRoute({
      method: 'get', path: '/api/pbx/status', operationId: 'getPbxStatus', summary: 'PBX connection state and driver capabilities', tags: ['calls'],
      access: 'session',
      handler: async () => ({ ...deps.cti.status(), capabilities: deps.control.capabilities() }),
    }),
    defineRoute({
      method: 'post', path: '/api/calls/dial', operationId: 'dial', summary: 'Click-to-dial: ring my extension, then the number', tags: ['calls'],
      access: 'session', status: 202, body: z.object({ number: z.string().trim().min(1).max(64) }),
      handler: async ({ actor, body }) => deps.control.dial(who(actor), body.number),
    }),
    defineRoute({
      method: 'post', path: '/api/calls/:callId/transfer', operationId: 'transferCall', summary: 'Blind or attended transfer to an extension', tags: ['calls'],
      access: 'session', status: 202, params: callIdParams,
      body: z.object({ extension: z.string().regex(/^\d{2,8}$/, 'an extension number'), kind: z.enum(['blind', 'attended']).default('blind') }),
      handler: async ({ actor, params, body }) => {
        await deps.control.transfer(who(actor), params.callId, body.extension, body.kind);
        return { ok: true };
      },
    }),
    defineRoute({
      method: 'post', path: '/api/calls/:callId/transfer-to-responsible', operationId: 'transferCallToResponsible',
      summary: "One click: send the caller to the client's responsible manager", tags: ['calls'],
      access: 'session', status: 202, params: callIdParams,
      handler: async ({ actor, params }) => deps.control.transferToResponsible(who(actor), params.callId),
    }),
    defineRoute({
      method: 'post', path: '/api/calls/:callId/hangup', operationId: 'hangupCall', summary: 'Hang up a live call', tags: ['calls'],
      access: 'session', status: 202, params: callIdParams,
      handler: async ({ actor, params }) => {
        await deps.control.hangup(who(actor), params.callId);
        return { ok: true };
      },
    }),
    defineRoute({
      method: 'post', path: '/api/calls/:callId/recording', operationId: 'controlCallRecording', summary: 'Start, stop, pause or resume recording a live call', tags: ['calls'],
      access: 'session', status: 202, params: callIdParams, body: z.object({ action: z.enum(['start', 'stop', 'pause', 'resume']) }),
      handler: async ({ actor, params, body }) => deps.control.recording(who(actor), params.callId, body.action),
    }),
  ];
}
