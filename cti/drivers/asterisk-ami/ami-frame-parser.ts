import type { AmiFrame } from './ami-frame.js';
import { decodeFrame, isHeaderOnly, type DecodeCounters } from './ami-frame-decode.js';
import type { AmiFrameSkip } from './ami-event-filter.js';

/**
 * Streaming AMI frame parser: bytes in (any chunking), complete frames out.
 *
 * - The stream may start with the banner line `Asterisk Call Manager/x.y.z\r\n` (no blank line after
 *   it); it is recorded in `banner` and reported to `onBanner`.
 * - Frames end at a blank line. The line-ending style is taken from the first line (`\r\n`, or bare
 *   `\n` tolerated); a bare-`\n` blank line inside a CRLF stream still splits frames (at decode time).
 * - Frames are found with `Buffer.indexOf` on bytes and decoded once, whole, as UTF-8: a multi-byte
 *   character split across chunks is never cut.
 * - `Response: Follows` (AMI 1.x command output) runs to `--END COMMAND--`; its body lands in `Output`.
 *   In a CRLF stream (every real Asterisk) a frame always ends at the first `\r\n\r\n`, so a
 *   malformed Follows can never hold back later frames; only a bare-LF stream waits for the marker.
 * - Never throws on input: lines without a colon are skipped and counted; a frame larger than
 *   `maxFrameBytes` is dropped (counted) and parsing resyncs at the next blank line.
 */
export interface AmiFrameParserOptions {
  /** frames larger than this are discarded; default 1 MiB */
  readonly maxFrameBytes?: number;
  readonly onBanner?: (banner: string) => void;
  /** drop a complete frame before decoding it (see ami-event-filter.ts); counted in `stats.skipped` */
  readonly skip?: AmiFrameSkip;
}

export interface AmiParserStats extends DecodeCounters {
  frames: number;
  oversizedFrames: number;
  bytes: number;
  skipped: number;
}

const BANNER_PREFIX = Buffer.from('Asterisk Call Manager/', 'latin1');
const CRLF2 = Buffer.from('\r\n\r\n', 'latin1');
const LF2 = Buffer.from('\n\n', 'latin1');
const LFCRLF = Buffer.from('\n\r\n', 'latin1');
const FOLLOWS = 'response: follows';
const END_COMMAND = Buffer.from('--END COMMAND--', 'latin1');
const DEFAULT_MAX = 1024 * 1024;

export class AmiFrameParser {
  banner: string | null = null;
  readonly stats: AmiParserStats = { frames: 0, malformedLines: 0, oversizedFrames: 0, bytes: 0, skipped: 0 };
  private readonly maxFrameBytes: number;
  private readonly onBanner: ((banner: string) => void) | undefined;
  private readonly skip: AmiFrameSkip | undefined;
  private pending: Buffer | null = null;
  /** where, in the pending buffer, the terminator search resumes */
  private scanFrom = 0;
  private started = false;
  private term: Buffer = CRLF2;
  private discarding = false;
  private termLen = 4;
  private altBuf: Buffer | null = null;
  private altPos = -1;

  constructor(options: AmiFrameParserOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX;
    this.onBanner = options.onBanner;
    this.skip = options.skip;
  }

  /** Feed the next chunk of the stream; returns the frames it completed, in order. */
  push(chunk: Buffer): AmiFrame[] {
    this.stats.bytes += chunk.length;
    const out: AmiFrame[] = [];
    const buf = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = null;
    let pos = 0;
    if (!this.started) {
      const after = this.readStart(buf);
      if (after < 0) {
        this.keep(buf, 0, 0);
        return out;
      }
      pos = after;
    }
    while (pos < buf.length) {
      const next = this.discarding ? this.skipOversized(buf, pos) : this.nextFrame(buf, pos, out);
      if (next < 0) break;
      pos = next;
    }
    if (this.pending === null && pos < buf.length) this.keep(buf, pos, 0);
    return out;
  }

  /** End of stream: decode what is left as a last frame (an unterminated tail); resets the parser. */
  finish(): AmiFrame[] {
    const out: AmiFrame[] = [];
    const rest = this.pending;
    this.pending = null;
    this.scanFrom = 0;
    if (rest !== null && !this.discarding && rest.length > 0) {
      if (rest.length > this.maxFrameBytes) this.stats.oversizedFrames++;
      else this.stats.frames += decodeFrame(rest.toString('utf8'), this.stats, out);
    }
    this.discarding = false;
    return out;
  }

