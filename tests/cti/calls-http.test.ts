import { startAmiLoopback, type AmiLoopback } from '../helpers/ami-loopback.js';
import { liveChannelsReply, splitAnsweredCall, tempTranscript, until } from '../helpers/live-call.js';
import { startTestApp, type HttpClient, type TestApp } from '../helpers/http.js';
import { dbProviders } from '../helpers/db.js';

/**
 * Calls through the whole product: the real AMI driver over TCP to a loopback Asterisk replaying a real
 * transcript, the tracker, the call log in the database and the REST API of call control.
 */
const config = (lb: AmiLoopback) => ({
  amiUrl: lb.url,
  defaultRegion: 'GE', internalContext: 'internal', outboundContext: 'internal', outboundCallerId: '+995322555000',
});

describe.each(dbProviders)('calls over AMI through the REST API [%s]', (provider) => {
  let lb: AmiLoopback;
  let t: TestApp;
  let secretary: HttpClient;
  let op201: HttpClient;
  let op202: HttpClient;

  beforeAll(async () => {
    lb = await startAmiLoopback({
      fixture: tempTranscript(splitAnsweredCall().head),
      onAction: (action, reply) => {
        if (action.fields['Action'] !== 'CoreShowChannels') return false;
        reply(liveChannelsReply(action.fields['ActionID'] ?? ''));
        return true;
      },
    });
    t = await startTestApp(provider, { config: config(lb) });
    const manager = await t.createUser('manager', { extensions: ['401'] });
    secretary = (await t.createUser('secretary', { extensions: ['301'] })).client;
    op201 = (await t.createUser('operator', { extensions: ['201'] })).client;
    op202 = (await t.createUser('operator', { extensions: ['202'] })).client;
    const admin = await t.admin();
    const created = await admin.post('/api/clients', { name: 'Acme Ltd', responsibleUserId: manager.user.id, phones: [{ raw: '+995 322 12 34 56' }] });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await t?.close();
    await lb?.close();
  });

  it('shows the PBX connected in /healthz and the live call to the secretary', async () => {
    const health = await t.anonymous().get<{ pbx: { status: string; driver: string } }>('/healthz');
    expect(health.body.pbx).toMatchObject({ status: 'connected', driver: 'asterisk-ami' });
    const live = await until(async () => {
      const r = await secretary.get<{ items: { callId: string; answeredBy: string | null }[] }>('/api/calls/live');
      return r.body.items.find((c) => c.callId === '1795829496.0' && c.answeredBy === '201');
    }, 'the live call');
    expect(live).toMatchObject({ callId: '1795829496.0', answeredBy: '201' });
    const hidden = await op202.get<{ items: unknown[] }>('/api/calls/live');
    expect(hidden.body.items).toEqual([]);
  });

  it('transfers the caller to the responsible manager in one click (AMI Redirect)', async () => {
    const res = await secretary.post('/api/calls/1795829496.0/transfer-to-responsible');
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ extension: '401' });
    const redirect = await lb.waitForAction('Redirect');
    expect(redirect.fields).toMatchObject({ Channel: 'PJSIP/trunk-00000000', Context: 'internal', Exten: '401', Priority: '1' });
  });

  it('lets the answering operator transfer attended (Atxfer from their own leg), not a bystander', async () => {
    expect((await op202.post('/api/calls/1795829496.0/transfer', { extension: '301', kind: 'blind' })).status).toBe(403);
    const res = await op201.post('/api/calls/1795829496.0/transfer', { extension: '301', kind: 'attended' });
    expect(res.status).toBe(202);
    const atxfer = await lb.waitForAction('Atxfer');
    expect(atxfer.fields).toMatchObject({ Channel: 'PJSIP/201-00000001', Context: 'internal', Exten: '301' });
  });

  it('starts recording with MixMonitor and hangs up with Hangup', async () => {
    expect((await op201.post('/api/calls/1795829496.0/recording', { action: 'start' })).status).toBe(202);
    expect((await lb.waitForAction('MixMonitor')).fields['Channel']).toBe('PJSIP/trunk-00000000');
    expect((await op201.post('/api/calls/1795829496.0/hangup')).status).toBe(202);
    expect((await lb.waitForAction('Hangup')).fields['Channel']).toBe('PJSIP/trunk-00000000');
  });

  it('click-to-dial rings the own extension first, then the customer in dialable form (GE mobiles: 9 national digits)', async () => {
    const res = await op201.post<{ extension: string; dialed: string }>('/api/calls/dial', { number: '+995 55 123 45 67' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ extension: '201', dialed: '551234567' });
    const originate = await lb.waitForAction('Originate');
    expect(originate.fields).toMatchObject({ Channel: 'PJSIP/201', Context: 'internal', Exten: '551234567', Priority: '1', CallerID: '+995322555000' });
  });

  it('refuses bad input with 4xx: no such call, not a number, no extension', async () => {
    expect((await secretary.post('/api/calls/999.9/hangup')).status).toBe(404);
    const bad = await op201.post<{ error: { code: string } }>('/api/calls/dial', { number: '<img src=x onerror=alert(1)>' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_phone_number');
    const admin = await t.admin();
    expect((await admin.post<{ error: { code: string } }>('/api/calls/dial', { number: '0551234567' })).status).toBe(400);
    expect((await op201.post('/api/calls/1795829496.0/transfer', { extension: '30; DROP' })).status).toBe(400);
  });

  it('lists the extensions with their users for the busy-lamp board', async () => {
    const res = await secretary.get<{ items: { extension: string; state: string; user: { name: string } | null }[] }>('/api/extensions');
    const e201 = res.body.items.find((e) => e.extension === '201');
    expect(e201?.user?.name).toMatch(/operator/);
    expect(res.body.items.map((e) => e.extension)).toEqual(expect.arrayContaining(['201', '202', '301', '401']));
  });
});

