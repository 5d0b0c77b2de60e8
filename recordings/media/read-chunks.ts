import { open } from 'node:fs/promises';

/**
 * Reads files in order through reused buffers (the ingest reads every source and every output once:
 * a fresh buffer per chunk made the GC the largest per-file cost after Prisma; ADR 0005 addendum).
 * One reader per owner (the ingest service, a store); concurrent reads take separate buffers.
 */
export class ChunkReader {
  private readonly spare: Buffer[] = [];

  constructor(private readonly chunkBytes = 256 * 1024, private readonly keep = 2) {}

  /** Feeds the file to `sink` chunk by chunk (a chunk is valid only during the call); returns the bytes read. */
  async read(file: string, sink: (chunk: Buffer, pos: number) => void): Promise<number> {
    const handle = await open(file, 'r');
    const buf = this.spare.pop() ?? Buffer.allocUnsafe(this.chunkBytes);
    try {
      let pos = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) return pos;
        sink(buf.subarray(0, bytesRead), pos);
        pos += bytesRead;
      }
    } finally {
      if (this.spare.length < this.keep) this.spare.push(buf);
      await handle.close();
    }
  }
}
