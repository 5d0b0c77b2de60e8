import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RecordingIngestService, RecordingQueryService, type BacklogProgress } from '../../recordings/index.js';
import { describeEachDb } from '../helpers/db.js';
import { ASTERISK_WAV, probe, sineWav, tempDir, writeFile } from './helpers/fixtures.js';
import { ingestEnv } from './helpers/ingest-env.js';

const storedFile = (root: string, key: string): string => path.join(root, 'objects', key.slice(0, 2), key.slice(2, 4), key);

describeEachDb('recording ingest', (get) => {
  it('ingests the real Asterisk recording: Opus in Ogg, measured, linked, source archived', async () => {
    const env = await ingestEnv(get());
    const ingest = new RecordingIngestService(env.deps);
    const src = path.join(env.spoolDir, '1795829496.0.wav');
    copyFileSync(ASTERISK_WAV, src);
    const { outcome, recording } = await ingest.ingestFile(src, { callKey: 'pbx1:1795829496.0', clientId: 7 });
    expect(outcome).toBe('committed');
    expect(recording).toMatchObject({ state: 'committed', codec: 'opus', durationMs: 5020, callKey: 'pbx1:1795829496.0', clientId: 7, hasAudio: true, legalHold: false });
    expect(recording.publicId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(recording.peaks).toHaveLength(200);
    expect(existsSync(src)).toBe(false);
    expect(readFileSync(path.join(env.archiveDir, '1795829496.0.wav'))).toEqual(readFileSync(ASTERISK_WAV));
    const row = await get().prisma.recording.findUniqueOrThrow({ where: { publicId: recording.publicId } });
    expect(row.sourceState).toBe('archived');
    expect(row.storageKey).toMatch(/^[0-9a-f]{64}\.opus$/);
    const p = probe(storedFile(env.store.root, row.storageKey ?? ''));
    expect(p).toMatchObject({ codec: 'opus', channels: 1, format: 'ogg' });
    expect(Math.abs(p.durationMs - 5020)).toBeLessThan(80);
    expect(recording.sizeBytes).toBeGreaterThan(1000);
    expect(recording.sizeBytes).toBeLessThan(80_364 / 4);
    // the view reveals neither the path nor the storage key
    expect(JSON.stringify(recording)).not.toMatch(/1795829496\.0\.wav|spool|[0-9a-f]{64}/);
    const expires = recording.expiresAt?.getTime() ?? 0;
    expect(Math.abs(expires - Date.now() - 90 * 86_400_000)).toBeLessThan(60_000);
  });

  it.each([
    ['16 kHz mono', { sampleRate: 16000, channels: 1, seconds: 2 }, 2000],
    ['8 kHz stereo', { sampleRate: 8000, channels: 2, seconds: 1.5 }, 1500],
    ['8 kHz mono', { sampleRate: 8000, channels: 1, seconds: 3 }, 3000],
  ])('ingests a generated %s WAV', async (name, opts, ms) => {
    const env = await ingestEnv(get(), { archiveDir: null });
    const src = writeFile(env.spoolDir, `${name.replace(/\W+/g, '-')}.wav`, sineWav(opts));
    const { outcome, recording } = await new RecordingIngestService(env.deps).ingestFile(src);
    expect(outcome).toBe('committed');
    expect(recording.durationMs).toBe(ms);
    expect(existsSync(src)).toBe(false); // no archive dir: removed
    const row = await get().prisma.recording.findUniqueOrThrow({ where: { publicId: recording.publicId } });
    expect(row).toMatchObject({ sampleRate: opts.sampleRate, channels: opts.channels, sourceState: 'removed' });
    expect(probe(storedFile(env.store.root, row.storageKey ?? '')).channels).toBe(1);
  });

  it.each([
    ['empty (0 bytes)', Buffer.alloc(0), 'empty_file', false],
    ['header-only 44 bytes (unanswered call)', sineWav({ sampleRate: 8000, channels: 1, seconds: 0 }), 'no_audio', false],
    ['truncated header', sineWav({ sampleRate: 8000, channels: 1, seconds: 1 }).subarray(0, 30), 'truncated_header', true],
    ['garbage', Buffer.from('not a wav at all, just some bytes from a broken disk'), 'not_wav', true],
  ])('marks %s failed with its reason, never dropped silently', async (_name, bytes, code, kept) => {
    const env = await ingestEnv(get());
    const src = writeFile(env.spoolDir, 'bad.wav', bytes);
    const { outcome, recording } = await new RecordingIngestService(env.deps).ingestFile(src);
    expect(outcome).toBe('failed');
    expect(recording.state).toBe('failed');
    expect(recording.failReason).toMatch(new RegExp(`^${code}: `));
    expect(recording.hasAudio).toBe(false);
    const row = await get().prisma.recording.findUniqueOrThrow({ where: { publicId: recording.publicId } });
    expect(row.sourceState).toBe('archived');
    expect(readFileSync(path.join(env.archiveDir, 'bad.wav'))).toEqual(bytes);
    expect(row.storageKey !== null).toBe(kept);
    if (kept) expect(readFileSync(storedFile(env.store.root, row.storageKey ?? ''))).toEqual(bytes);
  });

  it('a second ingest of the same bytes is a duplicate, not a second recording', async () => {
    const env = await ingestEnv(get());
    const ingest = new RecordingIngestService(env.deps);
    const bytes = sineWav({ sampleRate: 8000, channels: 1, seconds: 1, amp: 0.3 });
    const first = await ingest.ingestFile(writeFile(env.spoolDir, 'a.wav', bytes));
    const again = await ingest.ingestFile(writeFile(env.spoolDir, 'a.wav', bytes));
    expect(first.outcome).toBe('committed');
    expect(again.outcome).toBe('duplicate');
    expect(again.recording.publicId).toBe(first.recording.publicId);
    expect(await get().prisma.recording.count({ where: { sourcePath: 'a.wav' } })).toBe(1);
    expect(readdirSync(env.archiveDir).sort()).toEqual(['a.1.wav', 'a.wav']);
  });

  it('concurrent calls for the same file share one ingest', async () => {
    const env = await ingestEnv(get());
    const ingest = new RecordingIngestService(env.deps);
    const src = writeFile(env.spoolDir, 'c.wav', sineWav({ sampleRate: 8000, channels: 1, seconds: 1, amp: 0.2 }));
    const [a, b] = await Promise.all([ingest.ingestFile(src), ingest.ingestFile(src)]);
    expect(a.recording.publicId).toBe(b.recording.publicId);
    expect(await get().prisma.recording.count({ where: { sourcePath: 'c.wav' } })).toBe(1);
  });

  it('refuses a path outside the spool directory', async () => {
    const env = await ingestEnv(get());
    const outside = writeFile(tempDir(), 'x.wav', sineWav({ sampleRate: 8000, channels: 1, seconds: 0.1 }));
    await expect(new RecordingIngestService(env.deps).ingestFile(outside)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(new RecordingIngestService(env.deps).ingestFile('../x.wav')).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('without ffmpeg keeps the recording as WAV (transcoding off)', async () => {
    const env = await ingestEnv(get(), { ffmpegPath: null });
    const ingest = new RecordingIngestService(env.deps);
    expect(ingest.transcoding).toBe(false);
    const bytes = sineWav({ sampleRate: 8000, channels: 1, seconds: 0.5, amp: 0.4 });
    const { recording } = await ingest.ingestFile(writeFile(env.spoolDir, 'w.wav', bytes));
    expect(recording).toMatchObject({ state: 'committed', codec: 'pcm_s16le', durationMs: 500, sizeBytes: bytes.length });
    const audio = await new RecordingQueryService(env.deps).openAudio(recording.publicId, { start: 0, end: 3 });
    expect(audio.contentType).toBe('audio/wav');
    const chunks: Buffer[] = [];
    for await (const c of audio.stream as AsyncIterable<Buffer>) chunks.push(c);
    expect(Buffer.concat(chunks).toString('latin1')).toBe('RIFF');
  });

  it('exports an MP3 copy for download from the stored Opus', async () => {
    const env = await ingestEnv(get());
    const { recording } = await new RecordingIngestService(env.deps).ingestFile(writeFile(env.spoolDir, 'm.wav', sineWav({ sampleRate: 8000, channels: 1, seconds: 2, amp: 0.33 })));
    const chunks: Buffer[] = [];
    for await (const c of (await new RecordingQueryService(env.deps).exportMp3(recording.publicId)) as AsyncIterable<Buffer>) chunks.push(c);
    const mp3 = writeFile(tempDir(), 'x.mp3', Buffer.concat(chunks));
    const p = probe(mp3);
    expect(p.codec).toBe('mp3');
    expect(Math.abs(p.durationMs - 2000)).toBeLessThan(150);
    await expect(new RecordingQueryService({ ...env.deps, ffmpegPath: null }).exportMp3(recording.publicId)).rejects.toMatchObject({ code: 'capability_missing' });
  });

  it('scans a backlog found at start with progress; skips files still being written', async () => {
    let t = Date.now() + 60_000;
    const env = await ingestEnv(get(), { clock: () => new Date(t), resolveLink: async (rel) => ({ callKey: `pbx1:${rel.replace(/\.wav$/, '')}` }) });
    for (let i = 0; i < 3; i += 1) writeFile(env.spoolDir, `17958${i}.1.wav`, sineWav({ sampleRate: 8000, channels: 1, seconds: 0.5, amp: 0.1 + i / 10 }));
    writeFile(env.spoolDir, '1795829513.2.wav', sineWav({ sampleRate: 8000, channels: 1, seconds: 0 }));
    writeFile(env.spoolDir, 'notes.txt', Buffer.from('ignored'));
    const seen: BacklogProgress[] = [];
    t = Date.now() - 60_000; // every file is "just written": nothing settled
    expect((await new RecordingIngestService(env.deps).scanBacklog((p) => seen.push(p))).total).toBe(0);
    t = Date.now() + 60_000;
    const result = await new RecordingIngestService(env.deps).scanBacklog((p) => seen.push(p));
    expect(result).toMatchObject({ total: 4, done: 4, committed: 3, failed: 1, duplicates: 0, errors: 0, current: null });
    expect(seen.filter((p) => p.total === 4).map((p) => p.done)).toEqual([0, 1, 2, 3, 4]);
    const views = await new RecordingQueryService(env.deps).listByCall('pbx1:1795829513.2');
    expect(views).toHaveLength(1);
    expect(views[0]?.failReason).toMatch(/^no_audio/);
    expect(readdirSync(env.spoolDir)).toEqual(['notes.txt']);
    expect((await new RecordingIngestService(env.deps).scanBacklog()).total).toBe(0);
  });
});
