import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Realtime gateway metrics, registered on the Zari instance's registry (exported at /metrics). */
export interface RealtimeMetrics {
  /** sentAt → the browser's ack of a screen pop */
  readonly popDelivery: Histogram;
  readonly pops: Counter<'result'>;
  readonly connections: Gauge;
}

export function createRealtimeMetrics(registry: Registry): RealtimeMetrics {
  const popDelivery = new Histogram({
    name: 'zari_screen_pop_delivery_seconds',
    help: 'Screen pop delivery latency: from the server sending the pop to the browser acknowledging it',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const pops = new Counter({
    name: 'zari_screen_pops_total',
    help: 'Screen pops sent to browser sockets, by result (acked, timeout)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const connections = new Gauge({
    name: 'zari_realtime_connections',
    help: 'Authenticated Socket.IO connections on this node',
    registers: [registry],
  });
  return { popDelivery, pops, connections };
}
