/**
 * Recording transcoding benchmark (issue #5): 8 kHz mono WAV → Ogg/Opus, × realtime per core, at several
 * call lengths (default 30 s, 120 s and 300 s) for
 *  - bare ffmpeg at default Opus settings (reference),
 *  - bare ffmpeg with zari's settings for speech (the baseline of the target),
 *  - zari's whole ingest (header check, sha256 + peaks in Node, ffmpeg, atomic put with fsyncs, the five
 *    persisted state writes on SQLite or PostgreSQL, source removal) with the same settings,
 *  - at the longest length only: bare ffmpeg at other complexity levels, to justify the choice.
 * Target: zari's CPU over the bare command's < 10 % at every length.
 *
 * Fairness (both sides):
 *  - same bytes: each round writes fresh input files (the fixture repeated; the first sample holds a
 *    counter so zari never sees a duplicate) and every case of that round encodes those same files;
 *  - same run, interleaved: the cases alternate round by round, in a rotating order; one untimed warm-up
 *    round first (JIT, page cache: zari is a long-running service); median of the rounds; the overhead
 *    is the median of the per-round ratios zari ÷ bare (same files, same minute);
 *  - "per core" = audio seconds ÷ CPU seconds. Bare ffmpeg = the command typed into a shell: a long-lived
 *    /bin/sh runs it, and the CPU of that shell and its ffmpeg is counted (what `time ffmpeg …` reports,
 *    plus the shell's fork); not started from this large Node process, whose forked child would pay ≈5 ms
 *    itself and inflate the baseline. zari = this whole process (all threads: main, libuv pool,
 *    GC, SQLite; `process.cpuUsage`) + every process it started (the shells that start its ffmpeg, and
 *    ffmpeg). So zari is charged for its own spawns.
 *  - CPU of other processes is counted in 10 ms ticks (/proc/<pid>/stat of this process and all its
 *    descendants): each measurement is a batch of files of ≥ 10 min of audio in total (30 s: 20 files),
 *    so a tick is ≈ 0.5 % of it;
 *  - runs under tsx like `npm start`; the same ingest bundled and run under plain `node` measured the same
 *    per-file CPU (ADR 0005 addendum), so the loader does not distort it.
 * Quality proxy: the Opus output decoded back to 8 kHz and compared with the source (SNR, dB, best
 * alignment). Waveform SNR understates a perceptual codec; it is used to compare settings with each other.
 *
 * Database: SQLite by default (in-process, as zari runs by default); `--db postgresql` uses a schema of its
 * own at ZARI_BENCH_PG_URL (default: the test server) and counts the CPU of the PostgreSQL backends that
 * serve zari (found by application_name) as zari's, and reports them separately too.
 *
 *   npx tsx bench/recordings-transcode.bench.ts [--seconds 30,120,300] [--rounds 5] [--db sqlite|postgresql]
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, silentLogger, type Database } from '../kernel/index.js';
import { RecordingIngestService, createLocalDiskStore, findFfmpeg, opusArgs, speechOpus, wavHeader, type OpusSettings } from '../recordings/index.js';
import { isMainModule, numberFlag } from './cli.js';

/** shared/ beside the repository (ZARI_SHARED_DIR), as in tests/helpers/shared.ts */
const SHARED = process.env['ZARI_SHARED_DIR'] ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'shared');
const FIXTURE = process.env['ZARI_RECORDING_FIXTURE'] ?? path.join(SHARED, 'fixtures', 'asterisk', '22.10.1', '1795829496.0.wav');
const TICK = 100; // USER_HZ on Linux
/** audio per timed batch, so that one CPU tick is < 1 % of a measurement */
const BATCH_AUDIO_S = 600;

export interface TranscodeRow {
  readonly name: string;
  readonly args: string;
  /** audio seconds per CPU second (bare: the ffmpeg process; zari: this process + its ffmpeg) */
  readonly xRealtimePerCore: number;
  readonly xRealtimeWall: number;
  /** CPU per file, ms: the processes started (ffmpeg; for zari also its shells), and this process (zari's own work; for bare cases the launcher) */
  readonly childCpuMs: number;
  readonly selfCpuMs: number;
  /** of `childCpuMs`: the PostgreSQL backends serving zari (null: none counted) */
  readonly serverCpuMs: number | null;
  readonly outBytes: number;
  readonly kbps: number;
  readonly snrDb: number | null;
}

