import {
  dealCreateSchema, dealListQuerySchema, dealMoveSchema, dealUpdateSchema, funnelQuerySchema, pipelineCreateSchema,
  type DealService, type FunnelService, type PipelineService,
} from '../../crm-core/index.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { allInOnePage, idParamsSchema, pageAliases, toLimitOffset, who, withPage } from './route-common.js';

export interface DealRoutesDeps {
  readonly deals: DealService;
  readonly pipelines: PipelineService;
  readonly funnel: FunnelService;
}

const tags = ['deals'];
const listQuery = dealListQuerySchema.extend(pageAliases);

/** Deals (CRUD, stage moves with history), pipelines and the sales funnel report. */
export function dealRoutes({ deals, pipelines, funnel }: DealRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/deals', operationId: 'listDeals', tags, access: 'session',
      summary: 'List deals (clientId, pipelineId, stageId, status, ownerId)', query: listQuery,
      handler: async ({ actor, query }) => withPage(await deals.list(who(actor), toLimitOffset(query))),
    }),
    defineRoute({
      method: 'post', path: '/api/deals', operationId: 'createDeal', tags, access: 'session', status: 201,
      summary: 'Create a deal (default pipeline and its first stage unless given)', body: dealCreateSchema,
      handler: ({ actor, body }) => deals.create(who(actor), body),
    }),
    defineRoute({
      method: 'get', path: '/api/deals/:id', operationId: 'getDeal', tags, access: 'session',
      summary: 'A deal', params: idParamsSchema,
      handler: ({ actor, params }) => deals.get(who(actor), params.id),
    }),
    defineRoute({
      method: 'patch', path: '/api/deals/:id', operationId: 'updateDeal', tags, access: 'session',
      summary: 'Update a deal', params: idParamsSchema, body: dealUpdateSchema,
      handler: ({ actor, params, body }) => deals.update(who(actor), params.id, body),
    }),
    defineRoute({
      method: 'delete', path: '/api/deals/:id', operationId: 'deleteDeal', tags, access: 'session', status: 204,
      summary: 'Delete a deal', params: idParamsSchema,
      handler: async ({ actor, params }) => {
        await deals.delete(who(actor), params.id);
      },
    }),
    defineRoute({
      method: 'post', path: '/api/deals/:id/stage', operationId: 'moveDealStage', tags, access: 'session',
      summary: 'Move a deal to another stage of its pipeline (recorded in the stage history)',
      params: idParamsSchema, body: dealMoveSchema,
      handler: ({ actor, params, body }) => deals.move(who(actor), params.id, body.stageId),
    }),
    defineRoute({
      method: 'get', path: '/api/deals/:id/stage-history', operationId: 'getDealStageHistory', tags, access: 'session',
      summary: "A deal's stage history", params: idParamsSchema,
      handler: async ({ actor, params }) => allInOnePage(await deals.stageHistory(who(actor), params.id)),
    }),
    defineRoute({
      method: 'get', path: '/api/pipelines', operationId: 'listPipelines', tags: ['pipelines'], access: 'session',
      summary: 'Pipelines with their stages',
      handler: async () => allInOnePage(await pipelines.list()),
    }),
    defineRoute({
      method: 'get', path: '/api/pipelines/:id', operationId: 'getPipeline', tags: ['pipelines'], access: 'session',
      summary: 'A pipeline with its stages', params: idParamsSchema,
      handler: ({ params }) => pipelines.get(params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/pipelines', operationId: 'createPipeline', tags: ['pipelines'], access: 'session', status: 201,
      summary: 'Create a pipeline (admin, supervisor)', body: pipelineCreateSchema,
      handler: ({ actor, body }) => pipelines.create(who(actor), body),
    }),
    defineRoute({
      method: 'get', path: '/api/reports/funnel', operationId: 'getFunnelReport', tags: ['reports'], access: 'session',
      summary: 'Sales funnel: deals and amounts per stage, conversion, win rate', query: funnelQuerySchema,
      handler: ({ actor, query }) => funnel.report(who(actor), query),
    }),
  ];
}
