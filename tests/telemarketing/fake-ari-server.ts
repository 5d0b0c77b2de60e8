import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A fake Asterisk ARI on loopback (HTTP + WebSocket), shaped like the Asterisk 22 transcripts in
 * ../shared/fixtures/asterisk (19-stasis-answer-hangup.*): Basic/api_key auth, `pretty=no` frames,
 * StasisStart when an originated channel answers, ChannelDestroyed with a Q.850 cause.
 * The last digit of the dialled number picks the callee: 1 answers (and hangs up after `talkMs`),
 * 2 is busy (17), 3 rings out (19), 4 fails (34). A channel originated with appArgs `agent` (a
 * telemarketer's phone) answers and stays until hung up.
 */
export interface FakeAri {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

const user = 'zari';
const secret = 'zari-secret';

export async function startFakeAri(opts: { answerMs?: number; talkMs?: number } = {}): Promise<FakeAri> {
  const requests: string[] = [];
  const sockets = new Set<WebSocket>();
  const live = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void): void => { const t = setTimeout(() => { timers.delete(t); fn(); }, ms); timers.add(t); };
  const channel = (id: string, state: string, number: string) => ({
    id, name: `PJSIP/trunk-${id.slice(-6)}`, state, protocol_id: '', caller: { name: '', number: '+995322555000' }, connected: { name: '', number },
    accountcode: '', dialplan: { context: 'from-internal', exten: 's', priority: 1, app_name: 'Stasis', app_data: 'zari,dialer' },
    creationtime: '2026-11-28T01:35:39.139+0000', language: 'en',
  });
  const send = (type: string, id: string, state: string, number: string, extra: Record<string, unknown> = {}): void => {
    const frame = JSON.stringify({ type, timestamp: new Date().toISOString().replace('Z', '+0000'), ...extra, channel: channel(id, state, number), asterisk_id: '02:fc:00:00:00:01', application: 'zari' });
    for (const s of sockets) s.send(frame);
  };
  const destroy = (id: string, number: string, cause: number, txt: string): void => {
    if (!live.delete(id)) return;
    send('ChannelDestroyed', id, 'Down', number, { cause, cause_txt: txt });
  };

  const originate = (id: string, endpoint: string, appArgs: string): void => {
    const number = endpoint.replace(/^PJSIP\//, '').replace(/@.*$/, '');
    live.add(id);
    if (appArgs === 'agent') {
      // a telemarketer's phone: answered and kept in the app until hung up
      later(3, () => send('ChannelStateChange', id, 'Ringing', number));
      later(opts.answerMs ?? 20, () => { send('ChannelStateChange', id, 'Up', number); send('StasisStart', id, 'Up', number, { args: ['agent'] }); });
      return;
    }
    const kind = number.at(-1);
    if (kind === '2') { later(5, () => destroy(id, number, 17, 'User busy')); return; }
    if (kind === '4') { later(5, () => destroy(id, number, 34, 'Circuit/channel congestion')); return; }
    later(3, () => send('ChannelStateChange', id, 'Ringing', number));
    if (kind === '3') { later(40, () => destroy(id, number, 19, 'No user responding')); return; }
    later(opts.answerMs ?? 20, () => {
      send('ChannelStateChange', id, 'Up', number);
      send('StasisStart', id, 'Up', number, { args: ['dialer'] });
      later(opts.talkMs ?? 150, () => destroy(id, number, 16, 'Normal Clearing'));
    });
  };

  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${u.pathname}${u.search}`);
    if (req.headers.authorization !== `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`) { res.writeHead(401).end(); return; }
    const json = (status: number, body: unknown): void => { res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)); };
    const m = u.pathname.match(/^\/ari\/(channels|bridges)(?:\/([^/]+))?(?:\/(\w+))?$/);
    if (!m) { json(404, { message: 'Resource not found' }); return; }
    const [, kind, id, action] = m;
    if (kind === 'channels' && req.method === 'POST' && !id) {
      const cid = u.searchParams.get('channelId') ?? `ch-${requests.length}`;
      originate(cid, u.searchParams.get('endpoint') ?? '', u.searchParams.get('appArgs') ?? '');
      json(200, channel(cid, 'Down', ''));
    } else if (kind === 'channels' && id && !live.has(decodeURIComponent(id))) json(404, { message: 'Channel not found' });
    else if (kind === 'channels' && req.method === 'DELETE' && id) { res.writeHead(204).end(); destroy(decodeURIComponent(id), '', 16, 'Normal Clearing'); }
    else if (kind === 'channels' && action === 'play') json(201, { id: 'pb-1', media_uri: u.searchParams.get('media'), state: 'queued' });
    else if (kind === 'bridges' && !id) json(200, { id: u.searchParams.get('bridgeId'), technology: 'simple_bridge', bridge_type: 'mixing', channels: [] });
    else if (kind === 'bridges' && action === 'addChannel') res.writeHead(204).end();
    else json(404, { message: 'Resource not found' });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname !== '/ari/events' || u.searchParams.get('api_key') !== `${user}:${secret}` || u.searchParams.get('app') !== 'zari') {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => { sockets.add(ws); ws.on('close', () => sockets.delete(ws)); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${user}:${secret}@127.0.0.1:${port}/?app=zari`,
    requests,
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
