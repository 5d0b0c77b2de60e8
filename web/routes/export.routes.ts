import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { clientListQuerySchema, type ExportService } from '../../crm-core/index.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { who } from './route-common.js';

export interface ExportRoutesDeps {
  readonly exports: ExportService;
}

/** The client list's filters (no paging: everything that matches) and custom-field columns (?custom=a,b). */
const exportQuery = clientListQuerySchema.omit({ limit: true, offset: true, sort: true }).extend({
  custom: z.string().trim().max(2000).optional()
    .transform((v) => (v ? v.split(',').map((k) => k.trim()).filter((k) => k !== '') : []))
    .pipe(z.array(z.string().max(64)).max(100)),
});

/** CSV export of clients (admin, supervisor): streamed, RFC 4180, formula-injection guarded, UTF-8 with BOM. */
export function exportRoutes({ exports }: ExportRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/clients/export.csv', operationId: 'exportClientsCsv', tags: ['import'],
      access: { roles: ['admin', 'supervisor'] }, produces: ['text/csv'],
      summary: 'Clients as CSV (same filters as the list; ?custom=key1,key2 adds custom-field columns)', query: exportQuery,
      handler: async ({ actor, query, res }) => {
        const { custom, ...filters } = query;
        const csv = exports.exportClientsCsv(who(actor), filters, { customFields: custom });
        res.status(200);
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader('content-disposition', 'attachment; filename="clients.csv"');
        await pipeline(csv, res);
        return undefined;
      },
    }),
  ];
}
