import { z } from 'zod';
import type {
  SmsMassService, SmsProvider, SmsQueryService, SmsSendService,
} from '../../sms/index.js';
import { massSendSchema, sendSmsSchema, smsListQuerySchema } from '../../sms/index.js';
import type { ClientService } from '../../crm-core/index.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { idParamsSchema, pageAliases, toLimitOffset, who, withPage } from './route-common.js';

/**
 * SMS: send (from the client card, to a number, or from a template), mass send to a segment (DNC honoured),
 * lists, the per-client conversation, and the modem status panel. Logic lives in sms/services.
 */
export interface SmsRoutesDeps {
  readonly send: SmsSendService;
  readonly query: SmsQueryService;
  readonly mass: SmsMassService;
  readonly provider: SmsProvider;
  readonly clients: Pick<ClientService, 'get'>;
}

const modemParams = z.object({ id: z.string().regex(/^[\w-]{1,40}$/, 'a modem id') });
const supervisors = { roles: ['admin', 'supervisor'] } as const;

export function smsRoutes(deps: SmsRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'post', path: '/api/sms', operationId: 'sendSms', summary: 'Queue an SMS (to a number or a client; text or template)', tags: ['sms'],
      access: 'session', status: 202, body: sendSmsSchema,
      handler: async ({ actor, body }) => deps.send.send(who(actor), body),
    }),
    defineRoute({
      method: 'post', path: '/api/sms/mass', operationId: 'massSendSms', summary: 'Queue one SMS per client of a segment (do-not-call list honoured)', tags: ['sms'],
      access: supervisors, status: 202, body: massSendSchema.omit({ createdById: true }),
      handler: async ({ actor, body }) => deps.mass.sendToSegment({ ...body, createdById: who(actor).userId || null }),
    }),
    defineRoute({
      method: 'get', path: '/api/sms', operationId: 'listSms', summary: 'SMS, newest first (filter by client, state, direction, batch)', tags: ['sms'],
      access: 'session', query: smsListQuerySchema.extend(pageAliases),
      handler: async ({ actor, query }) => withPage(await deps.query.list(toLimitOffset(query), await deps.query.scopeOf(who(actor)))),
    }),
    defineRoute({
      method: 'get', path: '/api/clients/:id/sms', operationId: 'clientSmsConversation', summary: "A client's SMS conversation, oldest first", tags: ['sms'],
      access: 'session', params: idParamsSchema,
      handler: async ({ actor, params }) => {
        await deps.clients.get(who(actor), params.id);
        return { items: await deps.query.conversation(params.id) };
      },
    }),
    defineRoute({
      method: 'get', path: '/api/modems', operationId: 'listModems', summary: 'Modem status panel: state, signal, registration, operator', tags: ['sms'],
      access: 'session',
      handler: async () => ({ provider: deps.provider.name, items: deps.provider.channels() }),
    }),
    defineRoute({
      method: 'post', path: '/api/modems/:id/check', operationId: 'checkModem', summary: 'Refresh signal, registration and operator of a modem', tags: ['sms'],
      access: supervisors, params: modemParams,
      handler: async ({ params }) => deps.provider.checkHealth(params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/modems/:id/balance', operationId: 'modemBalance', summary: 'SIM balance by USSD', tags: ['sms'],
      access: supervisors, params: modemParams, body: z.object({ code: z.string().regex(/^[0-9*#]{1,40}$/).default('*100#') }),
      handler: async ({ params, body }) => ({ text: await deps.provider.balance(params.id, body.code) }),
    }),
  ];
}
