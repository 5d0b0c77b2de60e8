import { dbProviders } from '../helpers/db.js';
import type { HttpClient } from '../helpers/http.js';
import { rawGet, recordingsScene, type Actors, type RecordingsScene } from './helpers/http-fixtures.js';

/**
 * The authorization matrix of recordings over real HTTP: roles × {play, download, score, legal-hold, usage},
 * the call's own participant, managers with and without 'recordings:clients', anonymous; every play and
 * download is audited; path traversal never reaches a file and never answers 500.
 */
type Op = 'play' | 'download' | 'score' | 'legalHold' | 'usage';
type Row = readonly [actor: keyof Actors, rec: 'recA' | 'recB', expected: Readonly<Record<Op, number>>];

const all = (play: number, download: number, score: number, legalHold: number, usage: number): Record<Op, number> => ({ play, download, score, legalHold, usage });
const matrix: readonly Row[] = [
  ['admin', 'recA', all(200, 200, 201, 200, 200)],
  ['supervisor', 'recA', all(200, 200, 201, 200, 200)],
  ['participant', 'recA', all(200, 403, 403, 403, 403)],
  ['otherOperator', 'recA', all(403, 403, 403, 403, 403)],
  ['managerGranted', 'recA', all(200, 200, 403, 403, 403)],
  ['managerGranted', 'recB', all(403, 403, 403, 403, 403)],
  ['managerPlain', 'recB', all(403, 403, 403, 403, 403)],
  ['secretary', 'recA', all(403, 403, 403, 403, 403)],
  ['telemarketer', 'recA', all(403, 403, 403, 403, 403)],
  ['anonymous', 'recA', all(401, 401, 401, 401, 401)],
];

const scorecard = { criteria: { greeting: 100, identification: 80, needs: 60, solution: 50, closing: 100 }, comment: 'ok' };

async function attempt(c: HttpClient, op: Op, id: string): Promise<number> {
  switch (op) {
    case 'play': return (await c.get(`/api/recordings/${id}/audio`)).status;
    case 'download': return (await c.get(`/api/recordings/${id}/download?format=opus`)).status;
    case 'score': return (await c.post(`/api/recordings/${id}/scores`, scorecard)).status;
    case 'legalHold': return (await c.put(`/api/recordings/${id}/legal-hold`, { hold: false })).status;
    case 'usage': return (await c.get('/api/recordings/usage')).status;
  }
}

describe.each(dbProviders)('recordings access over HTTP [%s]', (provider) => {
  let s: RecordingsScene;
  beforeAll(async () => {
    s = await recordingsScene(provider);
  }, 60_000);
  afterAll(async () => {
    await s.t.close();
  });

  it.each(matrix)('%s on %s', async (actor, rec, expected) => {
    const client = s.users[actor];
    const id = s[rec];
    const before = await s.t.db.prisma.auditLog.count({ where: { entity: 'recording', action: { in: ['recording.play', 'recording.download'] } } });
    const got: Record<Op, number> = { play: 0, download: 0, score: 0, legalHold: 0, usage: 0 };
    for (const op of Object.keys(expected) as Op[]) got[op] = await attempt(client, op, id);
    expect(got).toEqual(expected);
    // every successful play and download left exactly one audit row naming the recording (never a path)
    const audited = await s.t.db.prisma.auditLog.findMany({ where: { entity: 'recording', action: { in: ['recording.play', 'recording.download'] } }, orderBy: { id: 'asc' }, skip: before });
    const okCount = Number(expected.play === 200) + Number(expected.download === 200);
    expect(audited).toHaveLength(okCount);
    for (const row of audited) {
      expect(row.entityId).toBe(id);
      expect(row.details).not.toMatch(/spool|objects|\.wav|\.opus/);
    }
  });

  it('audits who played: the participant and the granted manager are named in the log', async () => {
    const plays = await s.t.db.prisma.auditLog.findMany({ where: { action: 'recording.play', entityId: s.recA } });
    const actors = new Set(plays.map((p) => p.actorId));
    expect(actors.has(s.ids.participant)).toBe(true);
    expect(actors.has(s.ids.managerGranted)).toBe(true);
    expect(actors.has(s.ids.admin)).toBe(true);
  });

  it('range requests within the play window are one audited play; every download is audited', async () => {
    const admin = s.users.admin;
    const count = async (action: string): Promise<number> => s.t.db.prisma.auditLog.count({ where: { action, entityId: s.recB } });
    const plays = await count('recording.play');
    const downloads = await count('recording.download');
    expect((await admin.get(`/api/recordings/${s.recB}/audio`, { headers: { range: 'bytes=0-10' } })).status).toBe(206);
    expect((await admin.get(`/api/recordings/${s.recB}/audio`, { headers: { range: 'bytes=11-20' } })).status).toBe(206);
    expect(await count('recording.play')).toBe(plays + 1);
    expect((await admin.get(`/api/recordings/${s.recB}/download?format=opus`)).status).toBe(200);
    expect((await admin.get(`/api/recordings/${s.recB}/download?format=opus`)).status).toBe(200);
    expect(await count('recording.download')).toBe(downloads + 2);
  });

  const traversal = [
    '/api/recordings/..%2F..%2F..%2Fetc%2Fpasswd/audio',
    '/api/recordings/%2Fetc%2Fpasswd/audio',
    '/api/recordings/..%2fzari.db/download',
    '/api/recordings/%2e%2e%2f%2e%2e%2fzari.db/audio',
    '/api/recordings/..%5C..%5Czari.db/audio',
    '/api/recordings/../../zari.db/audio',
    '/api/recordings/..%252F..%252Fetc%252Fpasswd/audio',
    '/api/recordings/%00/audio',
    '/recordings/..%2F..%2Fetc%2Fpasswd/player',
    '/api/recordings/AAAAAAAAAAAAAAAAAAAAAA%2F..%2F..%2Fzari.db/audio',
  ];
  it.each(traversal)('refuses %s with a 4xx and no file content', async (p) => {
    const cookie = s.users.admin.cookie ?? '';
    const res = await rawGet(s.t.baseUrl, p, { cookie });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.toString('latin1')).not.toMatch(/root:|SQLite format|RIFF|OggS/);
  });

  it('refuses an absolute path or a traversal as a publicId or a format', async () => {
    const admin = s.users.admin;
    expect((await admin.get(`/api/recordings/${encodeURIComponent('/etc/passwd')}/audio`)).status).toBe(400);
    expect((await admin.get(`/api/recordings/${s.recA}/download?format=${encodeURIComponent('../../etc/passwd')}`)).status).toBe(400);
    expect((await admin.get('/api/recordings/AAAAAAAAAAAAAAAAAAAAAA/audio')).status).toBe(404);
  });
});
