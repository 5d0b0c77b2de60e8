import { readFileSync } from 'node:fs';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../web/realtime/index.js';
import { AMI_FIXTURES, splitTranscript } from '../helpers/ami-loopback.js';

/**
 * Test helpers for the realtime gateway: a real socket.io-client that records every event it receives
 * (acknowledging screen pops like the browser does), and AMI transcripts cut and varied for replay.
 */
export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Received {
  readonly event: string;
  readonly payload: unknown;
}

export interface RecordingSocket {
  readonly socket: ClientSocket;
  readonly events: Received[];
  waitFor<T = unknown>(event: keyof ServerToClientEvents, match?: (payload: T) => boolean, timeoutMs?: number): Promise<T>;
  of<T = unknown>(event: keyof ServerToClientEvents): T[];
  close(): void;
}

export function connectSocket(baseUrl: string, cookie: string | null): ClientSocket {
  return io(baseUrl, {
    path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
  });
}

/** Connects and resolves once connected (rejects with the server's refusal). */
export async function recordingSocket(baseUrl: string, cookie: string | null): Promise<RecordingSocket> {
  const socket = connectSocket(baseUrl, cookie);
  const events: Received[] = [];
  const waiters = new Set<() => void>();
  socket.onAny((event: string, payload: unknown) => {
    events.push({ event, payload });
    for (const w of [...waiters]) w();
  });
  socket.on('call.pop', (pop, ack) => ack({ popId: pop.popId }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  const of = <T>(event: string): T[] => events.filter((e) => e.event === event).map((e) => e.payload as T);
  return {
    socket, events, of,
    waitFor<T>(event: string, match: (payload: T) => boolean = () => true, timeoutMs = 8000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const check = (): void => {
          const found = of<T>(event).find(match);
          if (found === undefined) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${event}; got ${events.map((e) => e.event).join(', ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => socket.close(),
  };
}

/** The bytes Asterisk sent after the login answer, without the final logoff answer. */
export function transcript(name: string): string {
  const rest = splitTranscript(readFileSync(path.join(AMI_FIXTURES, name))).rest.toString('utf8');
  const bye = rest.indexOf('Response: Goodbye\r\n');
  return bye < 0 ? rest : rest.slice(0, bye);
}

/** [up to and including the first frame containing `marker`, the rest] */
export function cutAfter(text: string, marker: string): [string, string] {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`marker ${marker} not in transcript`);
  const end = text.indexOf('\r\n\r\n', at) + 4;
  return [text.slice(0, end), text.slice(end)];
}

/** Another call from the same transcript: new uniqueids (and, optionally, caller number and name). */
export function variant(text: string, ids: [string, string], replace: Record<string, string> = {}): string {
  let out = text.replaceAll(ids[0], ids[1]);
  for (const [from, to] of Object.entries(replace)) out = out.replaceAll(from, to);
  return out;
}
