import { ModemSim } from '../helpers/modem-sim.js';
import { until } from '../helpers/live-call.js';
import { startTestApp, type TestApp } from '../helpers/http.js';
import { recordingSocket } from '../web/realtime-client.js';
import type { InboundSmsNotice } from '../../web/realtime/realtime-events.js';

/** An SMS from a client reaches its responsible manager's browser at once, and nobody else's. */
describe('inbound SMS notice', () => {
  let sim: ModemSim;
  let t: TestApp;
  beforeAll(async () => {
    sim = await ModemSim.start();
    t = await startTestApp('sqlite', { config: { smsModems: [sim.hostPath], demoPbx: true, defaultRegion: 'GE' } });
  });
  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('is pushed to the responsible manager as sms.inbound with the text as sent', async () => {
    const manager = await t.createUser('manager', { extensions: ['451'] });
    const other = await t.createUser('manager', { extensions: ['452'] });
    const admin = await t.admin();
    const client = await admin.post<{ id: number }>('/api/clients', { name: 'Kartli Foods', responsibleUserId: manager.user.id, phones: [{ raw: '+995 577 44 55 66' }] });
    expect(client.status).toBe(201);
    await until(() => t.zari.sms?.modems.every((m) => m.status().state === 'ready'), 'the modem ready');
    const mine = await recordingSocket(t.baseUrl, manager.client.cookie);
    const theirs = await recordingSocket(t.baseUrl, other.client.cookie);
    try {
      const text = 'გამარჯობა <img src=x onerror=alert(1)>';
      sim.receive('+995577445566', text);
      const notice = await mine.waitFor<InboundSmsNotice>('sms.inbound');
      expect(notice).toMatchObject({ from: '+995577445566', text, clientId: client.body.id, clientName: 'Kartli Foods' });
      await new Promise((r) => setTimeout(r, 200));
      expect(theirs.of('sms.inbound')).toEqual([]);
    } finally {
      mine.close();
      theirs.close();
    }
  });
});
