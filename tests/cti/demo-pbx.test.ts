import { DemoPbxDriver } from '../../cti/index.js';
import { startTestApp, type TestApp } from '../helpers/http.js';
import { until } from '../helpers/live-call.js';

/** With no PBX configured, `npm start` runs the demo PBX: demo data, and its calls go through the real tracker and call log. */
interface CallRow { callKey: string; outcome: string; clientId: number | null; answeredBy: string | null; meta: { finalParty?: string; transfers?: unknown[] } }

describe('demo PBX', () => {
  let t: TestApp;
  let demo: DemoPbxDriver;
  const printed: string[] = [];

  beforeAll(async () => {
    t = await startTestApp('sqlite', { config: { demoPbx: true, defaultRegion: 'GE' } });
    expect(t.zari.cti?.driver).toBeInstanceOf(DemoPbxDriver);
    demo = t.zari.cti!.driver as DemoPbxDriver;
    printed.push('ok');
  });
  afterAll(async () => t?.close());

  const callsOf = async (key: string): Promise<CallRow | undefined> => {
    const admin = await t.admin();
    const r = await admin.get<{ items: CallRow[] }>('/api/calls?limit=100');
    return r.body.items.find((c) => c.callKey === key);
  };

  it('seeds demo users on the demo extensions and demo clients', async () => {
    const admin = await t.admin();
    const users = await admin.get<{ items: { login: string; extensions: string[] }[] }>('/api/users?limit=100');
    expect(users.body.items.map((u) => u.login)).toEqual(expect.arrayContaining(['operator201', 'operator202', 'secretary301', 'manager401']));
    const clients = await admin.get<{ total: number }>('/api/clients?tag=demo');
    expect(clients.body.total).toBe(3);
    const health = await t.anonymous().get<{ pbx: { status: string; driver: string } }>('/healthz');
    expect(health.body.pbx).toMatchObject({ status: 'connected', driver: 'demo' });
  });

  it('seeds a running preview campaign over the demo clients that a telemarketer can work at once', async () => {
    const admin = await t.admin();
    const users = await admin.get<{ items: { login: string; role: string; extensions: string[] }[] }>('/api/users?limit=100');
    expect(users.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ login: 'telemarketer501', role: 'telemarketer', extensions: ['501'] })]));
    const campaigns = await admin.get<{ items: { id: number; name: string; status: string; dialMode: string }[] }>('/api/campaigns');
    expect(campaigns.body.items).toEqual([expect.objectContaining({ name: 'Demo: customer survey', status: 'running', dialMode: 'preview' })]);
    const tm = (await t.createUser('telemarketer', { extensions: ['502'] })).client;
    const desk = await tm.post<{ work: { client: { name: string } | null; script: { ask: { questionId: string; text: string } | null } } | null }>('/api/telemarketing/desk/ready', { campaignId: campaigns.body.items[0]?.id });
    expect(desk.status).toBe(200);
    expect(desk.body.work?.script.ask).toMatchObject({ questionId: 'satisfied', text: `${desk.body.work?.client?.name ?? '?'}, are you satisfied with our service?` });
    expect((await tm.post('/api/telemarketing/desk/dial')).status).toBe(200);
  });

  it('an answered demo call is logged with the identified client', async () => {
    const id = demo.playInbound({ from: '+995322123456', fromName: 'Acme Ltd', ring: ['201', '202'], answeredBy: '202', ringMs: 30, talkMs: 60, transferTo: null });
    const call = await until(() => callsOf(`demo:${id}`), 'the answered call');
    expect(call).toMatchObject({ outcome: 'answered', answeredBy: '202' });
    expect(call.clientId).toEqual(expect.any(Number));
  });

  it('a missed demo call rings two phones and yields one missed call', async () => {
    const id = demo.playInbound({ from: '+995599000111', fromName: null, ring: ['201', '202'], answeredBy: null, ringMs: 30, talkMs: 0, transferTo: null });
    const call = await until(() => callsOf(`demo:${id}`), 'the missed call');
    expect(call).toMatchObject({ outcome: 'missed', clientId: null });
    const admin = await t.admin();
    const missed = await admin.get<{ items: CallRow[] }>('/api/missed-calls');
    expect(missed.body.items.filter((c) => c.callKey === `demo:${id}`)).toHaveLength(1);
  });

  it('a transferred demo call ends with the transfer target', async () => {
    const id = demo.playInbound({ from: '+74951234567', fromName: 'Romashka', ring: ['201'], answeredBy: '201', ringMs: 30, talkMs: 60, transferTo: '202' });
    const call = await until(() => callsOf(`demo:${id}`), 'the transferred call');
    expect(call.meta.finalParty).toBe('202');
    expect(call.meta.transfers).toHaveLength(1);
  });
});
