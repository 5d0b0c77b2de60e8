import type { RouteDef } from '../http/route.js';
import { duplicateRoutes, type DuplicateRoutesDeps } from './duplicates.routes.js';
import { auditLogRoutes, type AuditLogRoutesDeps } from './audit-log.routes.js';
import { clientRoutes, type ClientRoutesDeps } from './clients.routes.js';
import { contactRoutes, type ContactRoutesDeps } from './contacts.routes.js';
import { dealRoutes, type DealRoutesDeps } from './deals.routes.js';
import { doNotCallRoutes, type DoNotCallRoutesDeps } from './do-not-call.routes.js';
import { exportRoutes, type ExportRoutesDeps } from './export.routes.js';
import { importRoutes, type ImportRoutesDeps } from './import.routes.js';
import { identifyRoutes, type IdentifyRoutesDeps } from './identify.routes.js';
import { interactionRoutes, type InteractionRoutesDeps } from './interactions.routes.js';
import { taskRoutes, type TaskRoutesDeps } from './tasks.routes.js';

/** Every crm-core service the CRM routes need, as one object (built by the composition root). */
export type CrmRouteServices = ClientRoutesDeps & ContactRoutesDeps & DealRoutesDeps & TaskRoutesDeps & InteractionRoutesDeps
  & DuplicateRoutesDeps & ImportRoutesDeps & ExportRoutesDeps & DoNotCallRoutesDeps & AuditLogRoutesDeps & IdentifyRoutesDeps;

/**
 * The CRM REST routes. Routes with a fixed path under /api/clients (duplicates, merge, import, export) come
 * before /api/clients/:id so Express matches them first.
 */
export function crmRoutes(services: CrmRouteServices): RouteDef[] {
  return [
    ...identifyRoutes(services),
    ...duplicateRoutes(services),
    ...importRoutes(services),
    ...exportRoutes(services),
    ...clientRoutes(services),
    ...contactRoutes(services),
    ...dealRoutes(services),
    ...taskRoutes(services),
    ...interactionRoutes(services),
    ...doNotCallRoutes(services),
    ...auditLogRoutes(services),
  ];
}

export { applyCardPolicy, type IdentifyView } from './identify.routes.js';
export type { Paginated } from './route-common.js';
