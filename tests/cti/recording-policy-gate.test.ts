import { StagedReplay, isEvent, transcriptEvents } from '../e2e/browser.js';
import { until } from '../e2e/e2e-app.js';
import { startAmiLoopback, type AmiLoopback } from '../helpers/ami-loopback.js';
import { dbProviders } from '../helpers/db.js';
import { startTestApp, type TestApp } from '../helpers/http.js';

/**
 * Recording policy `never` is never: a user's on-demand start on a call whose policy says never is
 * refused (409 policy_refused) and no MixMonitor reaches the PBX; pause/stop stay allowed.
 */
describe.each(dbProviders)('recording policy gate on on-demand start [%s]', (provider) => {
  let lb: AmiLoopback;
  let t: TestApp;
  beforeAll(async () => {
    lb = await startAmiLoopback();
    t = await startTestApp(provider, { config: { amiUrl: lb.url, defaultRegion: 'GE', recordPolicy: 'on-demand', recordPolicyByExtension: ['201:never'] } });
    await until(async () => (await t.anonymous().get<{ pbx: { status: string } }>('/healthz')).body.pbx.status === 'connected', 'the PBX connection');
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await lb.close();
  });

  it('refuses to start recording a call of an extension set to never', async () => {
    const replay = new StagedReplay(lb, transcriptEvents('01-inbound-answered.ami'));
    replay.until(isEvent('BridgeEnter'));
    const operator = await t.createUser('operator', { extensions: ['201'] });
    await until(async () => (await operator.client.get<{ items: { callId: string }[] }>('/api/calls/live')).body.items.length > 0, 'the live call');
    const refused = await operator.client.post<{ error: { code: string; message: string } }>('/api/calls/1795829496.0/recording', { action: 'start' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('policy_refused');
    expect(refused.body.error.message).toContain('never recorded');
    expect(lb.actions('MixMonitor')).toHaveLength(0);
    replay.rest();
  }, 30_000);
});
