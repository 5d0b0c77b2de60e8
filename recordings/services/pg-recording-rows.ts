import pg from 'pg';
import { ZariError, type Logger, type PgConnection } from '../../kernel/index.js';
import type { RecordingState } from '../domain/recording.js';
import type { RecordingRow } from './map-recording.js';
import { allColumnsListed, rowColumns, rowEntries, type Advance, type NewRow, type Opened, type RecordingRows, type RowData } from './recording-rows.js';

/**
 * The PostgreSQL path of the ingest's row writes: node-postgres named prepared statements on a small
 * pool of the ingest's own (2 connections), no Prisma on the way (ADR 0005 addendum: in the ingest ≈0.9 ms
 * of zari's CPU per statement through Prisma's raw queries and its adapter, against ≈0.15–0.25 ms here; the
 * server parses each statement once per connection). The pool connects exactly as the main database
 * (`Database.pgConnection`: the URL without `?schema=`, `search_path` set to the schema), so the
 * statements resolve to the same tables as model queries.
 *
 * Same statements as the Prisma model path: conditional `UPDATE … WHERE id AND state`, the unique
 * sha256 as the duplicate check (SQLSTATE 23505). Opening a file's row is one statement: the newest
 * unfinished row of the source, or — when there is none — a new one inserted and returned whole.
 * Columns are `TIMESTAMP(3)` (without time zone) holding UTC, as Prisma writes and reads them: dates go
 * out as ISO strings in UTC (a zone in the input is ignored by a `timestamp` column, honoured by a
 * `timestamptz` one) and come back parsed as UTC, whatever the process or session time zone. Column
 * names come from the fixed lists in recording-rows.ts; values are always parameters.
 */

/** every column of the model, in a fixed order (a compile error below if the model gains one not listed) */
const allColumns = ['id', 'publicId', 'state', 'createdAt', 'updatedAt', ...rowColumns] as const;
type Listed = (typeof allColumns)[number];
const everyColumnListed: Exclude<keyof RecordingRow, Listed> extends never ? true : false = true;
const selectList = allColumns.map((c) => `"${c}"`).join(', ');

const TIMESTAMP = 1114;
/** `timestamp` text ("2026-11-28 10:11:12.345") as UTC, as Prisma reads it; other types as node-postgres does */
const parseUtc = (text: string): Date => new Date(`${text.replace(' ', 'T')}Z`);
const getTypeParser = (oid: number, format?: 'text' | 'binary'): unknown =>
  oid === TIMESTAMP && format !== 'binary' ? parseUtc : (pg.types.getTypeParser(oid, format) as unknown);
const types = { getTypeParser } as unknown as pg.CustomTypesConfig;

type Param = string | number | boolean | null;

function param(v: unknown): Param {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  throw new ZariError('internal', 'unsupported recording column value');
}

const isUniqueViolation = (e: unknown): boolean => e instanceof Error && (e as { code?: unknown }).code === '23505';

const OPEN = `"sourcePath" = $1 AND "state" NOT IN ('committed', 'failed') ORDER BY "id" DESC LIMIT 1`;
const findOpenStatement: pg.QueryConfig<[string]> = { name: 'zari_rec_find_open', text: `SELECT ${selectList} FROM "Recording" WHERE ${OPEN}` };
const openText = `WITH "open" AS (SELECT ${selectList} FROM "Recording" WHERE ${OPEN}),
  "created" AS (
    INSERT INTO "Recording" ("sourcePath", "publicId", "state", "callKey", "interactionId", "clientId", "createdAt", "updatedAt")
    SELECT $1::text, $2::text, $3::text, $4::text, $5::integer, $6::integer, $7::timestamp(3), $7::timestamp(3)
    WHERE NOT EXISTS (SELECT 1 FROM "open")
    RETURNING ${selectList})
  SELECT true AS "fresh", * FROM "created" UNION ALL SELECT false, * FROM "open"`;

export interface PgRowsOptions {
  /** connections of the ingest's own pool (default 2) */
  readonly max?: number;
  /** an idle connection is closed after this long (default 60 s); its statements are prepared again on the next */
  readonly idleTimeoutMillis?: number;
}

export class PgRecordingRows implements RecordingRows {
  private readonly pool: pg.Pool;
  /** UPDATE statements by their column list (a handful of shapes per process), each with its own name */
  private readonly updates = new Map<string, { readonly name: string; readonly text: string }>();
  private closed: Promise<void> | null = null;

