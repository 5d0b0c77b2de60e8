import type { Readable } from 'node:stream';

/**
 * Where recording audio lives. Content-addressed: the key is derived from the bytes, so putting
 * the same file twice yields the same key and one stored object. Keys are opaque to callers and
 * never exposed in URLs (recordings are addressed by their random publicId).
 *
 * Contract:
 * - `put` MUST be atomic: after it resolves the object is complete and durable; a crash before
 *   leaves no partial object under any key (at most a temp file in `stagingDir`).
 * - `put` MUST consume the staged file (move or delete it).
 * - `open` MUST honour byte ranges (inclusive `end`, as HTTP Range) for streaming.
 * - `delete` of a missing key resolves false, never throws.
 * Drivers: local disk (default, under ZARI_DATA_DIR); an S3-compatible store can implement the same.
 */
export interface ByteRange {
  readonly start: number;
  /** inclusive; absent = to the end */
  readonly end?: number;
}

export interface StoredObject {
  readonly storageKey: string;
  readonly sizeBytes: number;
  readonly sha256: string;
}

export interface OpenedObject {
  readonly stream: Readable;
  /** total size of the object */
  readonly sizeBytes: number;
  readonly contentType: string;
  readonly range: { readonly start: number; readonly end: number };
}

export interface StoreUsage {
  readonly objects: number;
  readonly bytes: number;
}

export interface RecordingStore {
  readonly kind: string;
  /** a local directory for producers (ffmpeg) to write files to be `put`; same volume as the store if local */
  readonly stagingDir: string;
  /** a fresh file path inside stagingDir */
  stagingPath(ext: string): string;
  /** moves a staged file into the store */
  put(stagedFile: string, ext: string): Promise<StoredObject>;
  open(storageKey: string, range?: ByteRange): Promise<OpenedObject>;
  stat(storageKey: string): Promise<{ sizeBytes: number } | null>;
  delete(storageKey: string): Promise<boolean>;
  usage(): Promise<StoreUsage>;
  /** removes staged files older than `olderThanMs` (left by a crash); returns how many */
  sweepStaging(olderThanMs: number): Promise<number>;
}
