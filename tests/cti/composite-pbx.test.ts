import { CallTracker, CompositePbxDriver, DemoPbxDriver, GsmModemDriver, type PbxStatus, type TrackedCall } from '../../cti/index.js';
import { silentLogger } from '../../kernel/index.js';
import { ModemOwner } from '../../sms/index.js';
import { ModemSim, waitFor } from '../helpers/modem-sim.js';

/**
 * The composite driver over two real drivers: the demo PBX (primary) and a GSM line fed by a real ModemOwner
 * over the socat modem simulator. One tracker sees both; capabilities and status are the primary's; commands go to
 * the line that owns the channel (a GSM line refuses them).
 */
describe('CompositePbxDriver (demo PBX + GSM line)', () => {
  let sim: ModemSim;
  let modem: ModemOwner;
  let demo: DemoPbxDriver;
  let gsm: GsmModemDriver;
  let driver: CompositePbxDriver;
  let tracker: CallTracker;
  const statuses: PbxStatus[] = [];

  beforeEach(async () => {
    statuses.length = 0;
    sim = await ModemSim.start();
    modem = new ModemOwner({ id: 'gsm0', path: sim.hostPath, logger: silentLogger(), reconnectMinMs: 50 });
    await modem.start();
    demo = new DemoPbxDriver({ logger: silentLogger(), callers: [], extensions: ['201', '202'], callEveryMs: 0, timeScale: 0.01 });
    gsm = new GsmModemDriver({ logger: silentLogger(), modems: [{ source: modem, line: { did: 'gsm', ringExtensions: ['201'] } }], ringTimeoutMs: 3000 });
    driver = new CompositePbxDriver({ logger: silentLogger(), primary: demo, secondaries: [gsm] });
    tracker = new CallTracker({ pbx: 'demo' });
    driver.events.on('event', (e) => tracker.handle(e));
    driver.events.on('status', (s) => statuses.push(s));
    await driver.start();
  });
  afterEach(async () => {
    await driver.stop();
    await modem.stop();
    await sim.stop();
  });

  it('merges the calls of both drivers into one tracker', async () => {
    const ended: TrackedCall[] = [];
    tracker.events.on('call.ended', ({ call }) => ended.push(call));
    const demoId = demo.playInbound({ from: '+995322123456', fromName: null, ring: ['202'], answeredBy: null, ringMs: 20_000, talkMs: 0, transferTo: null });
    sim.ring('+995577112233');
    // RING opens the GSM call; its number arrives with the +CLIP line right after
    await waitFor(() => tracker.liveCalls().length === 2 && tracker.liveCalls().some((c) => c.externalNumber === '+995577112233'), 6000, 'both calls live');
    const gsmCall = tracker.liveCalls().find((c) => c.externalNumber === '+995577112233');
    expect(gsmCall?.callId).toMatch(/^gsm-gsm0-/);
    expect(tracker.get(demoId)).toMatchObject({ externalNumber: '+995322123456', direction: 'inbound' });
    expect(tracker.extensionStatesSnapshot()).toMatchObject({ '201': 'idle', '202': 'ringing' });
    // a command on the GSM call is refused by its own (monitor-only) line, never sent to the PBX
    const gsmChannel = Object.values(gsmCall?.extensionChannels ?? {})[0] ?? gsmCall?.customerChannel ?? '';
    expect(gsmChannel).not.toBe('');
    await expect(driver.hangup(gsmChannel)).rejects.toMatchObject({ code: 'capability_missing', message: expect.stringContaining('gsm line') as unknown });
    await expect(driver.startRecording(gsmChannel, 'x.wav')).rejects.toMatchObject({ code: 'capability_missing' });
    sim.hangup();
    await waitFor(() => ended.length === 1, 6000, 'the GSM call ended');
    expect(ended[0]).toMatchObject({ externalNumber: '+995577112233', did: 'gsm', missed: true, direction: 'inbound' });
    expect(tracker.get(demoId)).toBeDefined();
  });

  it('keeps GSM calls alive across a resync of the primary', async () => {
    const demoId = demo.playInbound({ from: '+995322123456', fromName: null, ring: ['202'], answeredBy: null, ringMs: 20_000, talkMs: 0, transferTo: null });
    sim.ring('+995577112233');
    // RING opens the GSM call; its number arrives with the +CLIP line right after
    await waitFor(() => tracker.liveCalls().length === 2 && tracker.liveCalls().some((c) => c.externalNumber === '+995577112233'), 6000, 'both calls live');
    // the demo PBX "reconnects": it resyncs with no live calls, so its own call ends, the GSM call stays
    await demo.start();
    expect(tracker.get(demoId)).toBeUndefined();
    const live = tracker.liveCalls();
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ externalNumber: '+995577112233' });
    const ended: TrackedCall[] = [];
    tracker.events.on('call.ended', ({ call }) => ended.push(call));
    sim.hangup();
    await waitFor(() => ended.length === 1, 6000, 'the GSM call ended after the resync');
    expect(ended[0]).toMatchObject({ externalNumber: '+995577112233', missed: true });
    expect(tracker.warningCount).toBe(0);
  });

  it('sends commands to the primary and reports its capabilities and status', async () => {
    expect(driver.name).toBe('demo');
    expect(driver.capabilities).toEqual(demo.capabilities);
    expect(driver.status()).toEqual(demo.status());
    expect(driver.statuses().map((s) => [s.driver, s.state])).toEqual([['demo', 'connected'], ['gsm', 'connected']]);
    expect(statuses.map((s) => s.driver)).toEqual(['demo']);
    const { actionId } = await driver.originate({ extension: '201', number: '+995577000111', callerId: null, context: 'from-internal', timeoutMs: 30_000 });
    expect(actionId).toMatch(/^demo-/);
    await waitFor(() => tracker.liveCalls().some((c) => c.externalNumber === '+995577000111'), 3000, 'the originated call');
    await expect(driver.hangup('PJSIP/201-00000001')).rejects.toMatchObject({ code: 'pbx_rejected' });
    await expect(gsm.originate()).rejects.toMatchObject({ code: 'capability_missing' });
    await driver.stop();
    expect(driver.statuses().map((s) => s.state)).toEqual(['stopped', 'stopped']);
  });
});
