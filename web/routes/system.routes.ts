import { z } from 'zod';
import { buildOpenApi } from '../http/openapi.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { checkHealth, type HealthDeps } from '../observability/health.js';
import type { Metrics } from '../observability/metrics.js';

export interface SystemRoutesDeps {
  readonly health: HealthDeps;
  readonly metrics: Metrics;
  /** every route of the app (read at request time, so routes added later are documented too) */
  readonly allRoutes: () => readonly RouteDef[];
  readonly version: string;
}

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['ok', 'down']),
  pbx: z.object({ status: z.enum(['connected', 'disconnected', 'demo', 'none']), driver: z.string().optional() }),
  uptime: z.number().int(),
});

export function systemRoutes(deps: SystemRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/healthz', operationId: 'health', tags: ['system'], access: 'public',
      summary: 'Liveness and dependencies (503 when degraded)', response: healthSchema,
      async handler({ res }) {
        const health = await checkHealth(deps.health);
        res.status(health.db === 'ok' ? 200 : 503).json(health);
        return undefined;
      },
    }),
    defineRoute({
      method: 'get', path: '/metrics', operationId: 'metrics', tags: ['system'], access: 'public',
      summary: 'Prometheus metrics', produces: ['text/plain'],
      async handler({ res }) {
        res.setHeader('Content-Type', deps.metrics.registry.contentType);
        res.send(await deps.metrics.registry.metrics());
        return undefined;
      },
    }),
    defineRoute({
      method: 'get', path: '/api/openapi.json', operationId: 'openapi', tags: ['system'], access: 'public',
      summary: 'This API as an OpenAPI 3.1 document',
      async handler() {
        return buildOpenApi(deps.allRoutes(), { title: 'zari', version: deps.version });
      },
    }),
  ];
}
