import type { ScreenPop, ServerToClientEvents } from './realtime-events.js';

/** Rooms of the gateway: one per user, per extension, and the secretaries' and supervisors' rooms. */
export type RealtimeRoom = `user:${number}` | `ext:${string}` | 'secretaries' | 'supervisors' | 'all' | `all:${number}`;

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];
/** events sent without an acknowledgement */
export type PlainEvent = Exclude<keyof ServerToClientEvents, 'call.pop'>;

/**
 * The only way the pop service talks to browsers (the Socket.IO gateway implements it; tests and the
 * benchmark baseline may too). Delivery is fire-and-forget: a user without a socket simply gets nothing now
 * and the state on their next (re)connect (`calls.snapshot`).
 */
export interface RealtimeNotifier {
  /** a screen pop to every socket of the user, each acknowledged (latency recorded) */
  pop(userId: number, pop: ScreenPop): void;
  emit<E extends PlainEvent>(room: RealtimeRoom, event: E, payload: Payload<E>): void;
  /** whether anyone is in the room (skip building payloads nobody receives); absent: assume yes */
  listening?(room: RealtimeRoom): boolean;
}
