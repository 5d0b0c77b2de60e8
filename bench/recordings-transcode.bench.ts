/**
 * Recording transcoding benchmark: 8 kHz mono WAV → Ogg/Opus, × realtime per core, for
 *  - bare ffmpeg at default Opus settings (the reference, "about 100×" here),
 *  - bare ffmpeg with zari's settings for speech (and other complexity levels, to justify the choice),
 *  - zari's whole ingest (header check, sha256 + peaks in Node, ffmpeg, atomic put, SQLite commits,
 *    source removal) with the same settings — its overhead over the bare command is the target (< 10 %).
 * Same file, same run, cases interleaved round by round; median of the rounds.
 *
 * "Per core" = audio seconds ÷ CPU seconds (this process + waited-for children, /proc/self/stat
 * cutime/cstime), so other load on the machine does not count; wall-clock ×realtime is reported too.
 * Quality proxy: the Opus output decoded back to 8 kHz and compared with the source (SNR, dB, best
 * alignment). Waveform SNR understates a perceptual codec; it is used to compare settings with each other.
 *
 * Default input: 300 s, a typical call-centre call (the per-file fixed cost weighs more on shorter
 * files; README shows 30 s and 120 s too).
 *
 *   npx tsx bench/recordings-transcode.bench.ts [--seconds 300] [--rounds 5]
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, silentLogger } from '../kernel/index.js';
import { RecordingIngestService, createLocalDiskStore, findFfmpeg, opusArgs, speechOpus, wavHeader, type OpusSettings } from '../recordings/index.js';
import { isMainModule, numberFlag } from './cli.js';

/** shared/ beside the repository (ZARI_SHARED_DIR), as in tests/helpers/shared.ts */
const SHARED = process.env['ZARI_SHARED_DIR'] ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'shared');
const FIXTURE = process.env['ZARI_RECORDING_FIXTURE'] ?? path.join(SHARED, 'fixtures', 'asterisk', '22.10.1', '1795829496.0.wav');
const TICK = 100; // USER_HZ on Linux

export interface TranscodeRow {
  readonly name: string;
  readonly args: string;
  /** audio seconds per CPU second (this process + children) */
  readonly xRealtimePerCore: number;
  readonly xRealtimeWall: number;
  /** median CPU ms of zari's own process (hashing, peaks, DB, spawning); the rest is ffmpeg */
  readonly selfCpuMs: number;
  readonly outBytes: number;
  readonly kbps: number;
  readonly snrDb: number | null;
}

export interface TranscodeResult {
  readonly audioSeconds: number;
  readonly rounds: number;
  readonly rows: readonly TranscodeRow[];
  /** zari ingest CPU ÷ bare ffmpeg (same settings) CPU − 1 */
  readonly overhead: number;
  readonly notes: readonly string[];
}

function cpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  // after "pid (comm) ": state=0 … utime=11 stime=12 cutime=13 cstime=14
  const ticks = [11, 12, 13, 14].reduce((s, i) => s + Number(fields[i] ?? 0), 0);
  return ticks / TICK;
}

