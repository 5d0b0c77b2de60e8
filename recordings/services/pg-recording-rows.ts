import { ZariError, type Db } from '../../kernel/index.js';
import type { RecordingState } from '../domain/recording.js';
import type { RecordingRow } from './map-recording.js';
import { allColumnsListed, insertedRow, rowEntries, type Advance, type NewRow, type RecordingRows, type RowData } from './recording-rows.js';

/**
 * The PostgreSQL path of the ingest's row writes: raw parameterised SQL through Prisma's connection
 * ($queryRawUnsafe / $executeRawUnsafe skip the query compiler: ≈0.25 ms of CPU per statement here
 * against ≈0.8–1 ms for a model query; ADR 0005 addendum). Same statements as the Prisma model path:
 * conditional `UPDATE … WHERE id AND state`, the unique sha256 as the duplicate check. Column names
 * come from the fixed list in recording-rows.ts, values are always parameters. The schema is the
 * connection's search_path (kernel/db/database.ts), as for model queries.
 */
/** A unique violation: P2002 from model queries; from raw ones P2010 with the driver's cause (PostgreSQL 23505). */
const isUniqueViolation = (e: unknown): boolean => {
  if (typeof e !== 'object' || e === null) return false;
  const { code, meta } = e as { code?: unknown; meta?: { code?: unknown; driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } } };
  const cause = meta?.driverAdapterError?.cause;
  return code === 'P2002' || (code === 'P2010' && (meta?.code === '23505' || cause?.kind === 'UniqueConstraintViolation' || cause?.originalCode === '23505'));
};

export class PgRecordingRows implements RecordingRows {
  constructor(private readonly db: Db) {
    void allColumnsListed;
  }

  async findOpen(sourcePath: string): Promise<RecordingRow | null> {
    const hit = await this.db.$queryRawUnsafe<{ id: number }[]>(
      `SELECT "id" FROM "Recording" WHERE "sourcePath" = $1 AND "state" NOT IN ('committed', 'failed') ORDER BY "id" DESC LIMIT 1`, sourcePath);
    const id = hit[0]?.id;
    return id === undefined ? null : this.db.recording.findUnique({ where: { id } });
  }

  async create(row: NewRow): Promise<RecordingRow> {
    const now = new Date();
    const { callKey = null, interactionId = null, clientId = null } = row.data;
    const inserted = await this.db.$queryRawUnsafe<{ id: number }[]>(
      `INSERT INTO "Recording" ("publicId", "sourcePath", "state", "callKey", "interactionId", "clientId", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING "id"`, row.publicId, row.sourcePath, row.state, callKey, interactionId, clientId, now);
    const id = inserted[0]?.id;
    if (id === undefined) throw new ZariError('internal', 'recording row not inserted');
    return insertedRow(id, row, now);
  }

  async advance(id: number, from: RecordingState, to: RecordingState, data: RowData): Promise<Advance> {
    try {
      return (await this.write(data, [['state', to]], [id, from])) === 1 ? 'ok' : 'stale';
    } catch (e) {
      if (isUniqueViolation(e)) return 'duplicate';
      throw e;
    }
  }

  async update(id: number, data: RowData): Promise<void> {
    if ((await this.write(data, [], [id])) !== 1) throw new ZariError('not_found', `recording ${id} not found`);
  }

  close(): void {}

  /** `UPDATE … SET [state,] <data columns>, updatedAt WHERE id [AND state]`; returns the changed row count. */
  private write(data: RowData, head: [string, unknown][], where: [number] | [number, RecordingState]): Promise<number> {
    const set = [...head, ...rowEntries(data), ['updatedAt', new Date()] as [string, unknown]];
    const assignments = set.map(([k], i) => `"${k}" = $${i + 1}`).join(', ');
    const n = set.length;
    const condition = where.length === 2 ? `"id" = $${n + 1} AND "state" = $${n + 2}` : `"id" = $${n + 1}`;
    return this.db.$executeRawUnsafe(`UPDATE "Recording" SET ${assignments} WHERE ${condition}`, ...set.map(([, v]) => v), ...where);
  }
}
