import { z } from 'zod';
import {
  campaignCreateSchema, campaignSettingsSchema, campaignStatuses, completeInputSchema, consentInputSchema, segmentFilterSchema,
  type TelemarketingServices,
} from '../../cti/index.js';
import { ZariError } from '../../kernel/index.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { csvMediaType, dbIdSchema, idParamsSchema, mediaTypeOf, readRawBody, who, xlsxMediaType } from './route-common.js';

/**
 * Telemarketing: campaigns, versioned scripts, call lists (segment or CSV/XLSX import with a per-row
 * error report), start/pause, the compliance check, the next number for a telemarketer, PBX results,
 * dispositions and consent. Business rules live in cti/telemarketing; this is the HTTP edge only.
 */
export interface CampaignRoutesDeps {
  readonly telemarketing: TelemarketingServices;
  /** after a start/pause/finish: the live side follows (dialer loops, telemarketers' desks) */
  readonly onStatusChanged?: (campaignId: number) => Promise<void>;
}

const tags = ['campaigns'];
const managers = { roles: ['admin', 'supervisor'] as const };
const listParams = z.object({ listId: dbIdSchema });
const importQuery = z.object({
  name: z.string().trim().min(1).max(200),
  phoneColumn: z.string().min(1).max(200),
  nameColumn: z.string().min(1).max(200).optional(),
  priorityColumn: z.string().min(1).max(200).optional(),
  clientIdColumn: z.string().min(1).max(200).optional(),
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  /** the list's priority (its entries are dialed before lower lists') */
  priority: z.coerce.number().int().min(-1000).max(1000).optional(),
});
const importLimit = 20 * 1024 * 1024;

function campaignCrud(t: TelemarketingServices, onStatusChanged: CampaignRoutesDeps['onStatusChanged']): RouteDef[] {
  return [
    defineRoute({ method: 'get', path: '/api/campaigns', operationId: 'listCampaigns', summary: 'Campaigns', tags, access: 'session',
      handler: async () => ({ items: await t.campaigns.list() }) }),
    defineRoute({ method: 'post', path: '/api/campaigns', operationId: 'createCampaign', summary: 'Create a campaign (draft)', tags, access: { roles: [...managers.roles] }, status: 201,
      body: campaignCreateSchema, handler: ({ actor, body }) => t.campaigns.create(who(actor), body) }),
    defineRoute({ method: 'post', path: '/api/campaigns/scripts', operationId: 'addCampaignScript', summary: 'Store a new script version (validated; errors carry codes and paths)', tags,
      access: { roles: [...managers.roles] }, status: 201, body: z.record(z.string(), z.unknown()), handler: ({ actor, body }) => t.campaigns.addScriptVersion(who(actor), body) }),
    defineRoute({ method: 'get', path: '/api/campaigns/scripts/:id', operationId: 'getCampaignScript', summary: 'A script version', tags, access: 'session',
      params: idParamsSchema, handler: ({ params }) => t.campaigns.getScriptVersion(params.id) }),
    defineRoute({ method: 'get', path: '/api/campaigns/lists/:listId/progress', operationId: 'getCallListProgress', summary: 'Progress of a call list', tags, access: 'session',
      params: listParams, handler: ({ params }) => t.lists.progress(params.listId) }),
    defineRoute({ method: 'get', path: '/api/campaigns/:id', operationId: 'getCampaign', summary: 'A campaign', tags, access: 'session',
      params: idParamsSchema, handler: ({ params }) => t.campaigns.get(params.id) }),
    defineRoute({ method: 'put', path: '/api/campaigns/:id/settings', operationId: 'updateCampaignSettings', summary: 'Calling hours, retries, limits, pacing, dispositions', tags,
      access: { roles: [...managers.roles] }, params: idParamsSchema, body: campaignSettingsSchema, handler: ({ actor, params, body }) => t.campaigns.updateSettings(who(actor), params.id, body) }),
    defineRoute({ method: 'put', path: '/api/campaigns/:id/script', operationId: 'setCampaignScript', summary: 'Use a script version', tags, access: { roles: [...managers.roles] },
      params: idParamsSchema, body: z.object({ scriptVersionId: z.number().int().positive() }), handler: ({ actor, params, body }) => t.campaigns.setScript(who(actor), params.id, body.scriptVersionId) }),
    defineRoute({ method: 'post', path: '/api/campaigns/:id/status', operationId: 'setCampaignStatus', summary: 'Start, pause or finish a campaign', tags, access: { roles: [...managers.roles] },
      params: idParamsSchema, body: z.object({ status: z.enum(campaignStatuses) }),
      handler: async ({ actor, params, body }) => {
        const c = await t.campaigns.setStatus(who(actor), params.id, body.status);
        await onStatusChanged?.(params.id);
        return c;
      } }),
  ];
}

