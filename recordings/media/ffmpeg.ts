import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ZariError } from '../../kernel/index.js';

/**
 * ffmpeg as a child process. zari starts without it: `findFfmpeg` returns null and recordings are
 * kept as WAV.
 */

/** FFMPEG_PATH, else the first executable `ffmpeg` on PATH, else null. */
export function findFfmpeg(env: NodeJS.ProcessEnv = process.env): string | null {
  const explicit = env['FFMPEG_PATH'];
  const candidates = explicit ? [explicit] : (env['PATH'] ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, 'ffmpeg'));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

export interface OpusSettings {
  readonly bitrateKbps: number;
  /** libopus complexity 0..10: lower is faster */
  readonly compressionLevel: number;
  /** ms per packet: 20, 40 or 60 (longer = less framing overhead) */
  readonly frameDurationMs: number;
  readonly application: 'voip' | 'audio' | 'lowdelay';
}

/**
 * Speech defaults (ADR 0005): telephone audio is 8 kHz narrowband; 16 kbit/s VBR in `voip` mode is
 * transparent for it, 60 ms frames cut packet overhead, complexity 3 keeps most of the quality of
 * 10 at several times the speed.
 */
export const speechOpus: OpusSettings = { bitrateKbps: 16, compressionLevel: 3, frameDurationMs: 60, application: 'voip' };

/** ffmpeg arguments: one input file → mono Ogg/Opus, single-threaded, bit-exact (same input → same bytes). */
export function opusArgs(input: string, output: string, s: OpusSettings = speechOpus): string[] {
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-threads', '1', '-y',
    '-i', input, '-map_metadata', '-1', '-vn', '-ac', '1',
    '-c:a', 'libopus', '-application', s.application, '-b:a', `${s.bitrateKbps}k`,
    '-compression_level', String(s.compressionLevel), '-frame_duration', String(s.frameDurationMs),
    '-fflags', '+bitexact', '-flags:a', '+bitexact', '-f', 'ogg', output,
  ];
}

/** ffmpeg arguments for a download copy: stdin → MP3 on stdout. */
export function mp3Args(bitrateKbps = 32): string[] {
  return ['-nostdin', '-hide_banner', '-loglevel', 'error', '-threads', '1', '-i', 'pipe:0', '-vn', '-ac', '1',
    '-c:a', 'libmp3lame', '-b:a', `${bitrateKbps}k`, '-f', 'mp3', 'pipe:1'];
}

/** Runs ffmpeg to completion; rejects with the tail of its stderr. */
export function runFfmpeg(ffmpegPath: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-2000);
    });
    child.on('error', (e) => reject(new ZariError('internal', `ffmpeg could not start: ${e.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new ZariError('internal', `ffmpeg failed (${signal ?? `exit ${String(code)}`}): ${stderr.trim() || 'no output'}`));
    });
  });
}

/** Starts a streaming ffmpeg (stdin → stdout), e.g. for MP3 downloads. The caller pipes and reads. */
export function spawnFfmpegPipe(ffmpegPath: string, args: readonly string[]): ChildProcessByStdio<Writable, Readable, null> {
  return spawn(ffmpegPath, args, { stdio: ['pipe', 'pipe', 'ignore'] });
}
