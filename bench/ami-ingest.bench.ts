/**
 * AMI ingest benchmark: zari's AmiFrameParser (alone, + mapper, + call tracker) against the
 * `asterisk-manager` package parsing the same bytes, in the same run, on one core.
 *
 *   npx tsx bench/ami-ingest.bench.ts [--events 1000000] [--chunk 65536] [--rounds 3]
 *
 * Input: the real Asterisk 22.10.1 transcripts (fixtures/asterisk/22.10.1/*.ami), banner and login
 * response stripped, concatenated again and again with Uniqueid/Linkedid rewritten per copy
 * (`<epoch>.<seq>` → `<epoch>.<seq + copy*1000>`) so calls never collide, until ≥ N frames.
 * Both parsers receive the stream in the same chunks; the baseline gets strings decoded by a
 * StringDecoder, as its own socket (setEncoding('utf-8')) would give them.
 */
import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { setImmediate as tick } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { AmiFrameParser } from '../cti/drivers/asterisk-ami/ami-frame-parser.js';
import type { AmiFrame } from '../cti/drivers/asterisk-ami/ami-frame.js';
import { createAmiEventFilter, type AmiFrameSkip } from '../cti/drivers/asterisk-ami/ami-event-filter.js';
import { mapAmiFrame, mappedAmiEvents } from '../cti/drivers/asterisk-ami/map-ami-event.js';
import { CallTracker } from '../cti/domain/call-tracker.js';
import { isMainModule, numberFlag } from './cli.js';

export interface BenchRow {
  readonly name: string;
  readonly events: number;
  readonly ms: number;
  readonly eventsPerSecond: number;
  readonly rssMb: number;
}

export interface AmiIngestResult {
  readonly frames: number;
  readonly bytes: number;
  readonly rows: readonly BenchRow[];
  readonly notes: readonly string[];
  /** zari parser alone ÷ asterisk-manager */
  readonly ratio: number;
}

/** shared/ beside the repository (ZARI_SHARED_DIR), as in tests/helpers/shared.ts */
const SHARED = process.env['ZARI_SHARED_DIR'] ?? resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared');
const FIXTURES = process.env['ZARI_AMI_FIXTURES'] ?? join(SHARED, 'fixtures', 'asterisk', '22.10.1');
const ID = /(\d{10})\.(\d+)/g;

/** One fixture's frames without banner and login response, split around `<epoch>.<seq>` ids. */
function loadTemplate(dir: string): { parts: string[]; frames: number } {
  let text = '';
  let frames = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ami') && !f.includes('observer')).sort()) {
    const raw = readFileSync(join(dir, file), 'utf8');
    const afterBanner = raw.slice(raw.indexOf('\n') + 1);
    const body = afterBanner.slice(afterBanner.indexOf('\r\n\r\n') + 4);
    text += body;
    frames += body.split('\r\n\r\n').length - 1;
  }
  return { parts: text.split(ID), frames };
}

/** Concatenate copies of the template with ids rewritten per copy until ≥ minFrames. */
export function buildStream(minFrames: number, dir = FIXTURES): { buffer: Buffer; frames: number } {
  const { parts, frames } = loadTemplate(dir);
  const copies = Math.ceil(minFrames / frames);
  const chunks: Buffer[] = [];
  for (let k = 0; k < copies; k++) {
    let s = '';
    // split() with 2 capture groups: text, epoch, seq, text, epoch, seq, …
    for (let i = 0; i < parts.length; i += 3) {
      s += parts[i] ?? '';
      const epoch = parts[i + 1];
      const seq = parts[i + 2];
      if (epoch !== undefined && seq !== undefined) s += `${epoch}.${Number(seq) + k * 1000}`;
    }
    chunks.push(Buffer.from(s, 'utf8'));
  }
  return { buffer: Buffer.concat(chunks), frames: frames * copies };
}

const rssMb = (): number => Math.round(process.memoryUsage().rss / 1048576);

/** `events`: the input events of the stream (a filtered pipeline still has to read every one of them). */
async function timeRow(name: string, run: () => Promise<number>, events: number): Promise<BenchRow> {
  const t0 = performance.now();
  await run();
  const ms = performance.now() - t0;
  return { name, events, ms: Math.round(ms), eventsPerSecond: Math.round((events / ms) * 1000), rssMb: rssMb() };
}

/** Chunks are fed one per macrotask (as socket reads arrive), so nextTick work is drained in between. */
async function feedParser(buffer: Buffer, chunk: number, onFrame: ((f: AmiFrame) => void) | null, skip?: AmiFrameSkip): Promise<number> {
  const parser = new AmiFrameParser(skip ? { skip } : {});
  let n = 0;
  for (let i = 0; i < buffer.length; i += chunk) {
    const frames = parser.push(buffer.subarray(i, i + chunk));
    n += frames.length;
    if (onFrame !== null) for (const f of frames) onFrame(f);
    await tick();
  }
  return n;
}