function listRoutes(t: TelemarketingServices): RouteDef[] {
  return [
    defineRoute({ method: 'post', path: '/api/campaigns/:id/lists/segment', operationId: 'createCallListFromSegment', summary: 'Build a call list from a CRM segment', tags,
      access: { roles: [...managers.roles] }, status: 201, params: idParamsSchema,
      body: z.object({ name: z.string().trim().min(1).max(200), filter: segmentFilterSchema, priority: z.number().int().optional() }),
      handler: ({ actor, params, body }) => t.lists.createFromSegment(who(actor), params.id, { name: body.name, filter: body.filter, ...(body.priority !== undefined ? { priority: body.priority } : {}) }) }),
    defineRoute({ method: 'post', path: '/api/campaigns/lists/preview', operationId: 'previewCallListFile', summary: 'Headers, sample rows and a guessed column mapping of a CSV/XLSX file (nothing stored)', tags,
      access: { roles: [...managers.roles] }, rawBody: [csvMediaType, xlsxMediaType], query: z.object({ delimiter: z.enum([',', ';', '\t', '|']).optional() }),
      handler: async ({ actor, query, req }) => {
        const type = mediaTypeOf(req);
        if (type !== csvMediaType && type !== xlsxMediaType) throw new ZariError('unsupported_media_type', `send ${csvMediaType} or ${xlsxMediaType}`);
        return t.lists.preview(who(actor), await readRawBody(req, importLimit), type === csvMediaType ? 'csv' : 'xlsx', query.delimiter);
      } }),
    defineRoute({ method: 'get', path: '/api/campaigns/:id/lists', operationId: 'listCallLists', summary: "A campaign's call lists with their import reports", tags,
      access: { roles: [...managers.roles] }, params: idParamsSchema, handler: async ({ params }) => ({ items: await t.lists.listsOf(params.id) }) }),
    defineRoute({ method: 'post', path: '/api/campaigns/:id/lists/import', operationId: 'importCallList', summary: 'Import a call list (CSV or XLSX body) with a per-row error report', tags,
      access: { roles: [...managers.roles] }, status: 201, params: idParamsSchema, query: importQuery, rawBody: [csvMediaType, xlsxMediaType],
      handler: async ({ actor, params, query, req }) => {
        const type = mediaTypeOf(req);
        if (type !== csvMediaType && type !== xlsxMediaType) throw new ZariError('unsupported_media_type', `send ${csvMediaType} or ${xlsxMediaType}`);
        const body = await readRawBody(req, importLimit);
        return t.lists.importFile(who(actor), params.id, body, {
          format: type === csvMediaType ? 'csv' : 'xlsx', name: query.name,
          mapping: { phone: query.phoneColumn, ...(query.nameColumn ? { name: query.nameColumn } : {}), ...(query.priorityColumn ? { priority: query.priorityColumn } : {}), ...(query.clientIdColumn ? { clientId: query.clientIdColumn } : {}) },
          ...(query.delimiter ? { delimiter: query.delimiter } : {}),
          ...(query.priority !== undefined ? { priority: query.priority } : {}),
        });
      } }),
  ];
}

function dialRoutes(t: TelemarketingServices): RouteDef[] {
  const dialers = { roles: ['admin', 'supervisor', 'telemarketer', 'operator'] as ('admin' | 'supervisor' | 'telemarketer' | 'operator')[] };
  return [
    defineRoute({ method: 'get', path: '/api/campaigns/entries/:id/compliance', operationId: 'checkCallCompliance', summary: 'May this entry be dialed now (DNC, consent, window, limits)?', tags,
      access: 'session', params: idParamsSchema, handler: ({ actor, params }) => t.dialing.check(params.id, { initiator: 'person', userId: who(actor).userId }) }),
    defineRoute({ method: 'post', path: '/api/campaigns/:id/next', operationId: 'nextCampaignCall', summary: 'The next number for this telemarketer (preview: the person dials)', tags,
      access: dialers, params: idParamsSchema, handler: async ({ actor, params }) => ({ target: await t.dialing.next(who(actor), params.id, 'person') }) }),
    defineRoute({ method: 'post', path: '/api/campaigns/attempts/:id/result', operationId: 'recordAttemptResult', summary: 'A PBX result without conversation (retry schedule applies)', tags,
      access: dialers, params: idParamsSchema, body: z.object({ result: z.enum(['busy', 'no_answer', 'failed', 'abandoned']) }),
      handler: ({ params, body }) => t.dialing.recordResult(params.id, body.result) }),
    defineRoute({ method: 'post', path: '/api/campaigns/attempts/:id/complete', operationId: 'completeAttempt', summary: 'Disposition and answers of a conversation', tags,
      access: dialers, params: idParamsSchema, body: completeInputSchema, handler: ({ actor, params, body }) => t.dialing.complete(who(actor), params.id, body) }),
    defineRoute({ method: 'post', path: '/api/campaigns/consents', operationId: 'recordConsent', summary: 'Record consent to advertising calls (who, when, how)', tags,
      access: dialers, status: 201, body: consentInputSchema, handler: ({ actor, body }) => t.consents.record(who(actor), body) }),
  ];
}

export function campaignRoutes({ telemarketing, onStatusChanged }: CampaignRoutesDeps): RouteDef[] {
  return [...campaignCrud(telemarketing, onStatusChanged), ...listRoutes(telemarketing), ...dialRoutes(telemarketing)];
}
