import { auditListQuerySchema, type AuditLogService } from '../../crm-core/index.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { pageAliases, toLimitOffset, who, withPage } from './route-common.js';

export interface AuditLogRoutesDeps {
  readonly audit: AuditLogService;
}

/** The audit log, newest first (admin and supervisor). */
export function auditLogRoutes({ audit }: AuditLogRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/audit-log', operationId: 'listAuditLog', tags: ['audit'],
      access: { roles: ['admin', 'supervisor'] },
      summary: 'Audit log entries (entity, entityId, actorId, action)', query: auditListQuerySchema.extend(pageAliases),
      handler: async ({ actor, query }) => withPage(await audit.list(who(actor), toLimitOffset(query))),
    }),
  ];
}
