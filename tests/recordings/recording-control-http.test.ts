import { StagedReplay, isEvent, transcriptEvents } from '../e2e/browser.js';
import { until } from '../e2e/e2e-app.js';
import { startAmiLoopback, type AmiLoopback } from '../helpers/ami-loopback.js';
import { dbProviders } from '../helpers/db.js';
import { startTestApp, type TestApp } from '../helpers/http.js';

/**
 * On-demand recording control of a live call over HTTP → AMI: start (MixMonitor), pause and resume for a
 * sensitive moment (MixMonitorMute State 1 / 0), stop (StopMixMonitor); someone else's call is refused.
 */
describe.each(dbProviders)('recording control of a live call [%s]', (provider) => {
  let lb: AmiLoopback;
  let t: TestApp;
  beforeAll(async () => {
    lb = await startAmiLoopback();
    t = await startTestApp(provider, { config: { amiUrl: lb.url, defaultRegion: 'GE' } });
    await until(async () => (await t.anonymous().get<{ pbx: { status: string } }>('/healthz')).body.pbx.status === 'connected', 'the PBX connection');
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await lb.close();
  });

  it('starts, pauses, resumes and stops MixMonitor on the live call', async () => {
    const replay = new StagedReplay(lb, transcriptEvents('01-inbound-answered.ami'));
    replay.until(isEvent('BridgeEnter'));
    const operator = await t.createUser('operator', { extensions: ['201'] });
    const stranger = await t.createUser('operator', { extensions: ['299'] });
    await until(async () => (await operator.client.get<{ items: { callId: string }[] }>('/api/calls/live')).body.items.length > 0, 'the live call');
    const path = '/api/calls/1795829496.0/recording';
    expect((await stranger.client.post(path, { action: 'pause' })).status).toBe(403);
    for (const action of ['start', 'pause', 'resume', 'stop']) {
      expect((await operator.client.post(path, { action })).status).toBe(202);
    }
    expect((await operator.client.post(path, { action: 'mute-forever' })).status).toBe(400);
    expect(lb.actions('MixMonitor')).toHaveLength(1);
    expect(lb.actions('MixMonitorMute').map((a) => [a.fields['State'], a.fields['Direction']])).toEqual([['1', 'both'], ['0', 'both']]);
    expect(lb.actions('StopMixMonitor')).toHaveLength(1);
    const audited = await t.db.prisma.auditLog.findMany({ where: { entity: 'call', action: { startsWith: 'call.recording.' } }, orderBy: { id: 'asc' } });
    expect(audited.map((a) => a.action)).toEqual(['call.recording.start', 'call.recording.pause', 'call.recording.resume', 'call.recording.stop']);
    replay.rest();
  }, 30_000);
});
