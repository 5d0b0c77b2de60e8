/**
 * End-to-end screen pop latency: from writing the AMI bytes of a ringing event to zari's AMI socket until a
 * Socket.IO client (logged-in operator) receives the pop. 1,000,000 clients in SQLite (the identify bench's
 * data, copied), 2,000 connected operator sockets, 100 new calls per second (each rings one operator and is
 * hung up by the caller 1 s later: the real 02-inbound-missed transcript with fresh ids, extension and number).
 * Baseline in the same run, same calls: raw TCP → frame scan → prepared better-sqlite3 lookup → plain
 * Socket.IO room emit. zari and the baseline run in a child process (bench/pop-latency-server.ts), so the
 * RSS reported is the server's alone. Target: p99 < 50 ms, RSS < 400 MB.
 *
 *   npm run bench -- pop-latency     or   npx tsx bench/pop-latency.bench.ts [--sockets 2000] [--rate 100] [--seconds 10]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { benchPhone, ensureBenchData, migrationsHash, type DataSpec } from './identify-data.js';
import { startAmiLoopback, splitTranscript } from '../tests/helpers/ami-loopback.js';
import { asteriskFixturesDir } from '../tests/helpers/shared.js';
import { isMainModule, numberFlag } from './cli.js';

export interface PhaseResult {
  name: string;
  calls: number;
  received: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** pops that arrived as "unknown caller" first (identification slower than the time box) */
  pending: number;
  /** the first calls that got no pop (call index) */
  missing: number[];
  /** the slowest calls: [call index, ms] */
  slowest: [number, number][];
}

export interface PopLatencyResult {
  clients: number;
  sockets: number;
  ratePerSecond: number;
  seconds: number;
  zari: PhaseResult;
  baseline: PhaseResult;
  /** the server process: peak RSS during the zari phase, and at its end */
  rssPeakMb: number;
  rssEndMb: number;
  loadAverage: number;
  cpus: number;
}

export interface PopLatencyOptions {
  clients?: number;
  sockets?: number;
  rate?: number;
  seconds?: number;
  /** how long each call rings before the caller hangs up (default 1000 ms) */
  holdMs?: number;
  log?: (line: string) => void;
}

const firstExtension = 3000;
const round2 = (n: number): number => Math.round(n * 100) / 100;
const quantile = (sorted: Float64Array, q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The ringing part and the hang-up part of one call, made unique from the 02-inbound-missed transcript. */
export function callTemplate(): (i: number, extension: number, number: string) => { callId: string; ring: string; rest: string } {
  const raw = splitTranscript(readFileSync(path.join(asteriskFixturesDir, '02-inbound-missed.ami'))).rest.toString('utf8');
  const text = raw.slice(raw.indexOf('Event: Newchannel'), raw.indexOf('Response: Goodbye'));
  return (i, extension, number) => {
    const hex = (n: number): string => n.toString(16).padStart(8, '0');
    // channel suffixes first: the new uniqueids ("1900000002.") contain the old suffixes' digits
    const out = text.replaceAll('00000002', hex(2 * i + 2)).replaceAll('00000003', hex(2 * i + 3))
      .replaceAll('1795829513.', `${1_900_000_000 + i}.`).replaceAll('+995322123456', number)
      .replace(/(?<![\d.+])201(?!\d)/g, String(extension));
    const ringAt = out.indexOf('\r\n\r\n', out.indexOf('ChannelStateDesc: Ringing')) + 4;
    return { callId: `${1_900_000_000 + i}.2`, ring: out.slice(0, ringAt), rest: out.slice(ringAt) };
  };
}

/** Call i's caller: a stored client's number (spread over the whole table), every 10th an unknown number. */
function callerOf(i: number, clients: number): string {
  if (i % 10 === 9) return `+7999${String(i).padStart(7, '0')}`;
  const p = benchPhone((i * 2_654_435) % (clients * 3));
  return `+${p.cc}${p.nsn}`;
}

function request<T>(child: ChildProcess, msg: object, type: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const on = (m: { type: string; message?: string }): void => {
      if (m.type === 'error') reject(new Error(m.message));
      else if (m.type !== type) return;
      else resolve(m as T);
      child.off('message', on);
    };
    child.on('message', on);
    child.send(msg);
  });
}

