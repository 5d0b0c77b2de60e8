export * from './realtime-events.js';
export { attachRealtime, type RealtimeDeps, type RealtimeGateway } from './realtime.attach.js';
export { ScreenPopService, type ScreenPopDeps } from './screen-pop.service.js';
export { SocketNotifier, createRealtimeServer, roomsOf, type RealtimeServer, type RealtimeSocket, type SocketData } from './realtime.gateway.js';
export type { RealtimeNotifier, RealtimeRoom, PlainEvent } from './realtime-notifier.port.js';
export type { PopUser } from './call-entry.js';
export { createRealtimeMetrics, type RealtimeMetrics } from './realtime-metrics.js';
export { toCallView, toPopCard, pendingCard } from './map-pop.js';
export { buildAsyncApi, asyncApiRoutes, type AsyncApiDocument } from './asyncapi.js';