/** asterisk-manager 0.2.0 fed through its own socket 'data' handler (net.createConnection patched). */
async function feedBaseline(buffer: Buffer, chunk: number): Promise<number> {
  const require = createRequire(import.meta.url);
  const Manager = require('asterisk-manager') as (port?: number) => {
    connect(port: number, host: string): void;
    on(event: string, listener: (e: unknown) => void): void;
  };
  const fake = Object.assign(new EventEmitter(), {
    readyState: 'open',
    setKeepAlive: () => undefined,
    setNoDelay: () => undefined,
    setEncoding: () => undefined,
  });
  const original = net.createConnection;
  (net as { createConnection: unknown }).createConnection = () => fake;
  const ami = Manager();
  try {
    ami.connect(5038, '127.0.0.1');
  } finally {
    (net as { createConnection: unknown }).createConnection = original;
  }
  let n = 0;
  ami.on('managerevent', () => n++);
  ami.on('response', () => n++);
  const decoder = new StringDecoder('utf8');
  // it emits every parsed message with process.nextTick: ticks run when each read's task ends
  for (let i = 0; i < buffer.length; i += chunk) {
    fake.emit('data', decoder.write(buffer.subarray(i, i + chunk)));
    await tick();
  }
  return n;
}

/** Best of `rounds` interleaved runs per case: the machine is shared, the best run is the least disturbed. */
export async function run(options: { events?: number; chunk?: number; rounds?: number } = {}): Promise<AmiIngestResult> {
  const chunk = options.chunk ?? 65536;
  const notes: string[] = [];
  const { buffer, frames } = buildStream(options.events ?? 1_000_000);
  const pipeline = (skip?: AmiFrameSkip) => () => {
    const tracker = new CallTracker({});
    return feedParser(buffer, chunk, (f) => {
      for (const e of mapAmiFrame(f, 0)) tracker.handle(e);
    }, skip);
  };
  const cases: [string, () => Promise<number>][] = [
    ['zari AmiFrameParser (every frame)', () => feedParser(buffer, chunk, null)],
    ['zari parser+mapper+tracker, no filter', pipeline()],
    ['zari ingest (driver path, filtered)', pipeline(createAmiEventFilter(mappedAmiEvents))],
  ];
  cases.push(['asterisk-manager 0.2.0 (baseline)', () => feedBaseline(buffer, chunk)]);
  await feedParser(buffer.subarray(0, 4 << 20), chunk, null); // warm-up
  await feedBaseline(buffer.subarray(0, 4 << 20), chunk);
  const best = new Map<string, BenchRow>();
  for (let r = 0; r < (options.rounds ?? 3); r++) {
    for (const [name, fn] of cases) {
      const row = await timeRow(name, fn, frames);
      const prev = best.get(name);
      if (prev === undefined || row.eventsPerSecond > prev.eventsPerSecond) best.set(name, row);
    }
  }
  const rows = cases.map(([name]) => best.get(name)!);
  const ours = rows.find((r) => r.name.startsWith('zari ingest'))?.eventsPerSecond ?? 0;
  const base = rows.at(-1)?.eventsPerSecond ?? 1;
  notes.push('events/s counts every input event (frames dropped by the filter included); ratio = driver path / asterisk-manager');
  notes.push(`best of ${options.rounds ?? 3} interleaved rounds; chunks of ${chunk} bytes; one core (single-threaded)`);
  return { frames, bytes: buffer.length, rows, notes, ratio: Math.round((ours / base) * 100) / 100 };
}

function print(result: AmiIngestResult): void {
  const base = result.rows.at(-1)?.eventsPerSecond ?? 1;
  console.log(`AMI ingest: ${result.frames} frames, ${(result.bytes / 1048576).toFixed(1)} MiB`);
  console.log(['case'.padEnd(36), 'events'.padStart(9), 'ms'.padStart(7), 'events/s'.padStart(10), 'x base'.padStart(7), 'RSS MB'.padStart(7)].join(' '));
  for (const r of result.rows) {
    console.log([r.name.padEnd(36), String(r.events).padStart(9), String(r.ms).padStart(7), String(r.eventsPerSecond).padStart(10),
      (r.eventsPerSecond / base).toFixed(2).padStart(7), String(r.rssMb).padStart(7)].join(' '));
  }
  for (const n of result.notes) console.log(`note: ${n}`);
}

if (isMainModule(import.meta.url)) {
  const events = numberFlag('events');
  const chunk = numberFlag('chunk');
  const rounds = numberFlag('rounds');
  print(await run({
    ...(events !== undefined ? { events } : {}), ...(chunk !== undefined ? { chunk } : {}), ...(rounds !== undefined ? { rounds } : {}),
  }));
}