async function connectAll(url: string, opts: (i: number) => Parameters<typeof io>[1], count: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let start = 0; start < count; start += 100) {
    const batch = Array.from({ length: Math.min(100, count - start) }, (_, k) => io(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...opts(start + k) }));
    await Promise.all(batch.map((s) => new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    })));
    sockets.push(...batch);
  }
  return sockets;
}

interface Load { rate: number; seconds: number; sockets: number; clients: number; holdMs: number }

/** Writes `rate` calls per second for `seconds`, each to the next operator; resolves with the latencies. */
async function drive(name: string, sockets: Socket[], write: (bytes: string) => void, load: Load): Promise<PhaseResult> {
  const make = callTemplate();
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const got = new Set<string>();
  const index = new Map<string, number>();
  const byCall: [number, number][] = [];
  let pending = 0;
  for (const s of sockets) {
    s.on('call.pop', (pop: { callId?: string; call?: { callId: string }; card?: { pending: boolean }; popId?: string }, ack?: (r: unknown) => void) => {
      const at = performance.now();
      const t0 = sentAt.get(pop.call?.callId ?? pop.callId ?? '');
      if (t0 !== undefined) {
        latencies.push(at - t0);
        byCall.push([index.get(pop.call?.callId ?? pop.callId ?? '') ?? -1, round2(at - t0)]);
      }
      got.add(pop.call?.callId ?? pop.callId ?? '');
      if (pop.card?.pending) pending++;
      if (typeof ack === 'function') ack({ popId: pop.popId });
    });
  }
  const total = load.rate * load.seconds;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / load.rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const call = make(i, firstExtension + (i % sockets.length), callerOf(i, load.clients));
    sentAt.set(call.callId, performance.now());
    index.set(call.callId, i);
    write(call.ring);
    setTimeout(() => write(call.rest), load.holdMs).unref();
  }
  for (let i = 0; i < 100 && latencies.length < total; i++) await sleep(50);
  await sleep(Math.min(load.holdMs, 5000) + 200);
  const sorted = Float64Array.from(latencies).sort();
  const missing = [...sentAt.keys()].map((id, i) => (got.has(id) ? -1 : i)).filter((i) => i >= 0).slice(0, 10);
  const slowest = byCall.sort((a, b) => b[1] - a[1]).slice(0, 5);
  return { name, calls: total, received: latencies.length, missing, slowest, p50Ms: round2(quantile(sorted, 0.5)), p99Ms: round2(quantile(sorted, 0.99)), maxMs: round2(sorted[sorted.length - 1] ?? 0), pending };
}

