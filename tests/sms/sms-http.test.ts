import type { InboundNotice, SmsMessageDto } from '../../sms/index.js';
import { dbProviders } from '../helpers/db.js';
import { startTestApp, type HttpClient, type TestApp } from '../helpers/http.js';
import { ModemSim, waitFor } from '../helpers/modem-sim.js';

/**
 * SMS through the whole product: zari started with ZARI_SMS_MODEMS pointing at the simulator's pty, the REST
 * API, the queue in the database, the client timeline, inbound SMS and the modem panel.
 */
describe.each(dbProviders)('SMS over a simulated GSM modem through the REST API [%s]', (provider) => {
  let sim: ModemSim;
  let t: TestApp;
  let admin: HttpClient;
  let manager: HttpClient;
  let other: HttpClient;
  let managerId: number;
  let clientId: number;
  const notices: InboundNotice[] = [];

  beforeAll(async () => {
    sim = await ModemSim.start({ reportAfterMs: 20 });
    t = await startTestApp(provider, { config: { smsModems: [sim.hostPath], smsMinIntervalMs: 0, demoPbx: false, defaultRegion: 'GE' } });
    t.zari.sms?.inbound.events.on('inbound', (n) => notices.push(n));
    admin = await t.admin();
    const m = await t.createUser('manager');
    manager = m.client;
    managerId = m.user.id;
    other = (await t.createUser('manager')).client;
    const created = await admin.post<{ id: number }>('/api/clients', {
      name: 'Nino Beridze', responsibleUserId: managerId, segment: 'vip-promo', customFields: { city: 'Tbilisi' },
      phones: [{ raw: '+995 322 12 34 56', type: 'work' }, { raw: '555 12 34 56', type: 'mobile' }],
    });
    expect(created.status).toBe(201);
    clientId = created.body.id;
  });

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('shows the modem in the status panel', async () => {
    await waitFor(async () => (await admin.get<{ items: { state: string }[] }>('/api/modems')).body.items[0]?.state === 'ready', 10_000, 'modem ready');
    const checked = await admin.post<{ signalDbm: number; registration: string; operator: string }>('/api/modems/gsm0/check');
    expect(checked.body).toMatchObject({ signalDbm: -71, registration: 'home', operator: 'SimNet GE' });
    const res = await manager.get<{ provider: string; items: { id: string; state: string; signalDbm: number }[] }>('/api/modems');
    expect(res.body).toMatchObject({ provider: 'gsm-modem', items: [{ id: 'gsm0', state: 'ready', signalDbm: -71 }] });
  });

  it('sends from the client card with a template; delivered; on the conversation and the timeline', async () => {
    const res = await manager.post<SmsMessageDto>('/api/sms', { clientId, template: 'Hello {client.name} from {client.city}!' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ state: 'queued', phone: '+995555123456', clientId, text: 'Hello Nino Beridze from Tbilisi!' });
    await waitFor(async () => (await manager.get<SmsMessageDto[]>(`/api/sms?clientId=${clientId}`)).body && (await t.db.prisma.smsMessage.findUnique({ where: { id: res.body.id } }))?.state === 'delivered', 8000, 'delivered');
    expect(sim.sent.at(-1)?.submit.userData.text).toBe('Hello Nino Beridze from Tbilisi!');
    await waitFor(async () => (await t.db.prisma.interaction.findFirst({ where: { clientId, kind: 'sms', outcome: 'delivered' } })) !== null, 3000, 'timeline');
    const timeline = await manager.get<{ items: { kind: string; direction: string; outcome: string; body: string }[] }>(`/api/clients/${clientId}/interactions`);
    expect(timeline.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'sms', direction: 'outbound', outcome: 'delivered', body: 'Hello Nino Beridze from Tbilisi!' })]));
    const bad = await manager.post('/api/sms', { clientId, template: 'Hi {client.nickname}' });
    expect(bad.status).toBe(400);
    expect((await manager.post('/api/sms', { text: 'no recipient' })).status).toBe(400);
  });

  it('stores an inbound SMS, links it to the client, and notifies the responsible manager', async () => {
    sim.receive('+995555123456', 'Thanks, see you tomorrow');
    await waitFor(() => notices.length === 1, 5000, 'inbound notice');
    expect(notices[0]).toMatchObject({ clientId, clientName: 'Nino Beridze', notifyUserId: managerId, message: { direction: 'inbound', state: 'received', text: 'Thanks, see you tomorrow' } });
    const conv = await manager.get<{ items: SmsMessageDto[] }>(`/api/clients/${clientId}/sms`);
    expect(conv.body.items.map((m) => [m.direction, m.text])).toEqual([
      ['outbound', 'Hello Nino Beridze from Tbilisi!'], ['inbound', 'Thanks, see you tomorrow'],
    ]);
    const inbound = await t.db.prisma.interaction.findFirst({ where: { clientId, kind: 'sms', direction: 'inbound' } });
    expect(inbound).toMatchObject({ outcome: 'received', userId: managerId, body: 'Thanks, see you tomorrow' });
    expect((await other.get(`/api/clients/${clientId}/sms`)).status).toBe(404); // crm-core hides clients out of scope
    expect((await other.get<{ items: unknown[] }>('/api/sms')).body.items).toEqual([]);
  });

  it('mass-sends to a segment, skipping the do-not-call list; managers may not mass-send', async () => {
    const blocked = await admin.post<{ id: number }>('/api/clients', { name: 'Blocked Ltd', segment: 'vip-promo', phones: [{ raw: '+995599111222', type: 'mobile' }] });
    expect((await admin.post('/api/do-not-call', { phone: '+995599111222', reason: 'asked' })).status).toBe(201);
    expect((await manager.post('/api/sms/mass', { segment: 'vip-promo', template: 'Sale!' })).status).toBe(403);
    const before = sim.sent.length;
    const res = await admin.post<{ batchId: string; queued: number; skippedDoNotCall: number }>('/api/sms/mass', { segment: 'vip-promo', template: 'Sale for {client.name}' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ queued: 1, skippedDoNotCall: 1 });
    await waitFor(() => sim.sent.length === before + 1, 5000, 'mass sms sent');
    expect(sim.sent.at(-1)?.submit.recipient.value).toBe('+995555123456');
    const batch = await admin.get<{ items: SmsMessageDto[] }>(`/api/sms?batchId=${res.body.batchId}`);
    expect(batch.body.items.map((m) => m.clientId)).toEqual([clientId]);
    expect(blocked.body.id).toBeGreaterThan(0);
  });
});