export interface SizeResult {
  readonly audioSeconds: number;
  readonly filesPerBatch: number;
  readonly rows: readonly TranscodeRow[];
  /** zari ingest CPU ÷ bare ffmpeg (same settings) CPU − 1: the median of the rounds' ratios */
  readonly overhead: number;
  /** zari's CPU per file beyond the bare command's, ms (median of the rounds' differences) */
  readonly extraCpuMsPerFile: number;
  /** the rounds' ratios, for the spread */
  readonly roundOverheads: readonly number[];
}

export interface TranscodeResult {
  readonly rounds: number;
  readonly sizes: readonly SizeResult[];
  readonly notes: readonly string[];
}

/** utime + stime + cutime + cstime of one /proc/<pid>/stat, in seconds; and its parent pid */
function procStat(pid: string): { ppid: string; cpu: number; children: number } | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // after "pid (comm) ": state=0 ppid=1 … utime=11 stime=12 cutime=13 cstime=14
    const n = (i: number): number => Number(fields[i] ?? 0) / TICK;
    return { ppid: fields[1] ?? '', cpu: n(11) + n(12) + n(13) + n(14), children: n(13) + n(14) };
  } catch {
    return null; // gone meanwhile
  }
}

/**
 * CPU seconds of everything this process started: its reaped children (cutime + cstime) plus every
 * living descendant's own and reaped children's CPU (zari runs ffmpeg from long-lived shells, which
 * reap it: their CPU reaches our cutime only when they exit). A descendant that exits between two
 * readings moves from the second term into the first, so differences stay exact to a tick.
 */
function childCpuSeconds(): number {
  const parent = new Map<string, string>();
  const cpu = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const st = procStat(pid);
    if (!st) continue;
    parent.set(pid, st.ppid);
    cpu.set(pid, st.cpu);
  }
  const self = String(process.pid);
  let total = procStat(self)?.children ?? 0;
  const todo = [self];
  for (let p = todo.pop(); p !== undefined; p = todo.pop()) {
    for (const [child, pp] of parent) {
      if (pp !== p) continue;
      todo.push(child);
      total += cpu.get(child) ?? 0;
    }
  }
  return total;
}

const selfCpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** The fixture's PCM repeated to `seconds`. */
function buildPcm(seconds: number): Buffer {
  const pcm0 = readFileSync(FIXTURE).subarray(44);
  const need = seconds * 8000 * 2;
  const pcm = Buffer.alloc(need);
  for (let at = 0; at < need; at += pcm0.length) pcm0.copy(pcm, at, 0, Math.min(pcm0.length, need - at));
  return pcm;
}

/** One 8 kHz mono WAV; its first sample carries `tag` so each file has its own sha256. */
function wavFile(file: string, pcm: Buffer, tag: number): void {
  const head = wavHeader({ sampleRate: 8000, channels: 1, bitsPerSample: 16, dataBytes: pcm.length });
  const bytes = Buffer.concat([head, pcm]);
  bytes.writeInt16LE(tag % 32768, head.length);
  writeFileSync(file, bytes);
}

/** SNR (dB) of the decoded output against the source, at the best alignment within ±10 ms (libopus
 * in `voip` mode decodes a few ms late; a constant offset is not a loss). */
function snr(ffmpeg: string, encoded: string, pcm: Buffer): number {
  const decoded = execFileSync(ffmpeg, ['-v', 'error', '-i', encoded, '-ar', '8000', '-ac', '1', '-f', 's16le', 'pipe:1'], { maxBuffer: 1 << 30 });
  const n = Math.min(decoded.length, pcm.length) >> 1;
  const at = (lag: number, step: number): number => {
    let sig = 0;
    let noise = 0;
    for (let i = 100; i < n - 100; i += step) {
      const s = pcm.readInt16LE(i * 2);
      const d = s - decoded.readInt16LE((i + lag) * 2);
      sig += s * s;
      noise += d * d;
    }
    return 10 * Math.log10(sig / Math.max(noise, 1));
  };
  let best = 0;
  for (let lag = -80; lag <= 80; lag += 1) if (at(lag, 13) > at(best, 13)) best = lag;
  return Math.round(at(best, 1) * 10) / 10;
}