/** ZARI_BENCH_CPU_PROF=<dir>: write a V8 CPU profile of the server process there */
function profile(): string[] {
  const dir = process.env['ZARI_BENCH_CPU_PROF'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

export async function run(options: PopLatencyOptions = {}): Promise<PopLatencyResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const load: Load = { clients: options.clients ?? numberFlag('clients') ?? 1_000_000, sockets: options.sockets ?? numberFlag('sockets') ?? 2000, rate: options.rate ?? numberFlag('rate') ?? 100, seconds: options.seconds ?? numberFlag('seconds') ?? 10, holdMs: options.holdMs ?? numberFlag('hold') ?? 1000 };
  const spec: DataSpec = { clients: load.clients, phonesPerClient: 3, activeShare: 0.1, mergedShare: 0.005, unparsedShare: 0.01 };
  const built = await ensureBenchData(path.join(import.meta.dirname, '.data', `pop-${migrationsHash()}`), spec, log);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zari-pop-bench-'));
  const dbFile = path.join(dir, 'zari.db');
  copyFileSync(built.file, dbFile);
  // like the baseline's feed below: no Nagle delay on the fake PBX's socket, the bench measures zari, not TCP
  const lb = await startAmiLoopback({ onAction: (_action, _reply, socket) => { socket.setNoDelay(true); return false; } });
  const child = fork(path.join(import.meta.dirname, 'pop-latency-server.ts'), [], { execArgv: ['--import', 'tsx', ...profile()], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    await new Promise<void>((resolve) => child.once('message', () => resolve()));
    const ready = await request<{ port: number; sessions: { extension: string; cookie: string }[] }>(child, { cmd: 'zari', dbFile, dataDir: dir, amiUrl: lb.url, operators: load.sockets, firstExtension }, 'zari-ready');
    log(`zari up on :${ready.port}, connecting ${load.sockets} operator sockets…`);
    const zariSockets = await connectAll(`http://127.0.0.1:${ready.port}`, (i) => ({ extraHeaders: { cookie: ready.sessions[i]?.cookie ?? '' } }), load.sockets);
    const zari = await drive('zari (AMI driver → tracker → identify → policy → Socket.IO, acked)', zariSockets, (b) => lb.broadcast(b), load);
    const rss = await request<{ rss: number; peak: number }>(child, { cmd: 'rss' }, 'rss');
    for (const s of zariSockets) s.close();
    await request(child, { cmd: 'stop-zari' }, 'zari-stopped');
    const base = await request<{ port: number; feedPort: number }>(child, { cmd: 'baseline', dbFile }, 'baseline-ready');
    const baseSockets = await connectAll(`http://127.0.0.1:${base.port}`, (i) => ({ query: { ext: String(firstExtension + i) } }), load.sockets);
    const feed = net.connect(base.feedPort, '127.0.0.1').setNoDelay(true);
    await new Promise<void>((resolve) => feed.once('connect', () => resolve()));
    const baseline = await drive('baseline (raw frame scan → prepared SQLite lookup → room emit)', baseSockets, (b) => feed.write(b), load);
    for (const s of baseSockets) s.close();
    feed.destroy();
    return {
      clients: load.clients, sockets: load.sockets, ratePerSecond: load.rate, seconds: load.seconds, zari, baseline, rssPeakMb: Math.round(rss.peak / 1048576), rssEndMb: Math.round(rss.rss / 1048576),
      loadAverage: round2(os.loadavg()[0] ?? 0), cpus: os.cpus().length,
    };
  } finally {
    child.send({ cmd: 'exit' });
    await lb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function report(r: PopLatencyResult): string {
  const row = (p: PhaseResult): string => `  ${p.name}\n    received ${p.received}/${p.calls}  p50 ${p.p50Ms} ms  p99 ${p.p99Ms} ms  max ${p.maxMs} ms  pending-first ${p.pending}\n    slowest (call#: ms) ${p.slowest.map(([i, ms]) => `${i}: ${ms}`).join(', ')}${p.missing.length ? `  missing e.g. #${p.missing.join(', #')}` : ''}`;
  const ok = r.zari.p99Ms < 50 && r.rssPeakMb < 400 && r.zari.received === r.zari.calls;
  return [
    `pop latency: ${r.clients.toLocaleString('en')} clients, ${r.sockets} operator sockets, ${r.ratePerSecond} calls/s for ${r.seconds} s`,
    row(r.zari), row(r.baseline),
    `  server RSS: peak ${r.rssPeakMb} MB (end ${r.rssEndMb} MB); load average ${r.loadAverage} on ${r.cpus} CPUs`,
    `  target p99 < 50 ms and RSS < 400 MB: ${ok ? 'met' : 'NOT met'}`,
  ].join('\n');
}

if (isMainModule(import.meta.url)) process.stdout.write(`${report(await run())}\n`);
