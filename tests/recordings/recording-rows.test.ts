import { silentLogger } from '../../kernel/index.js';
import { newPublicId } from '../../recordings/index.js';
import { PrismaRecordingRows, type RecordingRows } from '../../recordings/services/recording-rows.js';
import { PgRecordingRows } from '../../recordings/services/pg-recording-rows.js';
import { SqliteRecordingRows } from '../../recordings/services/sqlite-recording-rows.js';
import { describeEachDb, type TestDatabase } from '../helpers/db.js';

/** The ingest's row writes: one contract, run against Prisma model queries (both providers) and the prepared statements of SQLite and PostgreSQL. */
describeEachDb('recording rows', (get, provider) => {
  const impls: [string, (db: TestDatabase) => RecordingRows][] = [
    ['prisma', (db) => new PrismaRecordingRows(db.prisma)],
    provider === 'sqlite'
      ? ['sqlite prepared', (db) => new SqliteRecordingRows(db.sqlite?.name ?? '', db.prisma)]
      : ['postgresql prepared', (db) => {
        if (!db.pgConnection) throw new Error('no PostgreSQL connection');
        return new PgRecordingRows(db.pgConnection, silentLogger());
      }],
  ];

  describe.each(impls)('%s', (_name, make) => {
    let rows: RecordingRows;
    beforeAll(() => {
      rows = make(get());
    });
    afterAll(() => rows.close());

    it('opens the newest unfinished row of a source or creates one, in the same shape Prisma reads', async () => {
      const src = `o/${_name}.wav`;
      const a = await rows.open({ publicId: newPublicId(), sourcePath: src, state: 'hashing', data: { callKey: 'pbx1:o', interactionId: 7 } });
      expect(a.fresh).toBe(true);
      expect(await get().prisma.recording.findUniqueOrThrow({ where: { id: a.row.id } })).toEqual({ ...a.row, updatedAt: a.row.updatedAt });
      const at = new Date('2026-11-28T23:59:58.007Z');
      expect(await rows.advance(a.row.id, 'hashing', 'stored', { storageKey: 'k', sizeBytes: 12, committedAt: at, legalHold: true })).toBe('ok');
      const again = await rows.open({ publicId: newPublicId(), sourcePath: src, state: 'hashing', data: { callKey: 'other' } });
      expect(again.fresh).toBe(false);
      // the resumed row as it is stored, every column (a changed nothing of it)
      expect(again.row).toEqual(await get().prisma.recording.findUniqueOrThrow({ where: { id: a.row.id } }));
      expect(again.row).toMatchObject({ state: 'stored', callKey: 'pbx1:o', interactionId: 7, committedAt: at, legalHold: true });
      expect(await rows.findOpen(src)).toEqual(again.row);
      await rows.advance(a.row.id, 'stored', 'committed', {});
      const third = await rows.open({ publicId: newPublicId(), sourcePath: src, state: 'hashing', data: {} });
      expect(third.fresh).toBe(true);
      expect(third.row.id).not.toBe(a.row.id);
    });

    // (the same in a process whose time zone is not UTC: crash-resume.test.ts, whose children run in one)
    it('a row written through Prisma reads back the same here, and a date written here reads back the same through Prisma', async () => {
      const at = new Date('2026-11-28T01:02:03.456Z');
      const mine = await rows.create({ publicId: newPublicId(), sourcePath: `t/${_name}.wav`, state: 'hashing', data: {} });
      await rows.advance(mine.id, 'hashing', 'transcoding', { expiresAt: at });
      const viaPrisma = await get().prisma.recording.create({ data: { publicId: newPublicId(), sourcePath: `t/${_name}.wav`, state: 'transcoding', expiresAt: at, retentionDays: 3 } });
      expect((await get().prisma.recording.findUniqueOrThrow({ where: { id: mine.id } })).expiresAt).toEqual(at);
      const found = await rows.findOpen(`t/${_name}.wav`);
      expect(found).toEqual(viaPrisma);
    });

    it('creates a row Prisma reads back exactly as returned (defaults, dates, link)', async () => {
      const created = await rows.create({ publicId: newPublicId(), sourcePath: `a/${_name}.wav`, state: 'hashing', data: { callKey: 'pbx1:9.1', clientId: 3 } });
      const read = await get().prisma.recording.findUniqueOrThrow({ where: { id: created.id } });
      expect(read).toEqual({ ...created, updatedAt: read.updatedAt });
      expect(read).toMatchObject({ state: 'hashing', sourceState: 'pending', legalHold: false, callKey: 'pbx1:9.1', clientId: 3, interactionId: null, storageKey: null });
      expect(read.createdAt).toBeInstanceOf(Date);
      expect(Math.abs(read.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    });

    it('advances only from the state it was read in; dates and booleans round-trip', async () => {
      const r = await rows.create({ publicId: newPublicId(), sourcePath: `b/${_name}.wav`, state: 'hashing', data: {} });
      const at = new Date('2026-11-28T10:11:12.345Z');
      expect(await rows.advance(r.id, 'hashing', 'transcoding', { sourceSha256: `${_name}-sha-b`, durationMs: 5020, peaks: '[0.5]' })).toBe('ok');
      expect(await rows.advance(r.id, 'hashing', 'transcoding', {})).toBe('stale');
      expect(await rows.advance(r.id, 'transcoding', 'committed', { committedAt: at, expiresAt: null, legalHold: true })).toBe('ok');
      const read = await get().prisma.recording.findUniqueOrThrow({ where: { id: r.id } });
      expect(read).toMatchObject({ state: 'committed', sourceSha256: `${_name}-sha-b`, durationMs: 5020, peaks: '[0.5]', committedAt: at, expiresAt: null, legalHold: true });
      expect(read.updatedAt.getTime()).toBeGreaterThanOrEqual(r.updatedAt.getTime());
    });

    it('answers duplicate when the sha256 is taken, and leaves the row as it was', async () => {
      const first = await rows.create({ publicId: newPublicId(), sourcePath: `c/${_name}.wav`, state: 'hashing', data: {} });
      const second = await rows.create({ publicId: newPublicId(), sourcePath: `d/${_name}.wav`, state: 'hashing', data: {} });
      expect(await rows.advance(first.id, 'hashing', 'transcoding', { sourceSha256: `${_name}-sha-c` })).toBe('ok');
      expect(await rows.advance(second.id, 'hashing', 'transcoding', { sourceSha256: `${_name}-sha-c` })).toBe('duplicate');
      expect(await get().prisma.recording.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ state: 'hashing', sourceSha256: null });
    });

    it('finds the newest unfinished row of a source, none once it is terminal; update needs an existing row', async () => {
      const src = `e/${_name}.wav`;
      const old = await rows.create({ publicId: newPublicId(), sourcePath: src, state: 'hashing', data: {} });
      await rows.advance(old.id, 'hashing', 'failed', { failReason: 'not_wav: test' });
      const open = await rows.create({ publicId: newPublicId(), sourcePath: src, state: 'hashing', data: {} });
      expect((await rows.findOpen(src))?.id).toBe(open.id);
      await rows.update(open.id, { sourceState: 'removed', callKey: 'pbx1:e' });
      expect(await get().prisma.recording.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({ sourceState: 'removed', callKey: 'pbx1:e', state: 'hashing' });
      await rows.advance(open.id, 'hashing', 'failed', {});
      expect(await rows.findOpen(src)).toBeNull();
      await expect(rows.update(2_000_000_000, { sourceState: 'removed' })).rejects.toThrow();
    });
  });

  if (provider === 'sqlite') {
    it('sqlite prepared: a database locked by a Prisma transaction of this process is written through Prisma, after it, without blocking', async () => {
      const db = get();
      const rows = new SqliteRecordingRows(db.sqlite?.name ?? '', db.prisma);
      const r = await rows.create({ publicId: newPublicId(), sourcePath: 'f/locked.wav', state: 'hashing', data: {} });
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => { release = resolve; });
      let inTx: () => void = () => {};
      const locked = new Promise<void>((resolve) => { inTx = resolve; });
      const tx = db.prisma.$transaction(async (t) => {
        await t.recording.update({ where: { id: r.id }, data: { callKey: 'pbx1:tx' } });
        inTx();
        await gate;
      });
      await locked;
      let done = false;
      const advanced = rows.advance(r.id, 'hashing', 'transcoding', { sourceSha256: 'sha-locked' }).then((a) => ((done = true), a));
      await new Promise((resolve) => setImmediate(resolve));
      expect(done).toBe(false); // waiting for the transaction, and the event loop still runs
      release();
      await tx;
      expect(await advanced).toBe('ok');
      expect(await db.prisma.recording.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ state: 'transcoding', callKey: 'pbx1:tx', sourceSha256: 'sha-locked' });
      await rows.close();
    });
  }
});