describe.each(dbProviders)('missed calls over AMI [%s]', (provider) => {
  it('a missed call replayed by Asterisk appears once at /api/missed-calls with its callback', async () => {
    const lb = await startAmiLoopback({ fixture: '02-inbound-missed.ami', chunking: { seed: 3, maxChunk: 61 } });
    const t = await startTestApp(provider, { config: config(lb) });
    try {
      const admin = await t.admin();
      const missed = await until(async () => {
        const r = await admin.get<{ total: number; items: { callKey: string; outcome: string; callbackTaskId: number | null }[] }>('/api/missed-calls');
        return r.body.total > 0 ? r.body : null;
      }, 'the missed call');
      expect(missed.total).toBe(1);
      expect(missed.items[0]).toMatchObject({ callKey: 'asterisk:1795829513.2', outcome: 'missed' });
      expect(missed.items[0]?.callbackTaskId).toEqual(expect.any(Number));
      const calls = await admin.get<{ total: number }>('/api/calls');
      expect(calls.body.total).toBe(1);
    } finally {
      await t.close();
      await lb.close();
    }
  });

  it('a wrong AMI password shows as auth_failed and degraded health, without a reconnect storm', async () => {
    const lb = await startAmiLoopback({ refuseLogin: true });
    const t = await startTestApp(provider, { config: config(lb) });
    try {
      const health = await until(async () => {
        const r = await t.anonymous().get<{ status: string; pbx: { status: string; lastError: string | null } }>('/healthz');
        return r.body.pbx.status === 'auth_failed' ? r.body : null;
      }, 'auth_failed');
      expect(health.status).toBe('degraded');
      expect(health.pbx.lastError).toMatch(/auth/i);
      await new Promise((r) => setTimeout(r, 500));
      expect(lb.connections()).toBe(1);
    } finally {
      await t.close();
      await lb.close();
    }
  });
});
