import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createLocalDiskStore } from '../../recordings/index.js';
import { tempDir } from './helpers/fixtures.js';

async function read(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

describe('LocalDiskStore (RecordingStore contract)', () => {
  it('puts content-addressed, atomically; the same bytes twice are one object', async () => {
    const store = await createLocalDiskStore(tempDir());
    const a = store.stagingPath('opus');
    writeFileSync(a, 'hello opus');
    const put = await store.put(a, 'opus');
    expect(put.storageKey).toBe(`${put.sha256}.opus`);
    expect(put.sizeBytes).toBe(10);
    const b = store.stagingPath('opus');
    writeFileSync(b, 'hello opus');
    expect((await store.put(b, 'opus')).storageKey).toBe(put.storageKey);
    expect(await store.usage()).toEqual({ objects: 1, bytes: 10 });
    expect(await store.sweepStaging(0)).toBe(0); // staged files were consumed
  });

  it('opens byte ranges (inclusive end) and refuses unsatisfiable ones', async () => {
    const store = await createLocalDiskStore(tempDir());
    const f = store.stagingPath('opus');
    writeFileSync(f, '0123456789');
    const { storageKey } = await store.put(f, 'opus');
    const whole = await store.open(storageKey);
    expect(whole).toMatchObject({ sizeBytes: 10, contentType: 'audio/ogg', range: { start: 0, end: 9 } });
    expect(await read(whole.stream)).toBe('0123456789');
    expect(await read((await store.open(storageKey, { start: 2, end: 4 })).stream)).toBe('234');
    expect(await read((await store.open(storageKey, { start: 7 })).stream)).toBe('789');
    await expect(store.open(storageKey, { start: 10 })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('rejects keys that are not content addresses (no path traversal)', async () => {
    const store = await createLocalDiskStore(tempDir());
    await expect(store.open('../../etc/passwd')).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(store.open(`${'a'.repeat(64)}.opus`)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('deletes (missing → false) and sweeps stale staged files left by a crash', async () => {
    const store = await createLocalDiskStore(tempDir());
    const f = store.stagingPath('opus');
    writeFileSync(f, 'x');
    const { storageKey } = await store.put(f, 'opus');
    expect(await store.delete(storageKey)).toBe(true);
    expect(await store.delete(storageKey)).toBe(false);
    expect(await store.stat(storageKey)).toBeNull();
    const old = path.join(store.stagingDir, 'old.opus');
    writeFileSync(old, 'partial');
    utimesSync(old, new Date(Date.now() - 7_200_000), new Date(Date.now() - 7_200_000));
    writeFileSync(store.stagingPath('opus'), 'in progress');
    expect(await store.sweepStaging(3_600_000)).toBe(1);
  });
});
