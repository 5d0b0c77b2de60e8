import type { Server as HttpServer } from 'node:http';
import type { Registry } from 'prom-client';
import type { CallerIdentificationService, PhoneNormalizer, UserService } from '../../crm-core/index.js';
import { actorOf } from '../../crm-core/index.js';
import type { CtiRuntime } from '../../cti/index.js';
import type { Logger } from '../../kernel/index.js';
import type { AuthMiddlewareDeps } from '../auth/auth.middleware.js';
import type { PopUser } from './call-entry.js';
import { createRealtimeMetrics, type RealtimeMetrics } from './realtime-metrics.js';
import {
  createRealtimeServer, pickSchema, popUserOf, roomsOf, SocketNotifier, type RealtimeServer, type RealtimeSocket,
} from './realtime.gateway.js';
import { ScreenPopService } from './screen-pop.service.js';
import { ExtensionUsersCache } from './extension-users.cache.js';

export interface RealtimeDeps {
  readonly server: HttpServer;
  readonly auth: Pick<AuthMiddlewareDeps, 'sessions' | 'users'>;
  readonly runtime: CtiRuntime;
  readonly identification: Pick<CallerIdentificationService, 'identify' | 'cardOfClient'>;
  readonly users: Pick<UserService, 'findByExtension'>;
  readonly phones: Pick<PhoneNormalizer, 'normalize'>;
  readonly registry: Registry;
  readonly logger: Logger;
  /** caller identification time box for a pop (default 300 ms) */
  readonly timeBoxMs?: number;
  /** today's answered and missed inbound calls from the call log (seeds the wallboard after a restart) */
  readonly todayCounts?: () => Promise<{ answered: number; missed: number }>;
}

export interface RealtimeGateway {
  readonly io: RealtimeServer;
  readonly pops: ScreenPopService;
  readonly metrics: RealtimeMetrics;
  close(): Promise<void>;
}

async function usersOfExtension(users: RealtimeDeps['users'], extension: string): Promise<PopUser[]> {
  const u = await users.findByExtension(extension);
  return u ? [{ id: u.id, name: u.name, actor: actorOf(u) }] : [];
}

function onConnection(socket: RealtimeSocket, notifier: SocketNotifier, pops: ScreenPopService, runtime: CtiRuntime, log: Logger): void {
  const { user } = socket.data;
  void socket.join(roomsOf(user));
  notifier.add(socket);
  socket.on('disconnect', () => notifier.remove(socket));
  socket.emit('calls.snapshot', pops.snapshot(user.id));
  const states = runtime.extensionStates();
  const extensions = Object.entries(states).map(([extension, state]) => ({ extension, state, user: pops.lamps.cachedUser(extension) }));
  socket.emit('extensions.snapshot', { extensions });
  if (['secretary', 'supervisor', 'admin'].includes(user.role)) socket.emit('incoming.calls', { calls: pops.incomingCalls() });
  if (['supervisor', 'admin'].includes(user.role)) {
    socket.emit('wallboard', pops.wallboardStats());
    const s = runtime.status();
    socket.emit('pbx.status', { state: s.state, driver: s.driver, lastError: s.lastError });
  }
  socket.on('pop.pick', (raw, ack) => {
    const reply = typeof ack === 'function' ? ack : () => undefined;
    const parsed = pickSchema.safeParse(raw);
    if (!parsed.success) {
      reply({ ok: false, error: 'validation_failed' });
      return;
    }
    pops.pick(popUserOf(user), parsed.data.popId, parsed.data.clientId).then(reply, (err: unknown) => {
      log.warn({ err }, 'pop.pick failed');
      reply({ ok: false, error: 'internal' });
    });
  });
}

/**
 * Attaches the realtime gateway to zari's HTTP server: Socket.IO with session-authenticated handshakes,
 * rooms per user / extension / secretaries / supervisors, and the screen pop service fed by the CTI runtime.
 */
export function attachRealtime(deps: RealtimeDeps): RealtimeGateway {
  const log = deps.logger.child({ ctx: 'realtime' });
  const io = createRealtimeServer(deps.server, deps.auth, log);
  const metrics = createRealtimeMetrics(deps.registry);
  const notifier = new SocketNotifier(io, metrics);
  const extensionUsers = new ExtensionUsersCache((ext) => usersOfExtension(deps.users, ext), log);
  const pops = new ScreenPopService({
    events: deps.runtime.events, runtime: deps.runtime, notifier, phones: deps.phones, logger: log,
    identify: (raw) => deps.identification.identify(raw),
    cardOfClient: (id, contactId) => deps.identification.cardOfClient(id, contactId),
    usersOfExtension: (ext) => extensionUsers.get(ext),
    ...(deps.timeBoxMs !== undefined ? { timeBoxMs: deps.timeBoxMs } : {}),
    ...(deps.todayCounts ? { todayCounts: deps.todayCounts } : {}),
  });
  io.on('connection', (socket) => {
    extensionUsers.prime(popUserOf(socket.data.user));
    onConnection(socket, notifier, pops, deps.runtime, log);
  });
  pops.start();
  let closed = false;
  return {
    io, pops, metrics,
    async close() {
      if (closed) return;
      closed = true;
      pops.stop();
      io.disconnectSockets(true);
      // io.close() would also close the HTTP server, which zari closes itself
      io.engine.close();
      await Promise.resolve();
    },
  };
}
