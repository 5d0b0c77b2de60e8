import BetterSqlite3 from 'better-sqlite3';
import { ZariError, type Db } from '../../kernel/index.js';
import type { RecordingState } from '../domain/recording.js';
import type { RecordingRow } from './map-recording.js';
import {
  PrismaRecordingRows, allColumnsListed, findOpenOrCreate, insertedRow, rowEntries, type Advance, type NewRow, type Opened, type RecordingRows, type RowData,
} from './recording-rows.js';

/**
 * The SQLite fast path of the ingest's row writes: prepared statements on a connection of its own
 * instead of Prisma queries (≈0.5–1 ms of CPU each here against tens of µs; ADR 0004, ADR 0005
 * addendum). Same rows, same conditional updates; dates in the format Prisma's SQLite adapter writes
 * ("2026-11-28T10:00:00.000+00:00"), booleans as 0/1, so either path reads the other's rows. A row
 * found unfinished (a resume, rare) is read through Prisma, which maps every column.
 *
 * No busy wait: this connection never waits for a lock (busy_timeout 0), because the holder may be a
 * Prisma transaction of this very process waiting for the event loop that a synchronous wait would
 * block. A locked database sends the statement through Prisma instead, which queues asynchronously.
 */
const prismaDate = (d: Date): string => d.toISOString().replace('Z', '+00:00');

type Cell = string | number | null;

function cell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return prismaDate(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || typeof v === 'string') return v;
  throw new ZariError('internal', 'unsupported recording column value');
}

/** better-sqlite3's error code (by shape, not `instanceof`: the addon's error class is per module instance) */
const sqliteCode = (e: unknown): string => {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : '';
};
const isUniqueViolation = (e: unknown): boolean => sqliteCode(e) === 'SQLITE_CONSTRAINT_UNIQUE';
const isBusy = (e: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(e));

export class SqliteRecordingRows implements RecordingRows {
  private readonly db: BetterSqlite3.Database;
  private readonly findOpenStmt: BetterSqlite3.Statement<[string], { id: number }>;
  private readonly insertStmt: BetterSqlite3.Statement<Cell[], { id: number }>;
  /** UPDATE statements by their column list (a handful of shapes per process) */
  private readonly updates = new Map<string, BetterSqlite3.Statement<Cell[]>>();
  /** the same operations through Prisma, when this connection finds the database locked */
  private readonly locked: PrismaRecordingRows;

  constructor(file: string, private readonly prisma: Db) {
    void allColumnsListed;
    this.locked = new PrismaRecordingRows(prisma);
    this.db = new BetterSqlite3(file, { fileMustExist: true, timeout: 0 });
    this.findOpenStmt = this.db.prepare(`SELECT "id" FROM "Recording" WHERE "sourcePath" = ? AND "state" NOT IN ('committed', 'failed') ORDER BY "id" DESC LIMIT 1`);
    this.insertStmt = this.db.prepare(`INSERT INTO "Recording" ("publicId", "sourcePath", "state", "callKey", "interactionId", "clientId", "createdAt", "updatedAt")
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING "id"`);
  }

  async findOpen(sourcePath: string): Promise<RecordingRow | null> {
    let hit: { id: number } | undefined;
    try {
      hit = this.findOpenStmt.get(sourcePath);
    } catch (e) {
      if (isBusy(e)) return this.locked.findOpen(sourcePath);
      throw e;
    }
    return hit ? this.prisma.recording.findUnique({ where: { id: hit.id } }) : null;
  }

  async create(row: NewRow): Promise<RecordingRow> {
    const now = new Date();
    const { callKey = null, interactionId = null, clientId = null } = row.data;
    const at = prismaDate(now);
    let inserted: { id: number } | undefined;
    try {
      inserted = this.insertStmt.get(row.publicId, row.sourcePath, row.state, callKey, interactionId, clientId, at, at);
    } catch (e) {
      if (isBusy(e)) return this.locked.create(row);
      throw e;
    }
    if (!inserted) throw new ZariError('internal', 'recording row not inserted');
    return insertedRow(inserted.id, row, now);
  }

  open(row: NewRow): Promise<Opened> {
    return findOpenOrCreate(this, row);
  }

  async advance(id: number, from: RecordingState, to: RecordingState, data: RowData): Promise<Advance> {
    try {
      return this.write(data, true, [to], [id, from]) === 1 ? 'ok' : 'stale';
    } catch (e) {
      if (isUniqueViolation(e)) return 'duplicate';
      if (isBusy(e)) return this.locked.advance(id, from, to, data);
      throw e;
    }
  }

  async update(id: number, data: RowData): Promise<void> {
    let changed: number;
    try {
      changed = this.write(data, false, [], [id]);
    } catch (e) {
      if (isBusy(e)) return this.locked.update(id, data);
      throw e;
    }
    if (changed !== 1) throw new ZariError('not_found', `recording ${id} not found`);
  }

  /** `UPDATE … SET [state,] <data columns>, updatedAt WHERE id [AND state]`; returns the changed row count. */
  private write(data: RowData, withState: boolean, head: Cell[], where: Cell[]): number {
    const entries = rowEntries(data);
    const keys = entries.map(([k]) => k);
    const shape = `${String(withState)}:${keys.join(',')}`;
    let stmt = this.updates.get(shape);
    if (!stmt) {
      const set = [...(withState ? ['"state" = ?'] : []), ...keys.map((k) => `"${k}" = ?`), '"updatedAt" = ?'].join(', ');
      stmt = this.db.prepare<Cell[]>(`UPDATE "Recording" SET ${set} WHERE "id" = ?${withState ? ' AND "state" = ?' : ''}`);
      this.updates.set(shape, stmt);
    }
    const values = entries.map(([, v]) => cell(v));
    return stmt.run(...head, ...values, prismaDate(new Date()), ...where).changes;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
