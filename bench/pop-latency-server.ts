/**
 * The server side of bench/pop-latency.bench.ts, run in a child process so its RSS is zari's alone:
 *  - `zari`: a real zari (createZari) on the benchmark's SQLite copy, AMI driver pointed at the bench's
 *    fake Asterisk, N operators with one extension each and a session each;
 *  - `baseline`: the same job without zari's layers: AMI bytes over TCP → split frames → on a ringing
 *    Newstate, two prepared better-sqlite3 queries → a plain Socket.IO room emit.
 * Driven over the fork IPC channel: {cmd:'zari'|'baseline'|'rss'|'stop-zari'|'exit'}.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import BetterSqlite3 from 'better-sqlite3';
import { Server } from 'socket.io';
import { loadConfig, silentLogger } from '../kernel/index.js';
import { createZari, type Zari } from '../zari.js';

interface Cmd { cmd: string; dbFile?: string; dataDir?: string; amiUrl?: string; operators?: number; firstExtension?: number }

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
let zari: Zari | null = null;

const send = (msg: unknown): void => {
  process.send?.(msg);
};

async function startZari(c: Cmd): Promise<void> {
  const config = loadConfig({}, {
    dataDir: c.dataDir!, databaseUrl: `file:${c.dbFile!}`, amiUrl: c.amiUrl!, logLevel: 'silent', host: '127.0.0.1', port: 0,
    demoPbx: false, adminPassword: 'bench-admin-password', defaultRegion: 'RU',
  });
  zari = await createZari(config, { logger: silentLogger(), out: { write: () => true } });
  const { port } = await zari.listen(0, '127.0.0.1');
  const first = c.firstExtension ?? 3000;
  const users = Array.from({ length: c.operators ?? 0 }, (_, i) => ({ login: `op${first + i}`, name: `Operator ${first + i}`, passwordHash: 'x', role: 'operator' }));
  await zari.db.prisma.user.createMany({ data: users });
  const rows = await zari.db.prisma.user.findMany({ where: { login: { startsWith: 'op' } }, select: { id: true, login: true } });
  await zari.db.prisma.userExtension.createMany({ data: rows.map((r) => ({ extension: r.login.slice(2), userId: r.id })) });
  const sessions: { extension: string; cookie: string }[] = [];
  for (const r of rows) {
    const { token } = await zari.services.sessions.create(r.id);
    sessions.push({ extension: r.login.slice(2), cookie: `zari_session=${token}` });
  }
  for (let i = 0; i < 200 && zari.cti?.runtime.status().state !== 'connected'; i++) await new Promise((r) => setTimeout(r, 50));
  peak = process.memoryUsage().rss;
  send({ type: 'zari-ready', port, sessions, pbx: zari.cti?.runtime.status().state });
}

/** The baseline: raw TCP in, minimal frame scan, raw prepared lookup, plain room emit. */
function startBaseline(c: Cmd): void {
  const db = new BetterSqlite3(c.dbFile!, { readonly: true, fileMustExist: true });
  const byE164 = db.prepare('SELECT "clientId" FROM "PhoneNumber" WHERE "e164" = ? LIMIT 200');
  const card = db.prepare(`SELECT c."id", c."name", c."kind", c."vip", u."id" AS "managerId", u."name" AS "managerName"
    FROM "Client" c LEFT JOIN "User" u ON u."id" = c."responsibleUserId" WHERE c."id" = ?`);
  const http: HttpServer = createServer();
  const io = new Server(http, { serveClient: false });
  io.on('connection', (socket) => {
    void socket.join(`ext:${String(socket.handshake.query['ext'])}`);
  });
  const onFrame = (frame: string): void => {
    if (!frame.startsWith('Event: Newstate\r\n') || !frame.includes('\r\nChannelStateDesc: Ringing\r\n')) return;
    const ext = /\r\nChannel: PJSIP\/(\d+)-/.exec(frame)?.[1];
    const number = /\r\nConnectedLineNum: (.*)\r\n/.exec(frame)?.[1];
    const callId = /\r\nLinkedid: (.*)\r\n/.exec(frame)?.[1];
    if (!ext || !number || !callId) return;
    const hit = byE164.get(number) as { clientId: number } | undefined;
    const client = hit ? card.get(hit.clientId) : null;
    io.to(`ext:${ext}`).emit('call.pop', { callId, number, client: client ?? null, sentAt: Date.now() });
  };
  const feed = net.createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end = buffer.indexOf('\r\n\r\n');
      while (end >= 0) {
        onFrame(buffer.slice(0, end + 2));
        buffer = buffer.slice(end + 4);
        end = buffer.indexOf('\r\n\r\n');
      }
    });
  });
  http.listen(0, '127.0.0.1', () => {
    feed.listen(0, '127.0.0.1', () => {
      send({ type: 'baseline-ready', port: (http.address() as AddressInfo).port, feedPort: (feed.address() as AddressInfo).port });
    });
  });
}

process.on('message', (c: Cmd) => {
  const run = async (): Promise<void> => {
    if (c.cmd === 'zari') await startZari(c);
    else if (c.cmd === 'baseline') startBaseline(c);
    else if (c.cmd === 'rss') send({ type: 'rss', rss: process.memoryUsage().rss, peak });
    else if (c.cmd === 'stop-zari') {
      await zari?.close();
      zari = null;
      peak = process.memoryUsage().rss;
      send({ type: 'zari-stopped' });
    } else if (c.cmd === 'exit') {
      clearInterval(sampler);
      process.exit(0);
    }
  };
  run().catch((err: unknown) => {
    send({ type: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) });
  });
});
send({ type: 'up' });
