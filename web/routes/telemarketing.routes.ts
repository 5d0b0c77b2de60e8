import type { ClientService } from '../../crm-core/index.js';
import type { AgentDeskService, CampaignReportService, CampaignRuntime, ConsentService } from '../../cti/index.js';
import { deskAnswerSchema, deskCompleteSchema } from '../../cti/index.js';
import { z } from 'zod';
import { defineRoute, type RouteDef } from '../http/route.js';
import { idParamsSchema, who } from './route-common.js';

/**
 * The telemarketer's desk (ready/pause, the current contact, dial, answers, result), the answers on a
 * client's card, and the supervisor's campaign monitor, results and CSV export. The HTTP edge only:
 * contract in docs/api/telemarketing-desk.md, rules in cti/telemarketing.
 */
export interface TelemarketingRoutesDeps {
  readonly consents: ConsentService;
  readonly desk: AgentDeskService;
  readonly reports: CampaignReportService;
  readonly runtime: CampaignRuntime;
  readonly clients: ClientService;
}

const tags = ['telemarketing'];
const deskRoles = { roles: ['admin', 'supervisor', 'telemarketer', 'operator'] as ('admin' | 'supervisor' | 'telemarketer' | 'operator')[] };
const managers = { roles: ['admin', 'supervisor'] as ('admin' | 'supervisor')[] };

function deskRoutes(desk: AgentDeskService): RouteDef[] {
  return [
    defineRoute({ method: 'get', path: '/api/telemarketing/desk', operationId: 'getDesk', summary: "The telemarketer's desk: state, current contact with its script run, running campaigns", tags,
      access: deskRoles, handler: ({ actor }) => desk.view(who(actor)) }),
    defineRoute({ method: 'post', path: '/api/telemarketing/desk/ready', operationId: 'deskReady', summary: 'Ready for calls in a campaign (preview: the next contact is taken at once)', tags,
      access: deskRoles, body: z.object({ campaignId: z.number().int().positive() }), handler: ({ actor, body }) => desk.ready(who(actor), body.campaignId) }),
    defineRoute({ method: 'post', path: '/api/telemarketing/desk/pause', operationId: 'deskPause', summary: 'Pause (no contact may be open)', tags,
      access: deskRoles, handler: ({ actor }) => desk.pause(who(actor)) }),
    defineRoute({ method: 'post', path: '/api/telemarketing/desk/dial', operationId: 'deskDial', summary: 'Preview: dial the current contact from my extension', tags,
      access: deskRoles, handler: ({ actor }) => desk.dial(who(actor)) }),
    defineRoute({ method: 'post', path: '/api/telemarketing/desk/answer', operationId: 'deskAnswer', summary: 'Answer the waiting script question (checked; the script moves on)', tags,
      access: deskRoles, body: deskAnswerSchema, handler: ({ actor, body }) => desk.answer(who(actor), body) }),
    defineRoute({ method: 'post', path: '/api/telemarketing/desk/complete', operationId: 'deskComplete', summary: 'The result of the current contact: a disposition (answers stored, effects applied) or a PBX result', tags,
      access: deskRoles, body: deskCompleteSchema, handler: ({ actor, body }) => desk.complete(who(actor), body) }),
  ];
}

function monitorRoutes(reports: CampaignReportService, runtime: CampaignRuntime): RouteDef[] {
  return [
    defineRoute({ method: 'get', path: '/api/campaigns/:id/monitor', operationId: 'getCampaignMonitor', summary: 'Progress, dial level, planned vs actual abandon, telemarketer states, outcomes', tags,
      access: managers, params: idParamsSchema, handler: ({ actor, params }) => runtime.monitor(who(actor), params.id) }),
    defineRoute({ method: 'get', path: '/api/campaigns/:id/results', operationId: 'getCampaignResults', summary: 'Answers per question (counts, number statistics, latest texts)', tags,
      access: managers, params: idParamsSchema, handler: ({ actor, params }) => reports.results(who(actor), params.id) }),
    defineRoute({ method: 'get', path: '/api/campaigns/:id/export.csv', operationId: 'exportCampaignCsv', summary: 'Every attempt with its answers as CSV', tags,
      access: managers, params: idParamsSchema, produces: ['text/csv'],
      handler: async ({ actor, params, res }) => {
        const csv = await reports.exportCsv(who(actor), params.id);
        res.status(200);
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader('content-disposition', `attachment; filename="campaign-${params.id}.csv"`);
        res.end(csv);
        return undefined;
      } }),
  ];
}

export function telemarketingRoutes({ desk, reports, runtime, clients, consents }: TelemarketingRoutesDeps): RouteDef[] {
  return [
    defineRoute({ method: 'get', path: '/api/clients/:id/consents', operationId: 'getClientConsents', summary: "Consents to advertising calls given for the client or its numbers (revoked included)", tags,
      access: 'session', params: idParamsSchema,
      handler: async ({ actor, params }) => {
        await clients.get(who(actor), params.id);
        return { items: await consents.ofClient(params.id) };
      } }),
    defineRoute({ method: 'post', path: '/api/campaigns/consents/:id/revoke', operationId: 'revokeConsent', summary: 'Withdraw a consent', tags,
      access: deskRoles, params: idParamsSchema, handler: ({ actor, params }) => consents.revoke(who(actor), params.id) }),
    ...deskRoutes(desk),
    ...monitorRoutes(reports, runtime),
    defineRoute({ method: 'get', path: '/api/clients/:id/campaign-answers', operationId: 'getClientCampaignAnswers', summary: "The client's answers in campaigns, newest first", tags,
      access: 'session', params: idParamsSchema,
      handler: async ({ actor, params }) => {
        await clients.get(who(actor), params.id); // the client's own read rule applies
        return reports.clientAnswers(params.id);
      } }),
  ];
}