interface Case {
  readonly name: string;
  readonly args: string;
  /** zari: its own CPU counts; bare: only ffmpeg's */
  readonly chargeSelf: boolean;
  /** untimed: the PBX dropping the round's files into the spool dir */
  readonly prepare?: (inputs: readonly string[]) => void;
  /** encodes one input, returns the output file */
  readonly once: (input: string) => Promise<string>;
  /** CPU seconds so far of processes that work for this case but are not descendants (PostgreSQL backends) */
  readonly serverCpu?: () => Promise<number>;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;

/**
 * A bare command as typed into a shell: one long-lived /bin/sh runs ffmpeg in the foreground. Not
 * `execFileSync` from this process: a child forked from a large Node process pays ≈5 ms of CPU itself
 * (tearing down the copied address space at exec; 210 MB RSS here) against ≈0.6 ms from a shell, which
 * would inflate the baseline.
 */
class BareShell {
  private readonly sh = spawn('/bin/sh', [], { stdio: ['pipe', 'pipe', 'inherit'] });
  private waiting: ((status: string) => void) | null = null;
  private out = '';

  constructor() {
    this.sh.stdout.setEncoding('utf8').on('data', (d: string) => {
      this.out += d;
      const nl = this.out.indexOf('\n');
      if (nl < 0) return;
      const line = this.out.slice(0, nl);
      this.out = this.out.slice(nl + 1);
      const w = this.waiting;
      this.waiting = null;
      w?.(line);
    });
  }

  async run(command: readonly string[]): Promise<void> {
    const quoted = command.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
    const status = await new Promise<string>((resolve) => {
      this.waiting = resolve;
      this.sh.stdin.write(`${quoted} </dev/null >/dev/null; echo "status $?"\n`);
    });
    if (status !== 'status 0') throw new Error(`bare ffmpeg failed: ${status}`);
  }

