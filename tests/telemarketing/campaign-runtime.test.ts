import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CampaignMonitor, DeskView } from '../../cti/index.js';
import { startAmiLoopback, type AmiLoopback } from '../helpers/ami-loopback.js';
import { dbProviders } from '../helpers/db.js';
import { startTestApp, type HttpClient, type TestApp } from '../helpers/http.js';
import { until } from '../helpers/live-call.js';
import { recordingSocket, type RecordingSocket } from '../web/realtime-client.js';
import { startFakeAri, type FakeAri } from './fake-ari-server.js';

/**
 * The campaign dialer as the composition root starts it, on a real zari: a progressive campaign over
 * the (fake, loopback) ARI Stasis app. Ready rings the telemarketer's phone into the app; each
 * answered customer is bridged to that line and the contact is pushed to the browser over Socket.IO;
 * a busy number goes back to the list per the retry schedule; the supervisor's monitor shows the
 * dialer, its plan and the telemarketer.
 */
const survey = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'scripts', 'good', 'survey.json'), 'utf8')) as Record<string, unknown>;
const allDay = { callingWindow: { start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] }, defaultTimeZone: 'Asia/Tbilisi' };

describe.each(dbProviders)('campaign runtime over ARI [%s]', (provider) => {
  let ari: FakeAri;
  let lb: AmiLoopback;
  let t: TestApp;
  let admin: HttpClient;
  let tm: HttpClient;
  let tmId = 0;
  let socket: RecordingSocket;
  let campaignId = 0;

  beforeAll(async () => {
    ari = await startFakeAri({ answerMs: 20, talkMs: 300 });
    lb = await startAmiLoopback();
    t = await startTestApp(provider, { config: { amiUrl: lb.url, ariUrl: ari.url, defaultRegion: 'GE', ariCustomerEndpoint: 'PJSIP/{number}@trunk', ariAgentEndpoint: 'PJSIP/{extension}' } });
    await until(async () => (await t.anonymous().get<{ pbx: { status: string } }>('/healthz')).body.pbx.status === 'connected', 'the PBX connection');
    admin = await t.admin();
    const u = await t.createUser('telemarketer', { name: 'Levan Dialer', extensions: ['231'] });
    tm = u.client;
    tmId = u.user.id;
    for (const [name, phone] of [['Answers One', '+995322100011'], ['Busy Two', '+995322100012'], ['Answers Three', '+995322100021']] as const) {
      expect((await admin.post('/api/clients', { name, phones: [{ raw: phone }] })).status).toBe(201);
    }
    const camp = await admin.post<{ id: number }>('/api/campaigns', { name: `Auto ${provider}`, dialMode: 'progressive', callerId: '+995322555000', settings: allDay });
    campaignId = camp.body.id;
    const script = await admin.post<{ id: number }>('/api/campaigns/scripts', { ...survey, key: `auto-${provider}` });
    await admin.put(`/api/campaigns/${campaignId}/script`, { scriptVersionId: script.body.id });
    const csv = 'phone\n+995322100011\n+995322100012\n+995322100021\n';
    expect((await admin.request('POST', `/api/campaigns/${campaignId}/lists/import?name=auto&phoneColumn=phone`, { raw: csv, contentType: 'text/csv' })).status).toBe(201);
    expect((await admin.post(`/api/campaigns/${campaignId}/status`, { status: 'running' })).status).toBe(200);
    socket = await recordingSocket(t.baseUrl, tm.cookie);
  }, 90_000);
  afterAll(async () => {
    socket?.close();
    await t?.close();
    await lb?.close();
    await ari?.close();
  });

  const pushedWork = (phone: string): Promise<DeskView> => socket.waitFor<DeskView>('telemarketing.desk', (v) => v.work?.phone === phone, 20_000);

  it('rings the telemarketer in, dials one number per free telemarketer, bridges answered calls and pushes the contact', async () => {
    const ready = (await tm.post<DeskView>('/api/telemarketing/desk/ready', { campaignId })).body;
    expect(ready).toMatchObject({ state: 'ready', work: null, idle: 'waiting_for_call' });

    const first = await pushedWork('+995322100011');
    expect(first.work).toMatchObject({ dialed: true, dialMode: 'progressive', client: { name: 'Answers One' }, script: { ask: { questionId: 'interested' } } });
    expect(ari.requests.find((r) => r.includes(`channelId=zari-agent-${tmId}`))).toMatch(/endpoint=PJSIP%2F231.*appArgs=agent|appArgs=agent.*endpoint=PJSIP%2F231/);
    expect(ari.requests.filter((r) => r.startsWith('POST /ari/channels?') && r.includes('zari-dial-'))).toHaveLength(1); // progressive: one line for one telemarketer
    // the number as the PBX dials it from Georgia (the same form as click-to-dial), with the campaign's caller ID
    expect(ari.requests.find((r) => r.includes('endpoint=PJSIP%2F0322100011%40trunk'))).toContain('callerId=%2B995322555000');
    const bridge = ari.requests.find((r) => r.includes('/addChannel'));
    expect(decodeURIComponent(bridge ?? '')).toContain(`zari-agent-${tmId}`);
    expect((await tm.get<DeskView>('/api/telemarketing/desk')).body.state).toBe('talking');

    const monitor = (await admin.get<CampaignMonitor>(`/api/campaigns/${campaignId}/monitor`)).body;
    expect(monitor.dialer).toMatchObject({ running: true, reason: null, abandonCapPct: 3 });
    expect(monitor.dialer.changes[0]?.reason).toContain('initial plan: progressive');
    expect(monitor.agents).toEqual([expect.objectContaining({ userId: tmId, name: 'Levan Dialer', state: 'talking' })]);

    await tm.post('/api/telemarketing/desk/answer', { questionId: 'interested', value: 'no' });
    const done = (await tm.post<DeskView>('/api/telemarketing/desk/complete', { disposition: 'not_interested' })).body;
    expect(done).toMatchObject({ state: 'ready', idle: 'waiting_for_call', stats: { handled: 1 } });

    // the busy number is skipped over (retry scheduled), the third one is connected
    const third = await pushedWork('+995322100021');
    expect(third.work?.client?.name).toBe('Answers Three');
    await until(async () => (await admin.get<CampaignMonitor>(`/api/campaigns/${campaignId}/monitor`)).body.progress.pending === 1, 'the busy entry back in the list');
    const after = (await admin.get<CampaignMonitor>(`/api/campaigns/${campaignId}/monitor`)).body;
    expect(after.progress).toMatchObject({ total: 3, done: 1, pending: 1, inProgress: 1, attempts: 3 });
    expect(after.today).toMatchObject({ dialed: 3, abandoned: 0 });

    await tm.post('/api/telemarketing/desk/answer', { questionId: 'interested', value: 'later' });
    await tm.post('/api/telemarketing/desk/answer', { questionId: 'when', value: '2031-01-10' });
    expect((await tm.post<DeskView>('/api/telemarketing/desk/complete', { disposition: 'callback' })).status).toBe(200);
    expect((await tm.post<DeskView>('/api/telemarketing/desk/pause')).body.state).toBe('paused');
    expect(ari.requests.filter((r) => r.startsWith('POST /ari/channels?') && r.includes('zari-dial-'))).toHaveLength(3);

    // a paused campaign stops its dialer
    await admin.post(`/api/campaigns/${campaignId}/status`, { status: 'paused' });
    await until(async () => !(await admin.get<CampaignMonitor>(`/api/campaigns/${campaignId}/monitor`)).body.dialer.running, 'the dialer stopped');
  }, 60_000);
});