  constructor(connection: PgConnection, log: Logger, options: PgRowsOptions = {}) {
    void allColumnsListed;
    void everyColumnListed;
    this.pool = new pg.Pool({
      connectionString: connection.connectionString, options: connection.options, types,
      max: options.max ?? 2, idleTimeoutMillis: options.idleTimeoutMillis ?? 60_000,
      // idle connections keep no event-loop reference (as the ffmpeg shells): a process may end without close()
      allowExitOnIdle: true,
    });
    // a connection that dies while idle (server restart) is dropped by the pool; the next statement opens another
    this.pool.on('error', (err) => log.warn({ err }, 'recording rows: idle PostgreSQL connection lost'));
  }

  async findOpen(sourcePath: string): Promise<RecordingRow | null> {
    const { rows } = await this.pool.query<RecordingRow, [string]>({ ...findOpenStatement, values: [sourcePath] });
    return rows[0] ?? null;
  }

  /** one statement: the newest unfinished row of the source, else a new one, returned whole either way */
  async open(row: NewRow): Promise<Opened> {
    const { callKey = null, interactionId = null, clientId = null } = row.data;
    const now = new Date().toISOString();
    const { rows } = await this.pool.query<RecordingRow & { fresh: boolean }>({
      name: 'zari_rec_open', text: openText, values: [row.sourcePath, row.publicId, row.state, callKey, interactionId, clientId, now],
    });
    const first = rows[0];
    if (!first) throw new ZariError('internal', 'recording row not inserted');
    const { fresh, ...found } = first;
    return { row: found, fresh };
  }

  async create(row: NewRow): Promise<RecordingRow> {
    const { callKey = null, interactionId = null, clientId = null } = row.data;
    const now = new Date().toISOString();
    const { rows } = await this.pool.query<RecordingRow>({
      name: 'zari_rec_create',
      text: `INSERT INTO "Recording" ("sourcePath", "publicId", "state", "callKey", "interactionId", "clientId", "createdAt", "updatedAt")
        VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ${selectList}`,
      values: [row.sourcePath, row.publicId, row.state, callKey, interactionId, clientId, now],
    });
    const inserted = rows[0];
    if (!inserted) throw new ZariError('internal', 'recording row not inserted');
    return inserted;
  }

  async advance(id: number, from: RecordingState, to: RecordingState, data: RowData): Promise<Advance> {
    try {
      return (await this.write(data, true, [to], [id, from])) === 1 ? 'ok' : 'stale';
    } catch (e) {
      if (isUniqueViolation(e)) return 'duplicate';
      throw e;
    }
  }

  async update(id: number, data: RowData): Promise<void> {
    if ((await this.write(data, false, [], [id])) !== 1) throw new ZariError('not_found', `recording ${id} not found`);
  }

  /** ends the pool (after the statements in flight); idempotent */
  close(): Promise<void> {
    this.closed ??= this.pool.end();
    return this.closed;
  }

  /** `UPDATE … SET [state,] <data columns>, updatedAt WHERE id [AND state]`; returns the changed row count. */
  private async write(data: RowData, withState: boolean, head: Param[], where: Param[]): Promise<number> {
    const entries = rowEntries(data);
    const keys = entries.map(([k]) => k);
    const shape = `${withState ? 's' : ''}:${keys.join(',')}`;
    let statement = this.updates.get(shape);
    if (!statement) {
      statement = { name: `zari_rec_u${this.updates.size}`, text: updateText(withState, keys) };
      this.updates.set(shape, statement);
    }
    const values = [...head, ...entries.map(([, v]) => param(v)), new Date().toISOString(), ...where];
    // node-postgres parses a name once per connection, then only binds and executes it
    const res = await this.pool.query({ ...statement, values });
    return res.rowCount ?? 0;
  }
}

function updateText(withState: boolean, keys: readonly string[]): string {
  const cols = [...(withState ? ['state'] : []), ...keys, 'updatedAt'];
  const set = cols.map((k, i) => `"${k}" = $${i + 1}`).join(', ');
  const n = cols.length;
  return `UPDATE "Recording" SET ${set} WHERE "id" = $${n + 1}${withState ? ` AND "state" = $${n + 2}` : ''}`;
}
