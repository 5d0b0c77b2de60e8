import { copyFile, mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ZariError } from '../../kernel/index.js';
import type { SourceState } from '../domain/recording.js';

/**
 * The PBX's spool directory: relative source paths, the backlog listing, and what happens to a
 * source once its recording is terminal (archived when an archive dir is set, removed otherwise).
 */

/** A source path relative to the spool dir; refuses anything outside it. */
export function relativeSource(spoolDir: string, file: string): string {
  const abs = path.resolve(spoolDir, file);
  const rel = path.relative(path.resolve(spoolDir), abs);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new ZariError('validation_failed', 'the recording is not inside the recording spool directory');
  }
  return rel.split(path.sep).join('/');
}

export interface SpoolEntry {
  readonly relPath: string;
  readonly mtimeMs: number;
}

const AUDIO = /\.wav$/i;

/** WAV files under the spool dir (recursively), oldest first, skipping `exclude` (the archive dir). */
export async function listSpool(spoolDir: string, exclude: string | null): Promise<SpoolEntry[]> {
  const root = path.resolve(spoolDir);
  const skip = exclude ? path.resolve(exclude) : null;
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const out: SpoolEntry[] = [];
  for (const e of entries) {
    if (!e.isFile() || !AUDIO.test(e.name)) continue;
    const abs = path.join(e.parentPath, e.name);
    if (skip && (abs === skip || abs.startsWith(skip + path.sep))) continue;
    const st = await stat(abs).catch(() => null);
    if (st) out.push({ relPath: path.relative(root, abs).split(path.sep).join('/'), mtimeMs: st.mtimeMs });
  }
  return out.sort((a, b) => a.mtimeMs - b.mtimeMs || a.relPath.localeCompare(b.relPath));
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}

async function freeName(target: string): Promise<string> {
  if (!(await exists(target))) return target;
  const { dir, name, ext } = path.parse(target);
  for (let i = 1; ; i += 1) {
    const candidate = path.join(dir, `${name}.${i}${ext}`);
    if (!(await exists(candidate))) return candidate;
  }
}

/** Archives (move; copy+unlink across volumes) or removes a source. Missing → 'missing'. */
export async function releaseSource(spoolDir: string, archiveDir: string | null, relPath: string): Promise<SourceState> {
  const src = path.join(spoolDir, relPath);
  if (!(await exists(src))) return 'missing';
  if (!archiveDir) {
    await unlink(src);
    return 'removed';
  }
  const target = await freeName(path.join(archiveDir, relPath));
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await rename(src, target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await copyFile(src, target);
    await unlink(src);
  }
  return 'archived';
}
