import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Request, Response } from 'express';

/** One Prometheus registry per Zari instance (tests run several in one process). */
export interface Metrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  observeRequest(req: Request, res: Response, route: string | null, seconds: number): void;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'zari_' });
  const httpDuration = new Histogram({
    name: 'zari_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    registry,
    httpDuration,
    observeRequest(req, res, route, seconds) {
      // unmatched paths share one label so a scanner cannot blow up the label cardinality
      httpDuration.observe({ method: req.method, route: route ?? 'unmatched', status: String(res.statusCode) }, seconds);
    },
  };
}
