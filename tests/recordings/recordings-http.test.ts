import { dbProviders } from '../helpers/db.js';
import { rawGet, recordingsScene, type RecordingsScene } from './helpers/http-fixtures.js';

/**
 * Recordings over real HTTP: Range streaming (206/416, Accept-Ranges, no path in any header), metadata
 * with peaks, search filters and per-user visibility, QA scorecards and the review queue, legal hold,
 * the retention job (audio deleted, metadata kept) and the usage report.
 */
interface View { publicId: string; peaks: number[]; durationMs: number; hasAudio: boolean; audioDeletedAt: string | null; legalHold: boolean; audioUrl: string; scores: unknown[] | null }
interface Page { items: { publicId: string; call: { clientId: number } | null; lastScore: number | null }[]; total: number }

describe.each(dbProviders)('recordings over HTTP [%s]', (provider) => {
  let s: RecordingsScene;
  let full: Buffer;
  beforeAll(async () => {
    s = await recordingsScene(provider);
  }, 60_000);
  afterAll(async () => {
    await s.t.close();
  });

  it('streams the whole file with Accept-Ranges, and never a path or storage key in a header', async () => {
    const res = await rawGet(s.t.baseUrl, `/api/recordings/${s.recA}/audio`, { cookie: s.users.admin.cookie ?? '' });
    expect(res.status).toBe(200);
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['content-type']).toBe('audio/ogg');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.subarray(0, 4).toString('latin1')).toBe('OggS');
    full = res.body;
    const all = JSON.stringify(res.headers);
    expect(all).not.toContain(s.t.db.dataDir);
    expect(all).not.toMatch(/[0-9a-f]{64}|spool|objects|\.wav/);
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=100-', 100, -1],
    ['bytes=-50', -50, -1],
    ['bytes=10-99999999', 10, -1],
  ])('answers Range %s with 206 and the exact bytes', async (range, start, end) => {
    const res = await rawGet(s.t.baseUrl, `/api/recordings/${s.recA}/audio`, { cookie: s.users.admin.cookie ?? '', range });
    const size = full.length;
    const from = start < 0 ? size + start : start;
    const to = end < 0 ? size - 1 : end;
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes ${from}-${to}/${size}`);
    expect(res.body.equals(full.subarray(from, to + 1))).toBe(true);
  });

  it.each(['bytes=abc', 'bytes=5-1', 'items=0-1', 'bytes=0-1,3-4', 'bytes=-0', 'bytes=', 'bytes=-', 'bytes=99999999-', '0-10', 'bytes=1e3-'])(
    'refuses the malformed or unsatisfiable Range %j with 416', async (range) => {
      const res = await rawGet(s.t.baseUrl, `/api/recordings/${s.recA}/audio`, { cookie: s.users.admin.cookie ?? '', range });
      expect(res.status).toBe(416);
      expect(res.headers['content-range']).toBe(`bytes */${full.length}`);
      expect(JSON.parse(res.body.toString()) as unknown).toMatchObject({ error: { code: 'range_not_satisfiable' } });
    });

  it('gives metadata with waveform peaks and links, and an MP3 download', async () => {
    const res = await s.users.admin.get<View>(`/api/recordings/${s.recA}`);
    expect(res.status).toBe(200);
    expect(res.body.peaks.length).toBeGreaterThan(10);
    expect(res.body.durationMs).toBe(3000);
    expect(res.body.audioUrl).toBe(`/api/recordings/${s.recA}/audio`);
    expect(res.text).not.toMatch(/storageKey|sourcePath|spool/);
    const mp3 = await rawGet(s.t.baseUrl, `/api/recordings/${s.recA}/download?format=mp3`, { cookie: s.users.admin.cookie ?? '' });
    expect(mp3.status).toBe(200);
    expect(mp3.headers['content-type']).toBe('audio/mpeg');
    expect(mp3.headers['content-disposition']).toBe(`attachment; filename="recording-${s.recA}.mp3"`);
    expect(mp3.body.length).toBeGreaterThan(1000);
    // the participant may play but sees no QA scores
    expect((await s.users.participant.get<View>(`/api/recordings/${s.recA}`)).body.scores).toBeNull();
  });

  it('links the recording to its call: the call log and the client timeline show it', async () => {
    const call = await s.t.db.prisma.interaction.findUniqueOrThrow({ where: { callKey: 'asterisk:1001.1' } });
    expect(call.recordingId).toBe(s.recA);
    const rec = await s.t.db.prisma.recording.findUniqueOrThrow({ where: { publicId: s.recA } });
    expect(rec.interactionId).toBe(call.id);
    expect(rec.clientId).toBe(s.clientA);
  });

  it('searches by phone, client, tag, duration and date, showing each user only what they may play', async () => {
    const ids = async (client: typeof s.users.admin, q: string): Promise<string[]> => {
      const res = await client.get<Page>(`/api/recordings${q}`);
      expect(res.status).toBe(200);
      return res.body.items.map((i) => i.publicId).sort();
    };
    const admin = s.users.admin;
    expect(await ids(admin, '')).toEqual([s.recA, s.recB].sort());
    expect(await ids(admin, '?phone=322123')).toEqual([s.recA]);
    expect(await ids(admin, `?clientId=${s.clientB}`)).toEqual([s.recB]);
    expect(await ids(admin, '?tag=key-account')).toEqual([s.recA]);
    expect(await ids(admin, '?minDurationSec=3')).toEqual([s.recA]);
    expect(await ids(admin, '?maxDurationSec=2&outcome=answered')).toEqual([s.recB]);
    expect(await ids(admin, `?from=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`)).toEqual([]);
    expect(await ids(s.users.participant, '')).toEqual([s.recA]);
    expect(await ids(s.users.managerGranted, '')).toEqual([s.recA]);
    expect(await ids(s.users.managerPlain, '')).toEqual([]);
    expect(await ids(s.users.secretary, '')).toEqual([]);
    expect((await admin.get('/api/recordings?minDurationSec=-1')).status).toBe(400);
    expect((await admin.get('/api/recordings?phone=abc')).status).toBe(400);
  });

  it('scores with the configured criteria (weighted 0–100) and drains the review queue', async () => {
    const admin = s.users.admin;
    const queue = async (): Promise<string[]> => (await admin.get<Page>('/api/recordings/review-queue')).body.items.map((i) => i.publicId);
    const before = await queue();
    expect(before).toContain(s.recB);
    const criteria = { greeting: 100, identification: 100, needs: 50, solution: 40, closing: 0 };
    const res = await s.users.supervisor.post<{ score: number; comment: string }>(`/api/recordings/${s.recB}/scores`, { criteria, comment: 'needs work' });
    expect(res.status).toBe(201);
    // (20·100 + 20·100 + 20·50 + 25·40 + 15·0) / 100 = 60
    expect(res.body).toMatchObject({ score: 60, comment: 'needs work' });
    expect(await queue()).not.toContain(s.recB);
    expect((await admin.post(`/api/recordings/${s.recB}/scores`, { criteria: { greeting: 100 } })).status).toBe(400);
    expect((await admin.post(`/api/recordings/${s.recB}/scores`, { criteria: { ...criteria, bogus: 1 } })).status).toBe(400);
    expect((await admin.post(`/api/recordings/${s.recB}/scores`, { criteria: { ...criteria, closing: 101 } })).status).toBe(400);
    const listed = await admin.get<Page>(`/api/recordings?clientId=${s.clientB}`);
    expect(listed.body.items[0]?.lastScore).toBe(60);
    expect((await admin.get<View>(`/api/recordings/${s.recB}`)).body.scores).toHaveLength(1);
  });

  it('retention deletes expired audio, keeps metadata and legal holds, and the usage report shows it', async () => {
    const admin = s.users.admin;
    expect((await admin.put<View>(`/api/recordings/${s.recA}/legal-hold`, { hold: true })).body.legalHold).toBe(true);
    const rec = s.t.zari.recordings;
    if (!rec) throw new Error('recordings not wired');
    const run = await rec.retention.run(new Date(Date.now() + 400 * 86_400_000));
    expect(run).toMatchObject({ expired: 1, audioDeleted: 1 });
    expect((await admin.get(`/api/recordings/${s.recB}/audio`)).status).toBe(404);
    const gone = await admin.get<View>(`/api/recordings/${s.recB}`);
    expect(gone.status).toBe(200);
    expect(gone.body).toMatchObject({ hasAudio: false, durationMs: 2000 });
    expect(gone.body.audioDeletedAt).not.toBeNull();
    expect((await admin.get(`/api/recordings/${s.recA}/audio`)).status).toBe(200);
    const usage = await admin.get<{ committed: number; withAudio: number; legalHold: number; audioDeleted: number; store: { objects: number } }>('/api/recordings/usage');
    expect(usage.body).toMatchObject({ committed: 2, withAudio: 1, legalHold: 1, audioDeleted: 1, store: { objects: 1 } });
    expect(await s.t.db.prisma.auditLog.count({ where: { action: 'recording.legal-hold.set', entityId: s.recA } })).toBe(1);
  });

  it('serves the player page with the id escaped into a same-origin audio URL', async () => {
    const res = await rawGet(s.t.baseUrl, `/recordings/${s.recA}/player`, { cookie: s.users.participant.cookie ?? '' });
    expect(res.status).toBe(200);
    const html = res.body.toString();
    expect(html).toContain(`src="/api/recordings/${s.recA}/audio"`);
    expect(html).toContain('<script src="/recordings/player.js" defer></script>');
    expect((await rawGet(s.t.baseUrl, `/recordings/${s.recA}/player`, { cookie: s.users.otherOperator.cookie ?? '' })).status).toBe(403);
    expect((await rawGet(s.t.baseUrl, '/recordings/player.js')).status).toBe(200);
  });
});
