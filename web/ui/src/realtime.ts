import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../realtime/realtime-events.js';
import type { LiveStore } from './store.js';

export type ZariSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The Socket.IO connection (same origin, authenticated by the session cookie). Every server event goes into
 * the store; on every (re)connect the server sends `calls.snapshot` and `extensions.snapshot`, so a network
 * blip or a reload never loses a pop.
 */
export function connectRealtime(store: LiveStore): ZariSocket {
  const socket: ZariSocket = io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] });
  socket.on('connect', () => store.setConnected(true));
  socket.on('disconnect', () => store.setConnected(false));
  socket.on('call.pop', (pop, ack) => {
    store.addPop(pop);
    if (typeof ack === 'function') ack({ popId: pop.popId });
  });
  socket.on('call.pop.card', (p) => store.setPopCard(p.callId, p.card));
  socket.on('call.pop.hide', (p) => store.hidePop(p.callId));
  socket.on('call.active', (p) => store.setActive(p.call, p.card));
  socket.on('call.ended', (p) => store.setEnded(p));
  socket.on('calls.snapshot', (p) => store.snapshot(p.pops, p.active));
  socket.on('incoming.calls', (p) => store.setIncoming(p.calls));
  socket.on('extension.state', (p) => store.setExtension(p));
  socket.on('extensions.snapshot', (p) => store.setExtensions(p.extensions));
  // a busy system coalesces lamp changes into one batch per window (web/realtime/extension-lamps.ts)
  socket.on('extension.states', (p) => store.setExtensions(Object.entries(p.states).map(([extension, state]) => ({ extension, state, user: null }))));
  socket.on('wallboard', (p) => store.setWallboard(p));
  socket.on('sms.inbound', (p) => store.addSmsNotice(p));
  // the telemarketer's desk changed on the server (a dialer call connected, a supervisor paused the campaign)
  socket.on('telemarketing.desk', (view) => store.setDesk(view));
  return socket;
}
