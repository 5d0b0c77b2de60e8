import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ZariError, notFound } from '../../kernel/index.js';
import { ChunkReader } from '../media/read-chunks.js';
import type { ByteRange, OpenedObject, RecordingStore, StoredObject, StoreUsage } from '../ports/recording-store.port.js';

/**
 * Content-addressed recordings on local disk: `<root>/objects/ab/cd/<sha256>.<ext>`, staged files in
 * `<root>/staging/` (same volume, so `put` is an atomic rename after an fsync).
 */
const KEY = /^([0-9a-f]{64})\.([a-z0-9]{1,8})$/;
const contentTypes: Record<string, string> = { opus: 'audio/ogg', ogg: 'audio/ogg', wav: 'audio/wav', mp3: 'audio/mpeg' };

async function sha256Of(file: string, reader: ChunkReader): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  const bytes = await reader.read(file, (chunk) => hash.update(chunk));
  return { sha256: hash.digest('hex'), bytes };
}

async function fsyncPath(p: string): Promise<void> {
  const h = await open(p, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

export class LocalDiskStore implements RecordingStore {
  readonly kind = 'local-disk';
  readonly stagingDir: string;
  private readonly objectsDir: string;
  private readonly reader = new ChunkReader();

  constructor(readonly root: string) {
    this.stagingDir = path.join(root, 'staging');
    this.objectsDir = path.join(root, 'objects');
  }

  async init(): Promise<this> {
    await mkdir(this.stagingDir, { recursive: true });
    await mkdir(this.objectsDir, { recursive: true });
    return this;
  }

  stagingPath(ext: string): string {
    return path.join(this.stagingDir, `${Date.now()}-${randomBytes(8).toString('hex')}.${ext}`);
  }

  private pathOf(storageKey: string): string {
    const m = KEY.exec(storageKey);
    if (!m?.[1]) throw new ZariError('validation_failed', 'invalid storage key');
    return path.join(this.objectsDir, m[1].slice(0, 2), m[1].slice(2, 4), storageKey);
  }

  async put(stagedFile: string, ext: string): Promise<StoredObject> {
    if (!/^[a-z0-9]{1,8}$/.test(ext)) throw new ZariError('validation_failed', 'invalid extension');
    const { sha256, bytes } = await sha256Of(stagedFile, this.reader);
    const storageKey = `${sha256}.${ext}`;
    const target = this.pathOf(storageKey);
    if (await stat(target).then((s) => s.size === bytes, () => false)) {
      await unlink(stagedFile);
      return { storageKey, sizeBytes: bytes, sha256 };
    }
    await fsyncPath(stagedFile);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(stagedFile, target);
    await fsyncPath(path.dirname(target));
    return { storageKey, sizeBytes: bytes, sha256 };
  }

  async open(storageKey: string, range?: ByteRange): Promise<OpenedObject> {
    const file = this.pathOf(storageKey);
    const st = await stat(file).catch(() => null);
    if (!st) throw notFound('recording audio');
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? st.size - 1, st.size - 1);
    if (start < 0 || start > end) throw new ZariError('validation_failed', `range ${start}-${String(range?.end)} not satisfiable`, { size: st.size });
    const ext = KEY.exec(storageKey)?.[2] ?? '';
    return {
      stream: createReadStream(file, { start, end }),
      sizeBytes: st.size,
      contentType: contentTypes[ext] ?? 'application/octet-stream',
      range: { start, end },
    };
  }

  async stat(storageKey: string): Promise<{ sizeBytes: number } | null> {
    const st = await stat(this.pathOf(storageKey)).catch(() => null);
    return st ? { sizeBytes: st.size } : null;
  }

  async delete(storageKey: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(storageKey));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  async usage(): Promise<StoreUsage> {
    let objects = 0;
    let bytes = 0;
    const entries = await readdir(this.objectsDir, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (!e.isFile() || !KEY.test(e.name)) continue;
      const st = await stat(path.join(e.parentPath, e.name)).catch(() => null);
      if (!st) continue;
      objects += 1;
      bytes += st.size;
    }
    return { objects, bytes };
  }

  async sweepStaging(olderThanMs: number): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.stagingDir).catch(() => [])) {
      const file = path.join(this.stagingDir, name);
      const st = await stat(file).catch(() => null);
      if (st && Date.now() - st.mtimeMs >= olderThanMs) {
        await rm(file, { force: true });
        removed += 1;
      }
    }
    return removed;
  }
}

/** The default store: `<dataDir>/recordings`. */
export function createLocalDiskStore(dataDir: string): Promise<LocalDiskStore> {
  return new LocalDiskStore(path.join(dataDir, 'recordings')).init();
}
