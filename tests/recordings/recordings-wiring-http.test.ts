import { copyFileSync, existsSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { silentLogger, loadConfig } from '../../kernel/index.js';
import { createZari } from '../../zari.js';
import { transcriptEvents } from '../e2e/browser.js';
import { until } from '../e2e/e2e-app.js';
import { startAmiLoopback, type AmiLoopback } from '../helpers/ami-loopback.js';
import { dbProviders } from '../helpers/db.js';
import { startTestApp, testAdminPassword, type TestApp } from '../helpers/http.js';
import { ASTERISK_WAV, sineWav, tempDir, writeFile } from './helpers/fixtures.js';

/**
 * The recordings wiring in a real zari with a PBX (AMI loopback replaying Asterisk 22 transcripts): a call
 * ends → its MixMonitor file is taken from the spool dir, ingested and linked to the call and client;
 * files found at start are ingested as a backlog; the `always` policy starts MixMonitor on answer.
 */
const callKey = 'asterisk:1795829496.0';

async function pbxUp(t: TestApp): Promise<void> {
  await until(async () => (await t.anonymous().get<{ pbx: { status: string } }>('/healthz')).body.pbx.status === 'connected', 'the PBX connection');
}

describe.each(dbProviders)('recordings wiring [%s]', (provider) => {
  let lb: AmiLoopback;
  let t: TestApp;
  let spool: string;
  let clientId: number;
  beforeAll(async () => {
    lb = await startAmiLoopback();
    spool = tempDir('zari-spool-');
    t = await startTestApp(provider, { config: { amiUrl: lb.url, defaultRegion: 'GE', recordingsSpoolDir: spool } });
    const m = await t.createUser('manager', { extensions: ['401'], grants: ['recordings:clients'] });
    const admin = await t.admin();
    clientId = (await admin.post<{ id: number }>('/api/clients', { name: 'Acme Ltd', responsibleUserId: m.user.id, phones: [{ raw: '+995 322 12 34 56' }] })).body.id;
    await pbxUp(t);
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await lb.close();
  });

  it('ingests the MixMonitor file of an ended call and links it to the call and its client', async () => {
    copyFileSync(ASTERISK_WAV, path.join(spool, '1795829496.0.wav'));
    lb.broadcast(transcriptEvents('01-inbound-answered.ami').join(''));
    const call = await until(async () => {
      const row = await t.db.prisma.interaction.findUnique({ where: { callKey } });
      return row?.recordingId ? row : null;
    }, 'the recording linked to its call', 20_000);
    const rec = await t.db.prisma.recording.findUniqueOrThrow({ where: { publicId: call.recordingId ?? '' } });
    expect(rec).toMatchObject({ state: 'committed', callKey, interactionId: call.id, clientId, codec: 'opus', sourceState: 'removed' });
    expect(call.clientId).toBe(clientId);
    expect(existsSync(path.join(spool, '1795829496.0.wav'))).toBe(false);
    const admin = await t.admin();
    const found = await admin.get<{ items: { publicId: string; call: { interactionId: number } }[] }>(`/api/recordings?clientId=${clientId}`);
    expect(found.body.items.map((i) => [i.publicId, i.call.interactionId])).toEqual([[rec.publicId, call.id]]);
    // the call log and the client's timeline carry the recording's id
    const calls = await admin.get<{ items: { callKey: string; recordingId: string | null }[] }>('/api/calls');
    expect(calls.body.items.find((c) => c.callKey === callKey)?.recordingId).toBe(rec.publicId);
    const timeline = await admin.get<{ items: { callKey: string | null; recordingId: string | null }[] } | { callKey: string | null; recordingId: string | null }[]>(`/api/clients/${clientId}/interactions`);
    const entries = Array.isArray(timeline.body) ? timeline.body : timeline.body.items;
    expect(entries.find((e) => e.callKey === callKey)?.recordingId).toBe(rec.publicId);
    // the on-demand default never starts MixMonitor by itself
    expect(lb.actions('MixMonitor')).toHaveLength(0);
  }, 30_000);

  it('ingests files found at start as a backlog and links them to the call that announced them', async () => {
    const interaction = await t.db.prisma.interaction.create({
      data: { kind: 'call', direction: 'inbound', callKey: 'asterisk:555.1', clientId, answeredBy: '401', meta: JSON.stringify({ recordings: ['/var/spool/asterisk/monitor/555.1-late.wav'] }) },
    });
    const file = writeFile(spool, '555.1-late.wav', sineWav({ sampleRate: 8000, channels: 1, seconds: 1, amp: 0.42 }));
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    // a restart: the same database and data dir, a new zari
    await t.zari.close();
    const config = loadConfig({}, { dataDir: t.db.dataDir, adminPassword: testAdminPassword, logLevel: 'silent', demoPbx: false, recordingsSpoolDir: spool });
    const again = await createZari(config, { logger: silentLogger(), database: t.db, out: { write: () => true } });
    try {
      const progress = await again.recordings?.backlog;
      expect(progress).toMatchObject({ total: 1, done: 1, committed: 1, failed: 0, errors: 0 });
      const linked = await t.db.prisma.interaction.findUniqueOrThrow({ where: { id: interaction.id } });
      expect(linked.recordingId).not.toBeNull();
      // the progress is shown to admins with the usage report
      const { port } = await again.listen(0, '127.0.0.1');
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: testAdminPassword }) });
      const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
      const usage = await (await fetch(`http://127.0.0.1:${port}/api/recordings/usage`, { headers: { cookie } })).json() as { backlog: unknown };
      expect(usage.backlog).toMatchObject({ total: 1, done: 1, committed: 1, current: null });
      const rec = await t.db.prisma.recording.findUniqueOrThrow({ where: { publicId: linked.recordingId ?? '' } });
      expect(rec).toMatchObject({ interactionId: interaction.id, clientId, callKey: 'asterisk:555.1', durationMs: 1000 });
    } finally {
      await again.close();
    }
  }, 30_000);
});

describe('recording policy', () => {
  it('starts MixMonitor when an internal call is answered and the policy says internal:always', async () => {
    const lb = await startAmiLoopback();
    const t = await startTestApp('sqlite', { config: { amiUrl: lb.url, recordPolicyByDirection: ['internal:always'] } });
    try {
      await pbxUp(t);
      lb.broadcast(transcriptEvents('10-internal-call.ami').join(''));
      const action = await lb.waitForAction('MixMonitor', 1, 10_000);
      expect(action.fields['Channel']).toMatch(/^PJSIP\/20[12]-/);
      expect(action.fields['File']).toMatch(/^zari-[0-9.]+-\d+\.wav$/);
    } finally {
      await t.close();
      await lb.close();
    }
  }, 30_000);
});
