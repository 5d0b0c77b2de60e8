import { z } from 'zod';
import {
  clientCreateSchema, clientListQuerySchema, clientSetResponsibleSchema, clientUpdateSchema, tagSchema,
  type ClientService,
} from '../../crm-core/index.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { idParamsSchema, pageAliases, toLimitOffset, who, withPage } from './route-common.js';

export interface ClientRoutesDeps {
  readonly clients: ClientService;
}

const tags = ['clients'];
const listQuery = clientListQuerySchema.extend(pageAliases);
const tagsBody = z.object({ tags: z.array(tagSchema).min(1).max(50) });
const tagParams = idParamsSchema.extend({ tag: z.string().trim().min(1).max(50) });

/** Clients: list + search (name, phone in any format, tax id, tag, segment, responsible), CRUD, tags, responsible. */
export function clientRoutes({ clients }: ClientRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/clients', operationId: 'listClients', tags, access: 'session',
      summary: 'List and search clients (q, phone, taxId, tag, segment, responsibleUserId; limit/offset or page/pageSize)',
      query: listQuery,
      handler: async ({ actor, query }) => withPage(await clients.list(who(actor), toLimitOffset(query))),
    }),
    defineRoute({
      method: 'post', path: '/api/clients', operationId: 'createClient', tags, access: 'session', status: 201,
      summary: 'Create a client (company or person) with phones and tags',
      body: clientCreateSchema,
      handler: ({ actor, body }) => clients.create(who(actor), body),
    }),
    defineRoute({
      method: 'get', path: '/api/clients/:id', operationId: 'getClient', tags, access: 'session',
      summary: 'A client with its phones, tags and contact persons (VIP details redacted without vip:view)',
      params: idParamsSchema,
      handler: ({ actor, params }) => clients.get(who(actor), params.id),
    }),
    defineRoute({
      method: 'patch', path: '/api/clients/:id', operationId: 'updateClient', tags, access: 'session',
      summary: 'Update client fields (tags replace the tag set)',
      params: idParamsSchema, body: clientUpdateSchema,
      handler: ({ actor, params, body }) => clients.update(who(actor), params.id, body),
    }),
    defineRoute({
      method: 'delete', path: '/api/clients/:id', operationId: 'deleteClient', tags, access: 'session', status: 204,
      summary: 'Delete a client',
      params: idParamsSchema,
      handler: async ({ actor, params }) => {
        await clients.delete(who(actor), params.id);
      },
    }),
    defineRoute({
      method: 'put', path: '/api/clients/:id/responsible', operationId: 'setClientResponsible', tags, access: 'session',
      summary: 'Set (or clear with null) the responsible manager; the history keeps the previous one',
      params: idParamsSchema, body: clientSetResponsibleSchema,
      handler: ({ actor, params, body }) => clients.setResponsible(who(actor), params.id, body.userId),
    }),
    defineRoute({
      method: 'get', path: '/api/clients/:id/responsible-history', operationId: 'getClientResponsibleHistory', tags, access: 'session',
      summary: 'Who was responsible for the client, and when',
      params: idParamsSchema,
      handler: ({ actor, params }) => clients.history(who(actor), params.id),
    }),
    defineRoute({
      method: 'post', path: '/api/clients/:id/tags', operationId: 'addClientTags', tags, access: 'session',
      summary: 'Add tags to a client',
      params: idParamsSchema, body: tagsBody,
      handler: ({ actor, params, body }) => clients.addTags(who(actor), params.id, body.tags),
    }),
    defineRoute({
      method: 'delete', path: '/api/clients/:id/tags/:tag', operationId: 'removeClientTag', tags, access: 'session',
      summary: 'Remove one tag from a client',
      params: tagParams,
      handler: ({ actor, params }) => clients.removeTag(who(actor), params.id, params.tag),
    }),
  ];
}
