import { z } from 'zod';
import {
  contactCreateSchema, contactUpdateSchema, phoneInputSchema, timelineQuerySchema,
  type ContactService, type InteractionService, type PhoneService,
} from '../../crm-core/index.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { allInOnePage, dbIdSchema, idParamsSchema, pageAliases, toLimitOffset, who, withPage } from './route-common.js';

export interface ContactRoutesDeps {
  readonly contacts: ContactService;
  readonly phones: PhoneService;
  readonly interactions: InteractionService;
}

const clientContactBody = contactCreateSchema.omit({ clientId: true });
const clientPhoneBody = phoneInputSchema.extend({ contactId: z.number().int().positive().max(2147483647).nullable().optional() });
const timelineQuery = timelineQuerySchema.extend(pageAliases);
const contactListQuery = z.object({ clientId: dbIdSchema });

/** Contact persons, phone numbers and the timeline of a client. */
export function contactRoutes({ contacts, phones, interactions }: ContactRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/clients/:id/contacts', operationId: 'listClientContacts', tags: ['contacts'], access: 'session',
      summary: "A client's contact persons", params: idParamsSchema,
      handler: async ({ actor, params }) => allInOnePage(await contacts.listByClient(who(actor), params.id)),
    }),
    defineRoute({
      method: 'post', path: '/api/clients/:id/contacts', operationId: 'createClientContact', tags: ['contacts'], access: 'session', status: 201,
      summary: 'Add a contact person to a client', params: idParamsSchema, body: clientContactBody,
      handler: ({ actor, params, body }) => contacts.create(who(actor), { ...body, clientId: params.id }),
    }),
    defineRoute({
      method: 'get', path: '/api/contacts', operationId: 'listContacts', tags: ['contacts'], access: 'session',
      summary: 'Contact persons of one client (?clientId=)', query: contactListQuery,
      handler: async ({ actor, query }) => allInOnePage(await contacts.listByClient(who(actor), query.clientId)),
    }),
    defineRoute({
      method: 'post', path: '/api/contacts', operationId: 'createContact', tags: ['contacts'], access: 'session', status: 201,
      summary: 'Create a contact person (clientId in the body)', body: contactCreateSchema,
      handler: ({ actor, body }) => contacts.create(who(actor), body),
    }),
    defineRoute({
      method: 'get', path: '/api/contacts/:id', operationId: 'getContact', tags: ['contacts'], access: 'session',
      summary: 'A contact person', params: idParamsSchema,
      handler: ({ actor, params }) => contacts.get(who(actor), params.id),
    }),
    defineRoute({
      method: 'patch', path: '/api/contacts/:id', operationId: 'updateContact', tags: ['contacts'], access: 'session',
      summary: 'Update a contact person', params: idParamsSchema, body: contactUpdateSchema,
      handler: ({ actor, params, body }) => contacts.update(who(actor), params.id, body),
    }),
    defineRoute({
      method: 'delete', path: '/api/contacts/:id', operationId: 'deleteContact', tags: ['contacts'], access: 'session', status: 204,
      summary: 'Delete a contact person and its phones', params: idParamsSchema,
      handler: async ({ actor, params }) => {
        await contacts.delete(who(actor), params.id);
      },
    }),
    defineRoute({
      method: 'post', path: '/api/clients/:id/phones', operationId: 'addClientPhone', tags: ['phones'], access: 'session', status: 201,
      summary: 'Add a phone number (any format; stored raw + E.164) to a client or one of its contacts',
      params: idParamsSchema, body: clientPhoneBody,
      handler: ({ actor, params, body }) => phones.add(who(actor), { ...body, clientId: params.id }),
    }),
    defineRoute({
      method: 'delete', path: '/api/phones/:id', operationId: 'deletePhone', tags: ['phones'], access: 'session', status: 204,
      summary: 'Remove a phone number', params: idParamsSchema,
      handler: async ({ actor, params }) => {
        await phones.remove(who(actor), params.id);
      },
    }),
    defineRoute({
      method: 'get', path: '/api/clients/:id/interactions', operationId: 'getClientTimeline', tags: ['interactions'], access: 'session',
      summary: "A client's timeline (calls, SMS, faxes, notes), newest first", params: idParamsSchema, query: timelineQuery,
      handler: async ({ actor, params, query }) => withPage(await interactions.timeline(who(actor), params.id, toLimitOffset(query))),
    }),
  ];
}
