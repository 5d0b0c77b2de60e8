import { CompositePbxDriver, DemoPbxDriver } from '../../cti/index.js';
import { loadConfig } from '../../kernel/index.js';
import { ModemSim } from '../helpers/modem-sim.js';
import { until } from '../helpers/live-call.js';
import { dbProviders } from '../helpers/db.js';
import { startTestApp, type HttpClient, type TestApp } from '../helpers/http.js';

/**
 * GSM calls through the whole product: zari started with a simulated modem (ZARI_SMS_MODEMS) and the demo PBX;
 * a RING/+CLIP on the modem is a live call in /api/calls/live, NO CARRIER makes it a missed call in
 * /api/missed-calls with the caller's number, while the demo PBX stays the driver for commands and /healthz.
 */
interface LiveCall { callId: string; externalNumber: string | null; did: string | null; direction: string }
interface MissedCall { phone: string | null; direction: string; outcome: string; rangExtensions: string[]; callbackTaskId: number | null }

describe.each(dbProviders)('GSM modem calls in the live CTI runtime [%s]', (provider) => {
  let sim: ModemSim;
  let t: TestApp;
  let admin: HttpClient;

  beforeAll(async () => {
    sim = await ModemSim.start();
    t = await startTestApp(provider, { config: { smsModems: [sim.hostPath], gsmRingExtensions: ['201'], demoPbx: true, defaultRegion: 'GE' } });
    admin = await t.admin();
  });
  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('combines the demo PBX with the GSM line, the PBX staying primary', async () => {
    const driver = t.zari.cti?.driver;
    expect(driver).toBeInstanceOf(CompositePbxDriver);
    const composite = driver as CompositePbxDriver;
    expect(composite.drivers[0]).toBeInstanceOf(DemoPbxDriver);
    expect(composite.statuses().map((s) => s.driver)).toEqual(['demo', 'gsm']);
    const health = await t.anonymous().get<{ pbx: { status: string; driver: string } }>('/healthz');
    expect(health.body.pbx).toMatchObject({ status: 'connected', driver: 'demo' });
  });

  it('shows a ringing GSM call live and logs it as missed after NO CARRIER', async () => {
    const modemReady = await until(() => t.zari.sms?.modems.every((m) => m.status().state === 'ready'), 'the modem ready');
    expect(modemReady).toBe(true);
    sim.ring('+995577112233');
    const live = await until(async () => {
      const r = await admin.get<{ items: LiveCall[] }>('/api/calls/live');
      return r.body.items.find((c) => c.externalNumber === '+995577112233');
    }, 'the GSM call live');
    expect(live).toMatchObject({ did: 'gsm', direction: 'inbound' });
    expect(live.callId).toMatch(/^gsm-/);
    sim.hangup();
    const missed = await until(async () => {
      const r = await admin.get<{ items: MissedCall[] }>('/api/missed-calls');
      return r.body.items.find((c) => c.phone === '+995577112233');
    }, 'the missed GSM call');
    expect(missed).toMatchObject({ direction: 'inbound', rangExtensions: ['201'] });
    expect(missed.callbackTaskId).not.toBeNull();
    const after = await admin.get<{ items: LiveCall[] }>('/api/calls/live');
    expect(after.body.items.some((c) => c.externalNumber === '+995577112233')).toBe(false);
  });
});

describe('GSM modem calls with no ring extensions (the default)', () => {
  let sim: ModemSim;
  let t: TestApp;

  beforeAll(async () => {
    sim = await ModemSim.start();
    t = await startTestApp('sqlite', { config: { smsModems: [sim.hostPath], defaultRegion: 'GE' } });
  });
  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('reads ZARI_GSM_RING_EXTENSIONS and ZARI_GSM_DID from the environment', () => {
    expect(t.zari.config).toMatchObject({ gsmRingExtensions: [], gsmDid: 'gsm' });
    expect(loadConfig({ ZARI_GSM_RING_EXTENSIONS: '201, 202', ZARI_GSM_DID: '+995599000000' })).toMatchObject({ gsmRingExtensions: ['201', '202'], gsmDid: '+995599000000' });
  });

  it('runs the GSM line alone (no PBX, demo off) and logs a call that rang nobody as missed inbound', async () => {
    expect(t.zari.cti?.driver.name).toBe('gsm');
    const admin = await t.admin();
    await until(() => t.zari.sms?.modems.every((m) => m.status().state === 'ready'), 'the modem ready');
    sim.ring('+995577445566');
    await until(() => t.zari.cti?.runtime.liveCalls().some((c) => c.externalNumber === '+995577445566'), 'the GSM call live');
    sim.hangup();
    const missed = await until(async () => {
      const r = await admin.get<{ items: MissedCall[] }>('/api/missed-calls');
      return r.body.items.find((c) => c.phone === '+995577445566');
    }, 'the missed GSM call');
    expect(missed).toMatchObject({ direction: 'inbound', rangExtensions: [] });
  });
});
