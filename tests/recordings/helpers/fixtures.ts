import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { wavHeader } from '../../../recordings/index.js';
import { asteriskFixturesDir } from '../../helpers/shared.js';

export const ASTERISK_WAV = path.join(asteriskFixturesDir, '1795829496.0.wav');

/** 16-bit PCM WAV bytes: a sine per channel (440 Hz, 660 Hz, …) at amplitude `amp`. */
export function sineWav(opts: { sampleRate: number; channels: number; seconds: number; amp?: number }): Buffer {
  const { sampleRate, channels, seconds } = opts;
  const amp = opts.amp ?? 0.5;
  const frames = Math.round(sampleRate * seconds);
  const data = Buffer.alloc(frames * channels * 2);
  for (let i = 0; i < frames; i += 1) {
    for (let c = 0; c < channels; c += 1) {
      const v = Math.sin((2 * Math.PI * (440 + 220 * c) * i) / sampleRate) * amp;
      data.writeInt16LE(Math.round(v * 32767), (i * channels + c) * 2);
    }
  }
  return Buffer.concat([wavHeader({ sampleRate, channels, bitsPerSample: 16, dataBytes: data.length }), data]);
}

export function tempDir(prefix = 'zari-rec-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeFile(dir: string, name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** ffprobe's view of an audio file: codec, channels, sample rate, duration in ms. */
export function probe(file: string): { codec: string; channels: number; durationMs: number; format: string } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,channels:format=format_name,duration', '-of', 'json', file], { encoding: 'utf8' });
  const j = JSON.parse(out) as { streams: { codec_name: string; channels: number }[]; format: { format_name: string; duration: string } };
  const s = j.streams[0];
  if (!s) throw new Error('no stream');
  return { codec: s.codec_name, channels: s.channels, durationMs: Math.round(Number(j.format.duration) * 1000), format: j.format.format_name };
}
