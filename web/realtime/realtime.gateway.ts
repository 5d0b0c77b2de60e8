import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { Actor } from '../../crm-core/index.js';
import type { Logger } from '../../kernel/index.js';
import { sessionFromCookie, type AuthMiddlewareDeps } from '../auth/auth.middleware.js';
import { toActor, type AuthUser } from '../auth/user-directory.port.js';
import type { PopUser } from './call-entry.js';
import type { RealtimeMetrics } from './realtime-metrics.js';
import type { ClientToServerEvents, ScreenPop, ServerToClientEvents } from './realtime-events.js';
import type { PlainEvent, RealtimeNotifier, RealtimeRoom } from './realtime-notifier.port.js';

export interface SocketData {
  user: AuthUser;
  actor: Actor;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const secretaryRoles = new Set<Actor['role']>(['secretary', 'supervisor', 'admin']);
const supervisorRoles = new Set<Actor['role']>(['supervisor', 'admin']);

/** Rooms a user's socket joins: their own, each of their extensions, and the role rooms. */
export function roomsOf(user: AuthUser): RealtimeRoom[] {
  const rooms: RealtimeRoom[] = [`user:${user.id}`, 'all', ...user.extensions.map((e): RealtimeRoom => `ext:${e}`)];
  if (secretaryRoles.has(user.role)) rooms.push('secretaries');
  if (supervisorRoles.has(user.role)) rooms.push('supervisors');
  return rooms;
}

export const popUserOf = (user: AuthUser): PopUser => ({ id: user.id, name: user.name, actor: toActor(user) });

/** The Socket.IO server on zari's HTTP server; the handshake must carry a live session cookie (same as REST). */
export function createRealtimeServer(server: HttpServer, auth: Pick<AuthMiddlewareDeps, 'sessions' | 'users'>, logger: Logger): RealtimeServer {
  const io: RealtimeServer = new Server(server, { path: '/socket.io', serveClient: false, connectTimeout: 10_000 });
  io.use((socket, next) => {
    sessionFromCookie(socket.handshake.headers.cookie, auth).then((found) => {
      if (!found) {
        next(new Error('unauthenticated'));
        return;
      }
      socket.data.user = found.user;
      socket.data.actor = toActor(found.user);
      next();
    }, (err: unknown) => {
      logger.warn({ err }, 'socket handshake failed');
      next(new Error('unauthenticated'));
    });
  });
  return io;
}

export const pickSchema = z.object({ popId: z.string().min(1).max(200), clientId: z.number().int().positive() });

/**
 * The notifier over Socket.IO: room broadcasts through the adapter (several nodes with a Redis adapter);
 * screen pops go to each of the user's sockets on this node with an acknowledgement, whose latency is
 * recorded in zari_screen_pop_delivery_seconds.
 */
export class SocketNotifier implements RealtimeNotifier {
  private readonly sockets = new Map<number, Set<RealtimeSocket>>();
  private joined = 0;

  constructor(private readonly io: RealtimeServer, private readonly metrics: RealtimeMetrics, private readonly ackTimeoutMs = 10_000) {}

  add(socket: RealtimeSocket): void {
    const id = socket.data.user.id;
    const set = this.sockets.get(id) ?? new Set();
    set.add(socket);
    this.sockets.set(id, set);
    this.metrics.connections.inc();
    void socket.join(`all:${this.joined++ % allShards}`);
  }

  remove(socket: RealtimeSocket): void {
    const set = this.sockets.get(socket.data.user.id);
    if (set?.delete(socket)) this.metrics.connections.dec();
    if (set?.size === 0) this.sockets.delete(socket.data.user.id);
  }

  pop(userId: number, pop: ScreenPop): void {
    for (const socket of this.sockets.get(userId) ?? []) this.popOne(socket, pop);
  }

  /** one pop to one socket, acknowledged (also used for the pops of a snapshot) */
  popOne(socket: RealtimeSocket, pop: ScreenPop): void {
    const started = performance.now();
    socket.timeout(this.ackTimeoutMs).emit('call.pop', pop, (err: Error | null) => {
      if (err) {
        this.metrics.pops.inc({ result: 'timeout' });
        return;
      }
      this.metrics.pops.inc({ result: 'acked' });
      this.metrics.popDelivery.observe((performance.now() - started) / 1000);
    });
  }

  listening(room: RealtimeRoom): boolean {
    return (this.io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;
  }

  emit<E extends PlainEvent>(room: RealtimeRoom, event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    if (room === 'all') {
      this.emitSpread(event, payload, 0);
      return;
    }
    // the typed emit cannot relate a generic E to its parameters; the signature above checks the payload
    const target = this.io.to(room);
    (target.emit as (ev: string, data: unknown) => boolean).call(target, event, payload);
  }

  /**
   * Room `all` is sent shard by shard, one shard per event-loop turn: writing one message to thousands of
   * sockets in one go would hold the loop for tens of milliseconds, and screen pops would wait behind it.
   */
  private emitSpread<E extends PlainEvent>(event: E, payload: Parameters<ServerToClientEvents[E]>[0], shard: number): void {
    if (shard >= allShards) return;
    this.emit(`all:${shard}`, event, payload);
    setImmediate(() => this.emitSpread(event, payload, shard + 1));
  }
}

/** sockets are spread round-robin over this many `all:<n>` rooms */
const allShards = 8;
