import { z } from 'zod';
import type { DuplicateService, MergeService } from '../../crm-core/index.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { allInOnePage, dbIdSchema, who } from './route-common.js';

export interface DuplicateRoutesDeps {
  readonly duplicates: DuplicateService;
  readonly merge: MergeService;
}

const tags = ['clients'];
const roles = { roles: ['admin', 'supervisor'] } as const;
const duplicatesQuery = z.object({
  /** only the groups this client is in */
  clientId: dbIdSchema.optional(),
  /** name similarity threshold (default 0.85) */
  threshold: z.coerce.number().min(0.5).max(1).optional(),
});
const mergeId = z.number().int().positive().max(2_147_483_647);
const mergeBody = z.object({ targetId: mergeId, sourceId: mergeId })
  .refine((v) => v.targetId !== v.sourceId, { message: 'cannot merge a client into itself', path: ['sourceId'] });

/** Probable duplicate clients and merging two of them (admin, supervisor). */
export function duplicateRoutes({ duplicates, merge }: DuplicateRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/clients/duplicates', operationId: 'findDuplicateClients', tags, access: roles,
      summary: 'Groups of probable duplicates: same phone, same tax id, equal or similar names', query: duplicatesQuery,
      handler: async ({ actor, query }) => {
        const options = query.threshold === undefined ? {} : { threshold: query.threshold };
        const groups = query.clientId === undefined
          ? await duplicates.find(who(actor), options)
          : await duplicates.findFor(who(actor), query.clientId, options);
        return allInOnePage(groups);
      },
    }),
    defineRoute({
      method: 'post', path: '/api/clients/merge', operationId: 'mergeClients', tags, access: roles,
      summary: 'Merge source into target: phones, contacts, deals, tasks and interactions move; the source is hidden',
      body: mergeBody,
      handler: ({ actor, body }) => merge.merge(who(actor), body),
    }),
  ];
}
