import {
  interactionCreateSchema, noteCreateSchema, timelineQuerySchema, type InteractionService,
} from '../../crm-core/index.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { dbIdSchema, idParamsSchema, pageAliases, toLimitOffset, who, withPage } from './route-common.js';

export interface InteractionRoutesDeps {
  readonly interactions: InteractionService;
}

const tags = ['interactions'];
const listQuery = timelineQuerySchema.extend({ clientId: dbIdSchema, ...pageAliases });
const clientNoteBody = noteCreateSchema.omit({ clientId: true });

/** Interactions: a client's timeline, notes and manually logged calls. */
export function interactionRoutes({ interactions }: InteractionRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/interactions', operationId: 'listInteractions', tags, access: 'session',
      summary: "Interactions of a client (?clientId=, optional kind), newest first", query: listQuery,
      handler: async ({ actor, query }) => {
        const { clientId, ...rest } = toLimitOffset(query);
        return withPage(await interactions.timeline(who(actor), clientId, rest));
      },
    }),
    defineRoute({
      method: 'post', path: '/api/interactions', operationId: 'createInteraction', tags, access: 'session', status: 201,
      summary: 'Log an interaction (a note, or a call made outside the PBX)', body: interactionCreateSchema,
      handler: ({ actor, body }) => interactions.create(who(actor), body),
    }),
    defineRoute({
      method: 'post', path: '/api/interactions/notes', operationId: 'createNote', tags, access: 'session', status: 201,
      summary: 'Add a note to a client (clientId in the body)', body: noteCreateSchema,
      handler: ({ actor, body }) => interactions.addNote(who(actor), body),
    }),
    defineRoute({
      method: 'post', path: '/api/clients/:id/notes', operationId: 'createClientNote', tags, access: 'session', status: 201,
      summary: 'Add a note to the client', params: idParamsSchema, body: clientNoteBody,
      handler: ({ actor, params, body }) => interactions.addNote(who(actor), { ...body, clientId: params.id }),
    }),
    defineRoute({
      method: 'get', path: '/api/interactions/:id', operationId: 'getInteraction', tags, access: 'session',
      summary: 'One interaction', params: idParamsSchema,
      handler: ({ actor, params }) => interactions.get(who(actor), params.id),
    }),
  ];
}