  close(): void {
    this.sh.stdin.end();
  }
}

function bareCase(shell: BareShell, ffmpeg: string, name: string, out: string, settings: OpusSettings | null): Case {
  const argsFor = (input: string): string[] => (settings ? opusArgs(input, out, settings) : ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', input, '-c:a', 'libopus', out]);
  const shown = argsFor('IN');
  return {
    name, chargeSelf: false, args: shown.slice(shown.indexOf('IN') + 1, -1).join(' '),
    once: async (input) => (await shell.run([ffmpeg, ...argsFor(input)]), out),
  };
}

interface ZariHarness {
  readonly c: Case;
  close(): Promise<void>;
}

export type BenchDb = 'sqlite' | 'postgresql';
const PG_URL = process.env['ZARI_BENCH_PG_URL'] ?? process.env['ZARI_TEST_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';

/** zari's database: SQLite in the bench dir, or a schema of its own on PostgreSQL (tagged, to find its backends). */
async function benchDatabase(kind: BenchDb, dir: string, tag: string): Promise<{ db: Database; serverCpu?: () => Promise<number>; drop: () => Promise<void> }> {
  if (kind === 'sqlite') return { db: await openDatabase({ provider: 'sqlite', url: path.join(dir, 'zari.db'), pgSchema: null }, silentLogger()), drop: async () => {} };
  const app = `zari-bench-${process.pid}-${tag}`;
  const url = new URL(PG_URL);
  url.searchParams.set('application_name', app);
  const schema = `zari_bench_${process.pid}_${tag}`;
  const db = await openDatabase({ provider: 'postgresql', url: url.toString(), pgSchema: schema }, silentLogger());
  // the server side of zari's queries runs in PostgreSQL backends: their CPU is zari's too
  const serverCpu = async (): Promise<number> => {
    const rows = await db.prisma.$queryRawUnsafe<{ pid: number }[]>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', app);
    return rows.reduce((sum, r) => sum + (procStat(String(r.pid))?.cpu ?? 0), 0);
  };
  return { db, serverCpu, drop: async () => void (await db.prisma.$executeRawUnsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)) };
}

async function zariCase(ffmpeg: string, dir: string, settings: OpusSettings, kind: BenchDb, tag: string): Promise<ZariHarness> {
  const { db, serverCpu, drop } = await benchDatabase(kind, dir, tag);
  const store = await createLocalDiskStore(dir);
  // remember the key of the last put, so the timed section runs no extra query
  let lastKey = '';
  const put = store.put.bind(store);
  store.put = async (file, ext) => {
    const obj = await put(file, ext);
    lastKey = obj.storageKey;
    return obj;
  };
  const spoolDir = mkdtempSync(path.join(dir, 'spool-'));
  // as wired by zari-recordings.ts
  const ingest = new RecordingIngestService({
    db: db.prisma, sqliteFile: db.sqlite?.name ?? null, pgConnection: db.pgConnection, logger: silentLogger(), store, ffmpegPath: ffmpeg, spoolDir, archiveDir: null,
    clock: () => new Date(), opus: settings,
  });
  let n = 0;
  const spooled = new Map<string, string>();
  const objectPath = (key: string): string => path.join(store.root, 'objects', key.slice(0, 2), key.slice(2, 4), key);
  const c: Case = {
    name: 'zari ingest (same settings)', args: 'RecordingIngestService.ingestFile', chargeSelf: true, ...(serverCpu ? { serverCpu } : {}),
    prepare: (inputs) => {
      for (const input of inputs) {
        const name = `call-${n++}.wav`;
        copyFileSync(input, path.join(spoolDir, name));
        spooled.set(input, name);
      }
    },
    once: async (input) => {
      const { recording } = await ingest.ingestFile(spooled.get(input) ?? '', { callKey: `bench:${n}` });
      if (recording.state !== 'committed') throw new Error(`zari ingest ${recording.state}: ${recording.failReason ?? ''}`);
      return objectPath(lastKey);
    },
  };
  return { c, close: async () => (await ingest.close(), await drop(), await db.close()) };
}

interface Sample { self: number; child: number; server: number; wall: number }

async function measureSize(ffmpeg: string, dir: string, seconds: number, rounds: number, withLevels: boolean, kind: BenchDb): Promise<SizeResult> {
  const pcm = buildPcm(seconds);
  const out = (n: string): string => path.join(dir, `${seconds}-${n}.ogg`);
  const zari = await zariCase(ffmpeg, mkdtempSync(path.join(dir, `zari-${seconds}-`)), speechOpus, kind, String(seconds));
  const shell = new BareShell();
  try {
    const cases: Case[] = [
      bareCase(shell, ffmpeg, 'bare ffmpeg, default Opus', out('default'), null),
      bareCase(shell, ffmpeg, `bare ffmpeg, zari speech (complexity ${speechOpus.compressionLevel})`, out('speech'), speechOpus),
      zari.c,
      ...(withLevels ? [0, 5, 10].filter((l) => l !== speechOpus.compressionLevel)
        .map((l) => bareCase(shell, ffmpeg, `bare ffmpeg, speech complexity ${l}`, out(`c${l}`), { ...speechOpus, compressionLevel: l })) : []),
    ];
    const batch = Math.max(1, Math.round(BATCH_AUDIO_S / seconds));
    const samples = cases.map((): Sample[] => []);
    const outputs = cases.map(() => '');
    let tag = 0;
    for (let r = -1; r < rounds; r += 1) {
      const inputs = Array.from({ length: batch }, (_, b) => path.join(dir, `in-${b}.wav`));
      for (const input of inputs) wavFile(input, pcm, (tag += 1));
      for (let k = 0; k < cases.length; k += 1) {
        const i = (k + Math.max(r, 0)) % cases.length;
        const c = cases[i];
        if (!c) continue;
        c.prepare?.(inputs);
        const pg0 = (await c.serverCpu?.()) ?? 0;
        const c0 = childCpuSeconds();
        const s0 = selfCpuSeconds();
        const t0 = performance.now();
        for (const input of inputs) outputs[i] = await c.once(input);
        const wall = performance.now() - t0;
        const self = selfCpuSeconds() - s0;
        const server = ((await c.serverCpu?.()) ?? 0) - pg0;
        const child = childCpuSeconds() - c0 + server;
        const sample = { wall: wall / 1000 / batch, self: self / batch, child: child / batch, server: server / batch };
        if (r >= 0) samples[i]?.push(sample);
      }
    }
    const cpuPerRound = (i: number): number[] => (samples[i] ?? []).map((s) => s.child + (cases[i]?.chargeSelf ? s.self : 0));
    const cpuOf = (i: number): number => median(cpuPerRound(i));
    // paired by round (same files, minutes apart at most): drifts of the machine's load cancel
    const bare = cpuPerRound(1);
    const pairs = cpuPerRound(2).map((z, r) => ({ ratio: z / (bare[r] ?? z), extra: z - (bare[r] ?? z) }));
    const rows = cases.map((c, i): TranscodeRow => {
      const bytes = statSync(outputs[i] ?? '').size;
      const ss = samples[i] ?? [];
      return {
        name: c.name, args: c.args,
        xRealtimePerCore: Math.round(seconds / cpuOf(i)),
        xRealtimeWall: Math.round(seconds / median(ss.map((s) => s.wall))),
        childCpuMs: Math.round(median(ss.map((s) => s.child)) * 10_000) / 10,
        selfCpuMs: Math.round(median(ss.map((s) => s.self)) * 10_000) / 10,
        serverCpuMs: c.serverCpu ? Math.round(median(ss.map((s) => s.server)) * 10_000) / 10 : null,
        outBytes: bytes, kbps: Math.round((bytes * 8) / seconds / 100) / 10,
        snrDb: snr(ffmpeg, outputs[i] ?? '', pcm),
      };
    });
    return {
      audioSeconds: seconds, filesPerBatch: batch, rows,
      overhead: Math.round((median(pairs.map((p) => p.ratio)) - 1) * 1000) / 1000,
      extraCpuMsPerFile: Math.round(median(pairs.map((p) => p.extra)) * 10_000) / 10,
      roundOverheads: pairs.map((p) => Math.round((p.ratio - 1) * 1000) / 1000),
    };
  } finally {
    shell.close();
    await zari.close();
  }
}

export async function run(options: { seconds?: number | readonly number[]; rounds?: number; db?: BenchDb } = {}): Promise<TranscodeResult> {
  const ffmpeg = findFfmpeg();
  if (!ffmpeg) throw new Error('ffmpeg not found (apt-get install ffmpeg, or set FFMPEG_PATH)');
  const sizes = options.seconds === undefined ? [30, 120, 300] : typeof options.seconds === 'number' ? [options.seconds] : [...options.seconds];
  const rounds = options.rounds ?? 5;
  const kind = options.db ?? 'sqlite';
  const longest = Math.max(...sizes);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zari-bench-rec-'));
  try {
    const results: SizeResult[] = [];
    for (const seconds of sizes) results.push(await measureSize(ffmpeg, dir, seconds, rounds, seconds === longest, kind));
    return {
      rounds, sizes: results,
      notes: [
        `input: ${path.basename(FIXTURE)} (440/660 Hz tones, 8 kHz mono) repeated; fresh files each round, the same for every case`,
        `ffmpeg: ${ffmpeg}; ${rounds} interleaved rounds (rotating order) after one warm-up round; medians`,
        'per core = audio s / CPU s; bare = the command run by a shell (shell + ffmpeg CPU); zari = its whole process + all it started',
        `CPU: this process via process.cpuUsage (µs), children and descendants via /proc (${1000 / TICK} ms ticks, batches of ≥ ${BATCH_AUDIO_S} s of audio)`,
        kind === 'sqlite' ? 'database: SQLite (in this process; as zari runs by default)' : 'database: PostgreSQL (its backends serving zari are counted as zari, by application_name)',
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function report(r: TranscodeResult): string {
  const lines: string[] = [];
  for (const s of r.sizes) {
    lines.push(`--- ${s.audioSeconds} s files (${s.filesPerBatch} per timed batch); CPU per file: ffmpeg and the shell that started it, and this process`);
    for (const row of s.rows) {
      const self = row.name.startsWith('zari') ? `zari ${row.selfCpuMs} ms` : `launcher ${row.selfCpuMs} ms`;
      const server = row.serverCpuMs === null ? '' : `  (of which PostgreSQL backends ${row.serverCpuMs} ms)`;
      lines.push(`${row.name.padEnd(44)} ${String(row.xRealtimePerCore).padStart(5)}× /core ${String(row.xRealtimeWall).padStart(5)}× wall  ffmpeg+sh ${String(row.childCpuMs).padStart(6)} ms  ${self.padEnd(17)} ${String(row.kbps).padStart(5)} kbit/s  SNR ${String(row.snrDb)} dB${server}`);
    }
    const spread = [...s.roundOverheads].sort((a, b) => a - b).map((o) => (o * 100).toFixed(1)).join(', ');
    lines.push(`zari overhead over bare ffmpeg (same settings, CPU) at ${s.audioSeconds} s: ${(s.overhead * 100).toFixed(1)} % (${s.extraCpuMsPerFile} ms per file; rounds: ${spread} %)`);
  }
  return [...lines, ...r.notes].join('\n');
}

/** `--seconds 30,120,300` (or one number) */
function secondsFlag(): number[] | undefined {
  const i = process.argv.indexOf('--seconds');
  const list = i >= 0 ? (process.argv[i + 1] ?? '').split(',').map(Number).filter((n) => Number.isFinite(n) && n > 0) : [];
  return list.length ? list : undefined;
}

if (isMainModule(import.meta.url)) {
  const seconds = secondsFlag();
  const rounds = numberFlag('rounds');
  const db = process.argv.includes('--db') ? process.argv[process.argv.indexOf('--db') + 1] : undefined;
  if (db !== undefined && db !== 'sqlite' && db !== 'postgresql') throw new Error('--db sqlite|postgresql');
  process.stdout.write(`${report(await run({ ...(seconds ? { seconds } : {}), ...(rounds ? { rounds } : {}), ...(db ? { db } : {}) }))}\n`);
}
