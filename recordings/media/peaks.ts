import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { ChunkReader } from './read-chunks.js';
import type { WavInfo } from './wav.js';

const LITTLE_ENDIAN = endianness() === 'LE';
const EMPTY = Buffer.alloc(0);

/**
 * Waveform peaks for display, computed from the WAV's own PCM in Node during the same read that
 * hashes the file (one pass over the bytes, no second ffmpeg output). `count` buckets, each the
 * largest absolute sample over all channels, scaled to 0..1 with 3 decimals.
 */
export class PeakMeter {
  private readonly peaks: Float64Array;
  private readonly framesPerBucket: number;
  private readonly bytesPerSample: number;
  private readonly blockAlign: number;
  private carry: Buffer = EMPTY;
  private frame = 0;

  constructor(private readonly info: WavInfo, count: number) {
    const buckets = Math.max(1, Math.min(count, info.frames));
    this.peaks = new Float64Array(buckets);
    this.framesPerBucket = Math.ceil(info.frames / buckets);
    this.bytesPerSample = info.format.bitsPerSample / 8;
    this.blockAlign = info.format.blockAlign;
  }

  /** Feeds bytes of the data chunk, in order (the chunk is not kept). */
  push(chunk: Buffer): void {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const whole = buf.length - (buf.length % this.blockAlign);
    if (this.bytesPerSample === 2 && LITTLE_ENDIAN) this.push16(buf.subarray(0, whole));
    else this.pushGeneric(buf, whole);
    // a copy: the caller may reuse its buffer
    this.carry = whole === buf.length ? EMPTY : Buffer.from(buf.subarray(whole));
  }

  /** 16-bit fast path: a typed view, one tight loop per bucket (≈10× the generic path). */
  private push16(bytes: Buffer): void {
    const view = bytes.byteOffset % 2 === 0 ? new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1) : new Int16Array(Uint8Array.from(bytes).buffer);
    const ch = this.info.format.channels;
    const last = this.peaks.length - 1;
    let i = 0;
    while (i < view.length) {
      const b = Math.min(last, Math.floor(this.frame / this.framesPerBucket));
      const left = (view.length - i) / ch;
      const frames = b === last ? left : Math.min(left, (b + 1) * this.framesPerBucket - this.frame);
      const end = i + frames * ch;
      // the highest and the lowest sample, branch-free selects (≈1.5–2× a compare of absolute values)
      let hi = 0;
      let lo = 0;
      for (let k = i; k < end; k += 1) {
        const v = view[k] ?? 0;
        hi = v > hi ? v : hi;
        lo = v < lo ? v : lo;
      }
      this.peaks[b] = Math.max(this.peaks[b] ?? 0, hi / 32768, -lo / 32768);
      i = end;
      this.frame += frames;
    }
  }

  private pushGeneric(buf: Buffer, whole: number): void {
    const bps = this.bytesPerSample;
    for (let off = 0; off < whole; off += this.blockAlign) {
      let max = 0;
      for (let s = off; s < off + this.blockAlign; s += bps) {
        const v = Math.abs(readSample(buf, s, bps));
        if (v > max) max = v;
      }
      const b = Math.min(this.peaks.length - 1, Math.floor(this.frame / this.framesPerBucket));
      if (max > (this.peaks[b] ?? 0)) this.peaks[b] = max;
      this.frame += 1;
    }
  }

  result(): number[] {
    return Array.from(this.peaks, (p) => Math.round(Math.min(1, p) * 1000) / 1000);
  }
}

/** One sample as -1..1. 8-bit WAV is unsigned; wider ones are signed little-endian. */
function readSample(buf: Buffer, at: number, bytes: number): number {
  switch (bytes) {
    case 2:
      return buf.readInt16LE(at) / 32768;
    case 1:
      return ((buf[at] ?? 128) - 128) / 128;
    case 3:
      return buf.readIntLE(at, 3) / 8_388_608;
    default:
      return buf.readInt32LE(at) / 2_147_483_648;
  }
}

export interface SourceScan {
  readonly sha256: string;
  readonly bytes: number;
  /** empty when the format is not integer PCM */
  readonly peaks: number[];
}

/** One streaming pass: sha256 of the whole file and peaks of its data chunk. */
export async function hashAndMeasure(file: string, info: WavInfo | null, peakCount = 200, reader = new ChunkReader()): Promise<SourceScan> {
  const hash = createHash('sha256');
  const meter = info?.pcm ? new PeakMeter(info, peakCount) : null;
  const start = info?.dataOffset ?? 0;
  const end = start + (info?.dataBytes ?? 0);
  const bytes = await reader.read(file, (chunk, pos) => {
    hash.update(chunk);
    if (!meter) return;
    const from = Math.max(start - pos, 0);
    const to = Math.min(end - pos, chunk.length);
    if (to > from) meter.push(chunk.subarray(from, to));
  });
  return { sha256: hash.digest('hex'), bytes, peaks: meter ? meter.result() : [] };
}
