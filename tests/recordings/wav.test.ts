import { readFileSync } from 'node:fs';
import { hashAndMeasure, parseWavHeader, readWavInfo, wavHeader } from '../../recordings/index.js';
import { ASTERISK_WAV, sineWav, tempDir, writeFile } from './helpers/fixtures.js';

describe('WAV header parsing', () => {
  it('measures the real Asterisk MixMonitor recording (8 kHz mono, 5.02 s)', async () => {
    const r = await readWavInfo(ASTERISK_WAV);
    if (!r.ok) throw new Error(r.message);
    expect(r.info.format).toMatchObject({ formatTag: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16 });
    expect(r.info.pcm).toBe(true);
    expect(r.info.dataOffset).toBe(44);
    expect(r.info.durationMs).toBe(5020);
  });

  const ok = (b: Buffer): ReturnType<typeof parseWavHeader> => parseWavHeader(b, b.length);
  it.each([
    ['8 kHz mono', { sampleRate: 8000, channels: 1, seconds: 1 }, 1000],
    ['16 kHz mono', { sampleRate: 16000, channels: 1, seconds: 2.5 }, 2500],
    ['8 kHz stereo', { sampleRate: 8000, channels: 2, seconds: 1.2 }, 1200],
  ])('measures generated %s', (_name, opts, ms) => {
    const r = ok(sineWav(opts));
    expect(r.ok && r.info.durationMs).toBe(ms);
    expect(r.ok && r.info.format.channels).toBe(opts.channels);
  });

  const full = sineWav({ sampleRate: 8000, channels: 1, seconds: 1 });
  it.each([
    ['0-byte file', Buffer.alloc(0), 'empty_file'],
    ['44-byte header-only (unanswered call)', wavHeader({ sampleRate: 8000, channels: 1, bitsPerSample: 16, dataBytes: 0 }), 'no_audio'],
    ['truncated header (20 bytes)', full.subarray(0, 20), 'truncated_header'],
    ['truncated header (8 bytes)', full.subarray(0, 8), 'truncated_header'],
    ['header cut before data chunk', full.subarray(0, 38), 'truncated_header'],
    ['not a WAV', Buffer.from('ID3\u0003 this is an mp3, honestly, with more than twelve bytes'), 'not_wav'],
  ])('rejects %s', (_name, bytes, problem) => {
    const r = ok(bytes);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toBe(problem);
  });

  it('trusts the bytes on disk when the header sizes were never fixed up (recorder killed)', () => {
    const b = Buffer.from(full);
    b.writeUInt32LE(0, 40); // data size 0
    const r = ok(b);
    expect(r.ok && r.info.durationMs).toBe(1000);
    const cut = full.subarray(0, 44 + 8001); // data size says 16000, only 8001 bytes (odd) on disk
    const r2 = ok(cut);
    expect(r2.ok && r2.info.dataBytes).toBe(8000);
    expect(r2.ok && r2.info.durationMs).toBe(500);
  });

  it('hashes and computes peaks in one pass', async () => {
    const dir = tempDir();
    const bytes = Buffer.concat([sineWav({ sampleRate: 8000, channels: 1, seconds: 1, amp: 0.5 }).subarray(0, 44 + 8000), Buffer.alloc(8000)]);
    bytes.writeUInt32LE(16000, 40);
    const file = writeFile(dir, 'half.wav', bytes);
    const r = await readWavInfo(file);
    if (!r.ok) throw new Error(r.message);
    const scan = await hashAndMeasure(file, r.info, 10);
    expect(scan.bytes).toBe(bytes.length);
    expect(scan.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(scan.peaks).toHaveLength(10);
    expect(scan.peaks.slice(0, 5).every((p) => p > 0.45 && p <= 0.5)).toBe(true);
    expect(scan.peaks.slice(5)).toEqual([0, 0, 0, 0, 0]);
  });

  it('peaks of the real recording are non-zero throughout the talk', async () => {
    const r = await readWavInfo(ASTERISK_WAV);
    if (!r.ok) throw new Error(r.message);
    const scan = await hashAndMeasure(ASTERISK_WAV, r.info, 50);
    expect(scan.peaks).toHaveLength(50);
    expect(scan.peaks.filter((p) => p > 0.05).length).toBeGreaterThan(40);
    expect(scan.bytes).toBe(readFileSync(ASTERISK_WAV).length);
  });
});

describe('findFfmpeg', () => {
  it('uses FFMPEG_PATH, then PATH, else null (transcoding off)', async () => {
    const { findFfmpeg } = await import('../../recordings/index.js');
    expect(findFfmpeg({ FFMPEG_PATH: '/usr/bin/ffmpeg' })).toBe('/usr/bin/ffmpeg');
    expect(findFfmpeg({ FFMPEG_PATH: '/nonexistent/ffmpeg', PATH: '/usr/bin' })).toBeNull();
    expect(findFfmpeg({ PATH: '/nonexistent:/usr/bin' })).toBe('/usr/bin/ffmpeg');
    expect(findFfmpeg({ PATH: '/nonexistent' })).toBeNull();
  });
});

describe('PeakMeter', () => {
  it('gives the same peaks whatever the chunking (odd splits, stereo = max of channels)', async () => {
    const { PeakMeter, parseWavHeader } = await import('../../recordings/index.js');
    const wav = sineWav({ sampleRate: 8000, channels: 2, seconds: 0.5, amp: 0.25 });
    for (let i = 0; i < 1000; i += 1) wav.writeInt16LE(-16384, 44 + (2000 + i) * 4 + 2); // right channel: -0.5 in frames 2000..2999
    const r = parseWavHeader(wav, wav.length);
    if (!r.ok) throw new Error(r.message);
    const whole = new PeakMeter(r.info, 8);
    whole.push(wav.subarray(44));
    const bits = new PeakMeter(r.info, 8);
    for (let at = 44; at < wav.length; at += 7) bits.push(wav.subarray(at, Math.min(at + 7, wav.length)));
    expect(bits.result()).toEqual(whole.result());
    expect(whole.result()).toEqual([0.25, 0.25, 0.25, 0.25, 0.5, 0.5, 0.25, 0.25]);
  });
});