  /** Decide whether the stream starts with a banner; returns the offset after it, or -1 to wait. */
  private readStart(buf: Buffer): number {
    const nl = buf.indexOf(0x0a);
    if (nl < 0) {
      if (buf.length <= this.maxFrameBytes) return -1;
      this.started = true;
      return 0;
    }
    this.started = true;
    const cr = nl > 0 && buf[nl - 1] === 0x0d;
    this.term = cr ? CRLF2 : LF2;
    const n = BANNER_PREFIX.length;
    if (nl < n || buf.compare(BANNER_PREFIX, 0, n, 0, n) !== 0) return 0;
    this.banner = buf.toString('utf8', 0, cr ? nl - 1 : nl);
    this.onBanner?.(this.banner);
    return nl + 1;
  }

  /** Parse one frame at `pos`; returns the offset after it, or -1 when more bytes are needed. */
  private nextFrame(buf: Buffer, pos: number, out: AmiFrame[]): number {
    const end = this.findEnd(buf, Math.max(pos, this.scanFrom));
    if (end < 0) return this.incomplete(buf, pos, buf.length - 3);
    let frameEnd = end;
    let termLen = this.termLen;
    if (this.term === LF2 && this.isFollows(buf, pos)) {
      frameEnd = this.followsEnd(buf, pos, end);
      if (frameEnd < 0) return this.incomplete(buf, pos, pos);
      termLen = this.termLen;
    }
    this.scanFrom = 0;
    if (frameEnd - pos > this.maxFrameBytes) {
      this.stats.oversizedFrames++;
    } else if (frameEnd > pos) {
      if (this.skip?.(buf, pos, frameEnd)) this.stats.skipped++;
      else this.stats.frames += decodeFrame(buf.toString('utf8', pos, frameEnd), this.stats, out);
    }
    return frameEnd + termLen;
  }

  /**
   * Next blank line at or after `from` (sets `termLen`). CRLF streams: `\r\n\r\n`. Bare-LF streams:
   * `\n\n` or `\n\r\n`, the latter's position cached per buffer so each byte is scanned once.
   */
  private findEnd(buf: Buffer, from: number): number {
    if (this.term === CRLF2) {
      this.termLen = 4;
      return buf.indexOf(CRLF2, from);
    }
    if (this.altBuf !== buf || (this.altPos >= 0 && this.altPos < from)) {
      this.altBuf = buf;
      this.altPos = buf.indexOf(LFCRLF, from);
    }
    const lf = buf.indexOf(LF2, from);
    if (this.altPos >= 0 && (lf < 0 || this.altPos < lf)) {
      this.termLen = 3;
      return this.altPos;
    }
    this.termLen = 2;
    return lf;
  }

  /** No complete frame at `pos`: keep the tail (or start discarding when it is already too big). */
  private incomplete(buf: Buffer, pos: number, resumeAt: number): number {
    if (buf.length - pos > this.maxFrameBytes) {
      this.stats.oversizedFrames++;
      this.discarding = true;
      this.scanFrom = 0;
      return this.skipOversized(buf, Math.max(pos, buf.length - 3));
    }
    this.keep(buf, pos, Math.max(0, resumeAt - pos));
    return -1;
  }

  /** While discarding an oversized frame: drop bytes up to and including the next blank line. */
  private skipOversized(buf: Buffer, pos: number): number {
    const end = this.findEnd(buf, pos);
    if (end < 0) {
      const from = Math.max(pos, buf.length - 3);
      this.keep(buf, from, 0);
      return -1;
    }
    this.discarding = false;
    return end + this.termLen;
  }

  private keep(buf: Buffer, from: number, scanFrom: number): void {
    this.pending = buf.subarray(from);
    this.scanFrom = scanFrom;
  }

  private isFollows(buf: Buffer, pos: number): boolean {
    const c = buf[pos];
    if (c !== 0x52 && c !== 0x72) return false;
    return buf.toString('latin1', pos, pos + FOLLOWS.length).toLowerCase() === FOLLOWS;
  }

  /**
   * End of a `Response: Follows` frame whose first blank line is at `end`: there when the marker is
   * before it or the frame has headers only (some servers send no body); else the blank line after
   * `--END COMMAND--`, or -1 when that has not arrived yet.
   */
  private followsEnd(buf: Buffer, pos: number, end: number): number {
    const marker = buf.indexOf(END_COMMAND, pos);
    if (marker >= 0 && marker < end) return end;
    if (isHeaderOnly(buf.toString('utf8', pos, end))) return end;
    if (marker < 0) return -1;
    return this.findEnd(buf, marker);
  }
}

/** `Asterisk Call Manager/2.8.4` → [2, 8, 4]; missing parts are 0; null when not a banner. */
export function amiVersion(banner: string): [number, number, number] | null {
  const prefix = 'Asterisk Call Manager/';
  if (!banner.startsWith(prefix)) return null;
  const parts = banner.slice(prefix.length).trim().split('.').map(Number);
  if (parts.some((n) => !Number.isInteger(n))) return null;
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
}
