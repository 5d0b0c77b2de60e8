import { open } from 'node:fs/promises';
import { z } from 'zod';

/**
 * WAV header parsing (RIFF/WAVE, `fmt ` and `data` chunks), zod-validated, without ffmpeg.
 * Measures duration and detects empty or truncated files before any transcoding.
 *
 * Tolerated, because PBXs produce them: a RIFF/data size that disagrees with the file size (a
 * recorder killed mid-call leaves 0 or a stale size; the real audio is what is on disk), an odd
 * trailing byte, unknown chunks before `data` (LIST, fact, …).
 */
export const wavFormatSchema = z.object({
  /** 1 = PCM, 3 = IEEE float, 6 = A-law, 7 = µ-law, 0xfffe = extensible, … */
  formatTag: z.number().int().nonnegative(),
  channels: z.number().int().min(1).max(16),
  sampleRate: z.number().int().min(1000).max(384_000),
  byteRate: z.number().int().positive(),
  blockAlign: z.number().int().positive(),
  bitsPerSample: z.number().int().min(1).max(64),
});
export type WavFormat = z.infer<typeof wavFormatSchema>;

export interface WavInfo {
  readonly format: WavFormat;
  /** integer PCM whose samples zari can read itself (peaks) */
  readonly pcm: boolean;
  readonly dataOffset: number;
  /** bytes of audio actually present (whole frames), whatever the header claims */
  readonly dataBytes: number;
  readonly frames: number;
  readonly durationMs: number;
  readonly fileBytes: number;
}

export type WavProblem = 'empty_file' | 'not_wav' | 'truncated_header' | 'bad_format' | 'no_data_chunk' | 'no_audio';

export type WavParse = { readonly ok: true; readonly info: WavInfo } | { readonly ok: false; readonly problem: WavProblem; readonly message: string };

const HEAD_BYTES = 64 * 1024;
const PCM = 1;
const EXTENSIBLE = 0xfffe;

const fail = (problem: WavProblem, message: string): WavParse => ({ ok: false, problem, message });

/** Reads the format chunk; null when it is too short or fails the schema. */
function readFormat(head: Buffer, at: number, size: number): { format: WavFormat; pcm: boolean } | null {
  if (size < 16 || at + 16 > head.length) return null;
  const parsed = wavFormatSchema.safeParse({
    formatTag: head.readUInt16LE(at),
    channels: head.readUInt16LE(at + 2),
    sampleRate: head.readUInt32LE(at + 4),
    byteRate: head.readUInt32LE(at + 8),
    blockAlign: head.readUInt16LE(at + 12),
    bitsPerSample: head.readUInt16LE(at + 14),
  });
  if (!parsed.success) return null;
  const f = parsed.data;
  let tag = f.formatTag;
  if (tag === EXTENSIBLE && size >= 40 && at + 26 <= head.length) tag = head.readUInt16LE(at + 24);
  const intBits = [8, 16, 24, 32].includes(f.bitsPerSample);
  const pcm = tag === PCM && intBits && f.blockAlign === (f.channels * f.bitsPerSample) / 8;
  return { format: f, pcm };
}

/** Parses a WAV header held in `head` (the first bytes of a file of `fileBytes` bytes). */
export function parseWavHeader(head: Buffer, fileBytes: number): WavParse {
  if (fileBytes === 0) return fail('empty_file', 'the file is empty (0 bytes)');
  if (head.length < 12) return fail('truncated_header', `only ${fileBytes} bytes: no complete RIFF header`);
  if (head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE') {
    return fail('not_wav', 'not a RIFF/WAVE file');
  }
  let at = 12;
  let fmt: { format: WavFormat; pcm: boolean } | null = null;
  while (at + 8 <= head.length) {
    const id = head.toString('latin1', at, at + 4);
    const size = head.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') {
      fmt = readFormat(head, body, size);
      if (!fmt) return body + 16 > fileBytes ? fail('truncated_header', 'the fmt chunk is cut off') : fail('bad_format', 'invalid fmt chunk');
    } else if (id === 'data') {
      if (!fmt) return fail('bad_format', 'data chunk before fmt chunk');
      return measure(fmt, body, size, fileBytes);
    }
    at = body + size + (size % 2);
  }
  if (!fmt) return fail('truncated_header', 'the header ends before a fmt chunk');
  return at + 8 > fileBytes ? fail('truncated_header', 'the header ends before the data chunk') : fail('no_data_chunk', 'no data chunk in the first 64 KiB');
}

function measure(fmt: { format: WavFormat; pcm: boolean }, dataOffset: number, declared: number, fileBytes: number): WavParse {
  const onDisk = Math.max(0, fileBytes - dataOffset);
  // a declared size of 0 or beyond the end of file means the writer never fixed it up: trust the disk
  const raw = declared === 0 || declared > onDisk ? onDisk : declared;
  const { blockAlign, byteRate, sampleRate } = fmt.format;
  const dataBytes = raw - (raw % blockAlign);
  const frames = fmt.pcm ? dataBytes / blockAlign : Math.round((dataBytes / byteRate) * sampleRate);
  if (dataBytes === 0) return fail('no_audio', 'the recording holds no audio (header only; unanswered call?)');
  const durationMs = fmt.pcm ? Math.round((frames * 1000) / sampleRate) : Math.round((dataBytes * 1000) / byteRate);
  return { ok: true, info: { format: fmt.format, pcm: fmt.pcm, dataOffset, dataBytes, frames, durationMs, fileBytes } };
}

/** Reads the head of a file and parses it. */
export async function readWavInfo(file: string): Promise<WavParse> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return parseWavHeader(head.subarray(0, bytesRead), size);
  } finally {
    await handle.close();
  }
}

/** Builds a canonical 44-byte PCM WAV header (tests, benchmarks, WAV fallback). */
export function wavHeader(opts: { sampleRate: number; channels: number; bitsPerSample: number; dataBytes: number }): Buffer {
  const { sampleRate, channels, bitsPerSample, dataBytes } = opts;
  const h = Buffer.alloc(44);
  const blockAlign = (channels * bitsPerSample) / 8;
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(PCM, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * blockAlign, 28);
  h.writeUInt16LE(blockAlign, 32);
  h.writeUInt16LE(bitsPerSample, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}
