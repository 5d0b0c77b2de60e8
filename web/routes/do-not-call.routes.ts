import { z } from 'zod';
import { dncAddSchema, dncListQuerySchema, type DoNotCallService } from '../../crm-core/index.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { dbIdSchema, pageAliases, toLimitOffset, who, withPage } from './route-common.js';

export interface DoNotCallRoutesDeps {
  readonly dnc: DoNotCallService;
}

const tags = ['do-not-call'];
/** `phone` in a query string: URL-encode a leading '+' as %2B (a bare '+' means a space in a query). */
const phoneQuery = z.object({
  phone: z.string().trim().min(1).max(64),
  campaignId: dbIdSchema.optional(),
});
const listQuery = dncListQuerySchema.extend(pageAliases);

/** The do-not-call list (global, or per campaign). Reading is for everyone; changes for admin and supervisor. */
export function doNotCallRoutes({ dnc }: DoNotCallRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/do-not-call', operationId: 'listDoNotCall', tags, access: 'session',
      summary: 'Do-not-call entries (optionally of one campaign)', query: listQuery,
      handler: async ({ actor, query }) => {
        const { campaignId, ...page } = toLimitOffset(query);
        return withPage(await dnc.list(who(actor), campaignId === undefined ? page : { ...page, campaignId }));
      },
    }),
    defineRoute({
      method: 'get', path: '/api/do-not-call/check', operationId: 'checkDoNotCall', tags, access: 'session',
      summary: 'Is this number blocked (globally or for the campaign)?', query: phoneQuery,
      handler: async ({ query }) => ({ phone: query.phone, blocked: await dnc.isBlocked(query.phone, query.campaignId ?? null) }),
    }),
    defineRoute({
      method: 'post', path: '/api/do-not-call', operationId: 'addDoNotCall', tags, access: 'session', status: 201,
      summary: 'Add a number to the do-not-call list (idempotent)', body: dncAddSchema,
      handler: ({ actor, body }) => dnc.add(who(actor), body),
    }),
    defineRoute({
      method: 'delete', path: '/api/do-not-call', operationId: 'removeDoNotCall', tags, access: 'session',
      summary: 'Remove a number (?phone=, optional campaignId) from the list', query: phoneQuery,
      handler: async ({ actor, query }) => ({ removed: await dnc.remove(who(actor), query.phone, query.campaignId ?? null) }),
    }),
  ];
}
