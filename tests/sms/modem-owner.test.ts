import { createLogger, silentLogger } from '../../kernel/index.js';
import { ModemOwner, encodeDeliver, type ModemOwnerEvents } from '../../sms/index.js';
import { ModemSim, waitFor } from '../helpers/modem-sim.js';

function owner(sim: ModemSim): ModemOwner {
  return new ModemOwner({ id: 'm1', path: sim.hostPath, logger: process.env.DBG ? createLogger({ level: 'debug' }) : silentLogger(), commandTimeoutMs: 2000, sendTimeoutMs: 2000, reconnectMinMs: 50, reconnectMaxMs: 200 });
}

describe('ModemOwner over a socat pty (real serialport driver)', () => {
  let sim: ModemSim;
  let modem: ModemOwner;
  beforeEach(async () => {
    sim = await ModemSim.start();
    modem = owner(sim);
    await modem.start();
  });
  afterEach(async () => {
    await modem.stop();
    await sim.stop();
  });

  it('runs the init sequence in order and becomes ready', async () => {
    expect(modem.status().state).toBe('ready');
    expect(sim.commands.slice(0, 5)).toEqual(['ATZ', 'ATE0', 'AT+CMEE=1', 'AT+CPIN?', 'AT+CMGF=0']);
    expect(sim.commands).toContain('AT+CNMI=2,1,0,1,0');
    expect(sim.commands).toContain('AT+CLIP=1');
  });

  it('reports health (+CSQ, +CREG, +COPS) and the balance by USSD', async () => {
    expect(await modem.checkHealth()).toEqual({ signalDbm: -71, signalRssi: 21, registration: 'home', operator: 'SimNet GE' });
    expect(await modem.ussd('*100#')).toBe('Balance: 12.50 GEL');
  });

  it('sends a PDU, gets the TP-MR, and a +CMS ERROR becomes a readable modem_rejected error', async () => {
    expect(await modem.sendPdu('0011000C919955551234560000AA01C8', 15)).toBe(0);
    sim.faults.push({ at: 'cmgs-body', action: 'reply', line: '+CMS ERROR: 330' });
    const err = await modem.sendPdu('0011000C919955551234560000AA01C8', 15).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'modem_rejected', details: { code: 330, kind: 'cms', text: 'SMSC address unknown' } });
    expect((err as Error).message).toBe('modem rejected AT+CMGS=15: CMS 330: SMSC address unknown');
  });

  it('+CMTI → AT+CMGR → message (long, 2 parts joined) → AT+CMGD', async () => {
    const got: ModemOwnerEvents['message'][] = [];
    modem.events.on('message', (m) => got.push(m));
    const text = 'Привет! '.repeat(12);
    sim.receive('+995555123456', text, 7);
    await waitFor(() => got.length === 1, 8000, 'inbound message');
    expect(got[0]?.message.text).toBe(text);
    expect(got[0]?.message.sender.value).toBe('+995555123456');
    await waitFor(() => sim.stored.size === 0, 2000, 'AT+CMGD');
    expect(sim.commands.filter((c) => c.startsWith('AT+CMGR='))).toHaveLength(2);
  });

  it('emits RING, +CLIP and NO CARRIER; survives URC noise between a command and its answer', async () => {
    const seen: string[] = [];
    modem.events.on('ring', () => seen.push('ring'));
    modem.events.on('clip', (c) => seen.push(`clip ${c.number}`));
    modem.events.on('hangup', () => seen.push('hangup'));
    sim.ring('+995322123456');
    sim.line('+ZDONR: "METEOR",272,3,"CS_ONLY","ROAM_OFF"');
    sim.hangup();
    await waitFor(() => seen.length === 3, 2000, 'call URCs');
    expect(seen).toEqual(['ring', 'clip +995322123456', 'hangup']);
    expect(await modem.command('AT+CSQ')).toEqual(['+CSQ: 21,99']);
  });

  it('reads messages stored while nobody listened (AT+CMGL=4 after connecting), once', async () => {
    await modem.stop();
    sim.stored.set(9, encodeDeliver({ from: '+995599123123', text: 'sent while zari was down', timestamp: '2026-11-28T09:00:00Z', smsc: '+995599000000' }).parts[0]?.pdu ?? '');
    const again = owner(sim);
    const got: string[] = [];
    again.events.on('message', (m) => got.push(m.message.text));
    await again.start();
    try {
      await waitFor(() => sim.stored.size === 0, 8000, 'stored message read and deleted');
      expect(got).toEqual(['sent while zari was down']);
      expect(again.status().health).toMatchObject({ registration: 'home' });
    } finally {
      await again.stop();
    }
  });

  it('owns the port exclusively: a second owner of the same modem cannot open it', async () => {
    const second = owner(sim);
    await second.start();
    try {
      expect(second.status()).toMatchObject({ state: 'disconnected', lastError: expect.stringMatching(/lock|busy|resource/i) as unknown });
      expect(modem.status().state).toBe('ready');
    } finally {
      await second.stop();
    }
  });

  it('reconnects when the device disappears and comes back', async () => {
    await sim.unplug();
    // the pty's hang-up reaches serialport through libuv's poller: slower on a loaded 2-core CI machine
    await waitFor(() => modem.status().state === 'disconnected', 10_000, 'disconnect');
    await expect(modem.sendPdu('00', 0)).rejects.toMatchObject({ code: 'modem_unavailable' });
    await sim.plugIn();
    await waitFor(() => modem.status().state === 'ready', 10_000, 'reconnect');
    expect(modem.status().reconnects).toBeGreaterThan(0);
    expect(await modem.checkHealth()).toMatchObject({ registration: 'home' });
  });
});