/** The fixture's PCM repeated to `seconds`, as one 8 kHz mono WAV. */
function buildInput(dir: string, seconds: number): { file: string; pcm: Buffer } {
  const src = readFileSync(FIXTURE);
  const pcm0 = src.subarray(44);
  const need = seconds * 8000 * 2;
  const pcm = Buffer.alloc(need);
  for (let at = 0; at < need; at += pcm0.length) pcm0.copy(pcm, at, 0, Math.min(pcm0.length, need - at));
  const file = path.join(dir, 'input.wav');
  writeFileSync(file, Buffer.concat([wavHeader({ sampleRate: 8000, channels: 1, bitsPerSample: 16, dataBytes: pcm.length }), pcm]));
  return { file, pcm };
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
  /** untimed setup of a round (the PBX writing the file) */
  readonly prepare?: (round: number) => void;
  /** untimed clean-up after a round */
  readonly after?: () => Promise<void>;
  /** runs once, returns the output file */
  readonly once: (round: number) => Promise<string>;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;

function bareCase(ffmpeg: string, name: string, input: string, out: string, settings: OpusSettings | null): Case {
  const args = settings ? opusArgs(input, out, settings) : ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', input, '-c:a', 'libopus', out];
  return { name, args: args.slice(args.indexOf(input) + 1, -1).join(' '), once: async () => (execFileSync(ffmpeg, args), out) };
}

async function zariCase(ffmpeg: string, dir: string, input: string, settings: OpusSettings): Promise<{ c: Case; close: () => Promise<void> }> {
  const db = await openDatabase({ provider: 'sqlite', url: path.join(dir, 'zari.db'), pgSchema: null }, silentLogger());
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
  const ingest = new RecordingIngestService({ db: db.prisma, logger: silentLogger(), store, ffmpegPath: ffmpeg, spoolDir, archiveDir: null, clock: () => new Date(), opus: settings });
  const c: Case = {
    name: 'zari ingest (same settings)',
    args: 'RecordingIngestService.ingestFile',
    prepare: (round) => copyFileSync(input, path.join(spoolDir, `r${round}.wav`)),
    once: async (round) => {
      await ingest.ingestFile(path.join(spoolDir, `r${round}.wav`), { callKey: `bench:${round}` });
      return path.join(store.root, 'objects', lastKey.slice(0, 2), lastKey.slice(2, 4), lastKey);
    },
    // untimed: forget the recording so the next round's identical bytes are not a duplicate
    after: async () => void (await db.prisma.recording.deleteMany({})),
  };
  return { c, close: () => db.close() };
}

export async function run(options: { seconds?: number; rounds?: number } = {}): Promise<TranscodeResult> {
  const ffmpeg = findFfmpeg();
  if (!ffmpeg) throw new Error('ffmpeg not found (apt-get install ffmpeg, or set FFMPEG_PATH)');
  const seconds = options.seconds ?? 300;
  const rounds = options.rounds ?? 5;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zari-bench-rec-'));
  try {
    const { file, pcm } = buildInput(dir, seconds);
    const out = (n: string): string => path.join(dir, `${n}.ogg`);
    const zari = await zariCase(ffmpeg, dir, file, speechOpus);
    const cases: Case[] = [
      bareCase(ffmpeg, 'bare ffmpeg, default Opus', file, out('default'), null),
      bareCase(ffmpeg, `bare ffmpeg, zari speech (complexity ${speechOpus.compressionLevel})`, file, out('speech'), speechOpus),
      zari.c,
      ...[0, 5, 10].filter((l) => l !== speechOpus.compressionLevel).map((l) => bareCase(ffmpeg, `bare ffmpeg, speech complexity ${l}`, file, out(`c${l}`), { ...speechOpus, compressionLevel: l })),
    ];
    const cpu = cases.map(() => [] as number[]);
    const wall = cases.map(() => [] as number[]);
    const self = cases.map(() => [] as number[]);
    const outputs: string[] = cases.map(() => '');
    for (let r = 0; r < rounds; r += 1) {
      for (const [i, c] of cases.entries()) {
        c.prepare?.(r);
        const c0 = cpuSeconds();
        const s0 = process.cpuUsage();
        const t0 = performance.now();
        outputs[i] = await c.once(r);
        wall[i]?.push((performance.now() - t0) / 1000);
        const su = process.cpuUsage(s0);
        self[i]?.push((su.user + su.system) / 1000);
        cpu[i]?.push(Math.max(cpuSeconds() - c0, 1 / TICK));
        await c.after?.();
      }
    }
    const rows = cases.map((c, i): TranscodeRow => {
      const bytes = statSync(outputs[i] ?? '').size;
      return {
        name: c.name, args: c.args,
        xRealtimePerCore: Math.round(seconds / median(cpu[i] ?? [])),
        xRealtimeWall: Math.round(seconds / median(wall[i] ?? [])),
        selfCpuMs: Math.round(median(self[i] ?? [])),
        outBytes: bytes, kbps: Math.round((bytes * 8) / seconds / 100) / 10,
        snrDb: snr(ffmpeg, outputs[i] ?? '', pcm),
      };
    });
    await zari.close();
    const cpuOf = (i: number): number => median(cpu[i] ?? []);
    return {
      audioSeconds: seconds, rounds, rows,
      overhead: Math.round((cpuOf(2) / cpuOf(1) - 1) * 1000) / 1000,
      notes: [`input: ${path.basename(FIXTURE)} (440/660 Hz tones, 8 kHz mono) repeated to ${seconds} s`, `ffmpeg: ${ffmpeg}`, `CPU time resolution ${1000 / TICK} ms`],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function report(r: TranscodeResult): string {
  const lines = r.rows.map((row) => `${row.name.padEnd(44)} ${String(row.xRealtimePerCore).padStart(5)}× /core ${String(row.xRealtimeWall).padStart(5)}× wall ${String(row.selfCpuMs).padStart(4)} ms self ${String(row.kbps).padStart(5)} kbit/s  SNR ${String(row.snrDb)} dB`);
  return [...lines, `zari overhead over bare ffmpeg (same settings, CPU): ${(r.overhead * 100).toFixed(1)} %`, ...r.notes].join('\n');
}

if (isMainModule(import.meta.url)) {
  const seconds = numberFlag('seconds');
  const rounds = numberFlag('rounds');
  process.stdout.write(`${report(await run({ ...(seconds ? { seconds } : {}), ...(rounds ? { rounds } : {}) }))}\n`);
}
