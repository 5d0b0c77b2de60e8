import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IngestStage } from '../../recordings/index.js';
import { describeEachDb } from '../helpers/db.js';
import { ASTERISK_WAV, sineWav, tempDir } from './helpers/fixtures.js';

const CHILD = path.resolve('tests/recordings/helpers/ingest-child.ts');

interface Run { code: number | null; signal: NodeJS.Signals | null; out: string }

/** Runs the child; with PAUSE_AT, SIGKILLs it as soon as it prints the pause marker. */
function runChild(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    // node itself (not the tsx wrapper, whose SIGKILL would orphan the real process)
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const guard = setTimeout(() => child.kill('SIGKILL'), 25_000);
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('PAUSED ')) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
    child.on('error', reject);
    child.on('close', (code, signal) => (clearTimeout(guard), code !== 0 && !signal ? reject(new Error(`child failed: ${err}`)) : resolve({ code, signal, out })));
  });
}

const objectsIn = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : []);

describeEachDb('recording ingest killed mid-way resumes after restart', (get) => {
  const cases: [IngestStage, Buffer][] = [
    ['transcoded', readFileSync(ASTERISK_WAV)],
    ['stored', sineWav({ sampleRate: 8000, channels: 1, seconds: 1, amp: 0.61 })],
    ['committed', sineWav({ sampleRate: 8000, channels: 1, seconds: 1, amp: 0.62 })],
    ['hashed', sineWav({ sampleRate: 16000, channels: 1, seconds: 1, amp: 0.63 })],
  ];

  it.each(cases)('SIGKILL right after "%s": exactly one committed recording, source handled once', async (stage, bytes) => {
    const root = tempDir();
    const dirs = { SPOOL: path.join(root, 'spool'), ARCHIVE: path.join(root, 'archive'), ZARI_DATA_DIR: path.join(root, 'data') };
    mkdirSync(dirs.SPOOL);
    const src = path.join(dirs.SPOOL, `${stage}.wav`);
    if (stage === 'transcoded') copyFileSync(ASTERISK_WAV, src);
    else writeFileSync(src, bytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    // the children in a time zone that is not UTC: rows they write must read back as UTC instants here
    const base = { ...dirs, DATABASE_URL: get().url, CALL_KEY: `pbx1:${stage}`, TZ: 'America/St_Johns' };
    const t0 = Date.now();

    const killed = await runChild({ ...base, MODE: 'file', FILE: src, PAUSE_AT: stage });
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.out).toContain(`PAUSED ${stage}`);
    const before = await get().prisma.recording.findMany({ where: { callKey: `pbx1:${stage}` } });
    expect(before).toHaveLength(1);
    expect(before[0]?.state).toBe(stage === 'committed' ? 'committed' : stage === 'stored' ? 'stored' : 'transcoding');
    expect(existsSync(src)).toBe(true); // never removed before commit

    const restart = await runChild({ ...base, MODE: 'scan' });
    expect(restart.code).toBe(0);
    const rows = await get().prisma.recording.findMany({ where: { OR: [{ callKey: `pbx1:${stage}` }, { sourceSha256: sha }] } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'committed', sourceSha256: sha, sourceState: 'archived', publicId: before[0]?.publicId, codec: 'opus' });
    expect(existsSync(src)).toBe(false);
    expect(readdirSync(dirs.ARCHIVE)).toEqual([`${stage}.wav`]);
    expect(objectsIn(path.join(dirs.ZARI_DATA_DIR, 'recordings', 'objects'))).toEqual([rows[0]?.storageKey]);
    expect(objectsIn(path.join(dirs.ZARI_DATA_DIR, 'recordings', 'staging'))).toEqual([]);
    const row = rows[0];
    for (const at of [row?.createdAt, row?.updatedAt, row?.committedAt]) {
      expect(at?.getTime()).toBeGreaterThanOrEqual(t0 - 1000);
      expect(at?.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
    expect(row?.expiresAt?.getTime()).toBe((row?.committedAt?.getTime() ?? 0) + 30 * 86_400_000);

    const again = await runChild({ ...base, MODE: 'scan' });
    expect(again.out).toContain('"total":0');
  });

  it('a child in a time zone other than UTC reads and writes the instants Prisma reads here', async () => {
    const root = tempDir();
    const dirs = { SPOOL: path.join(root, 'spool'), ARCHIVE: path.join(root, 'archive'), ZARI_DATA_DIR: path.join(root, 'data') };
    mkdirSync(dirs.SPOOL);
    const src = path.join(dirs.SPOOL, 'tz.wav');
    writeFileSync(src, sineWav({ sampleRate: 8000, channels: 1, seconds: 1, amp: 0.64 }));
    const run = await runChild({ ...dirs, DATABASE_URL: get().url, CALL_KEY: 'pbx1:tz', TZ: 'America/St_Johns', MODE: 'file', FILE: src });
    const result = JSON.parse(run.out.split('RESULT ')[1] ?? 'null') as { recording: { publicId: string; createdAt: string; expiresAt: string } };
    const row = await get().prisma.recording.findUniqueOrThrow({ where: { publicId: result.recording.publicId } });
    // createdAt: as the child read it back from its own INSERT; expiresAt: as it wrote it
    expect(new Date(result.recording.createdAt)).toEqual(row.createdAt);
    expect(new Date(result.recording.expiresAt)).toEqual(row.expiresAt);
  });
});
