import { silentLogger } from '../../kernel/index.js';
import { createPhoneNormalizer, type Actor } from '../../crm-core/index.js';
import { CallControlService, CallTracker, DemoPbxDriver, GsmModemDriver } from '../../cti/index.js';

/** Call control refuses what the driver cannot do, and what the user may not do, before anything reaches the PBX. */
const phones = createPhoneNormalizer({ defaultRegion: 'GE', outsideLinePrefixes: [], extensionMaxDigits: 5 });
const operator: Actor = { userId: 7, role: 'operator', grants: [], extensions: ['201'] };

function control(driver: ConstructorParameters<typeof CallControlService>[0]['driver'], tracker = new CallTracker({})) {
  return new CallControlService({
    driver, calls: tracker, phones, logger: silentLogger(), outboundContext: 'internal', internalContext: 'internal', outboundCallerId: null,
  });
}

describe('CallControlService', () => {
  it('a monitor-only driver (GSM gateway) refuses click-to-dial, transfer, hangup and recording with capability_missing', async () => {
    const c = control(new GsmModemDriver({ logger: silentLogger(), modems: [] }));
    expect(c.capabilities()).toEqual(['monitor']);
    await expect(c.dial(operator, '+995 555 12 34 56')).rejects.toMatchObject({ code: 'capability_missing' });
    await expect(c.transfer(operator, '1.1', '202', 'blind')).rejects.toMatchObject({ code: 'capability_missing' });
    await expect(c.hangup(operator, '1.1')).rejects.toMatchObject({ code: 'capability_missing' });
    await expect(c.recording(operator, '1.1', 'start')).rejects.toMatchObject({ code: 'capability_missing' });
  });

  it('a user without an extension cannot click-to-dial; garbage is not dialled', async () => {
    const demo = new DemoPbxDriver({ logger: silentLogger(), callers: [], extensions: ['201'], callEveryMs: 0 });
    const c = control(demo);
    await expect(c.dial({ ...operator, extensions: [] }, '0322123456')).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(c.dial(operator, 'anonymous')).rejects.toMatchObject({ code: 'invalid_phone_number' });
    await expect(c.dial(operator, '+995 32 212 34 56')).resolves.toMatchObject({ extension: '201', dialed: '0322123456' });
    await demo.stop();
  });

  it('an operator controls only the calls of their own extension; a secretary any live call', async () => {
    const tracker = new CallTracker({});
    const demo = new DemoPbxDriver({ logger: silentLogger(), callers: [], extensions: ['201', '202'], callEveryMs: 0, timeScale: 0.01 }); // rings for 600 ms
    demo.events.on('event', (e) => tracker.handle(e));
    const c = control(demo, tracker);
    const callId = demo.playInbound({ from: '+995322123456', fromName: null, ring: ['202'], answeredBy: null, ringMs: 60_000, talkMs: 0, transferTo: null });
    for (let i = 0; i < 100 && !tracker.get(callId)?.ringingNow.length; i++) await new Promise((r) => setTimeout(r, 5));
    expect(tracker.get(callId)?.ringingNow).toEqual(['202']);
    await expect(c.transfer(operator, callId, '301', 'blind')).rejects.toMatchObject({ code: 'forbidden' });
    // the demo PBX refuses transfers of its scripted calls: the refusal comes from the driver, after the checks
    await expect(c.transfer({ ...operator, role: 'secretary', extensions: ['301'] }, callId, '301', 'blind')).rejects.toMatchObject({ code: 'pbx_rejected' });
    await expect(c.hangup(operator, 'no-such-call')).rejects.toMatchObject({ code: 'no_such_call' });
    await demo.stop();
  });
});
