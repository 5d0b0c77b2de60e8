import { CallTracker, GsmModemDriver, type TrackedCall } from '../../cti/index.js';
import { silentLogger } from '../../kernel/index.js';
import { ModemOwner } from '../../sms/index.js';
import { ModemSim, waitFor } from '../helpers/modem-sim.js';

/** GSM calls: RING/+CLIP/NO CARRIER from the simulated modem → GsmModemDriver (monitor) → the same call tracker. */
describe('GSM calls through the CTI call tracker', () => {
  let sim: ModemSim;
  let modem: ModemOwner;
  let driver: GsmModemDriver;
  let tracker: CallTracker;

  beforeEach(async () => {
    sim = await ModemSim.start();
    modem = new ModemOwner({ id: 'gsm0', path: sim.hostPath, logger: silentLogger(), reconnectMinMs: 50 });
    await modem.start();
    driver = new GsmModemDriver({ logger: silentLogger(), modems: [{ source: modem, line: { did: '+995599000000', ringExtensions: ['201', '202'] } }], ringTimeoutMs: 1000 });
    tracker = new CallTracker({ pbx: 'gsm' });
    driver.events.on('event', (e) => tracker.handle(e));
    await driver.start();
  });
  afterEach(async () => {
    await driver.stop();
    await modem.stop();
    await sim.stop();
  });

  it('pops the caller on the ringing extensions and logs a missed call on NO CARRIER', async () => {
    const ringing: { ext: string; number: string | null }[] = [];
    const ended: TrackedCall[] = [];
    tracker.events.on('call.ringing', ({ call, extension }) => ringing.push({ ext: extension, number: call.externalNumber }));
    tracker.events.on('call.ended', ({ call }) => ended.push(call));
    sim.ring('+995322123456');
    sim.ring('+995322123456');
    await waitFor(() => tracker.liveCalls().some((c) => c.externalNumber === '+995322123456'), 6000, 'caller known');
    expect(tracker.liveCalls()).toHaveLength(1);
    expect(new Set(ringing.map((r) => r.ext))).toEqual(new Set(['201', '202']));
    sim.hangup();
    await waitFor(() => ended.length === 1, 6000, 'call ended');
    expect(ended[0]).toMatchObject({ direction: 'inbound', externalNumber: '+995322123456', did: '+995599000000', missed: true, answeredBy: null });
    expect(driver.capabilities).toEqual(new Set(['monitor']));
    await expect(driver.originate()).rejects.toMatchObject({ code: 'capability_missing' });
  });

  it('ends the call when the rings stop without NO CARRIER', async () => {
    const ended: TrackedCall[] = [];
    tracker.events.on('call.ended', ({ call }) => ended.push(call));
    sim.ring('555123456');
    await waitFor(() => ended.length === 1, 6000, 'ring timeout');
    expect(ended[0]).toMatchObject({ externalNumber: '555123456', missed: true });
  });
});
