import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import type { PbxEvent } from '../../cti/domain/call-event.js';
import { formatAction, parseAmiUrl } from '../../cti/drivers/asterisk-ami/ami-action.js';
import { AmiFrameParser } from '../../cti/drivers/asterisk-ami/ami-frame-parser.js';
import { AsteriskAmiDriver, type AsteriskAmiDriverDeps } from '../../cti/drivers/asterisk-ami/asterisk-ami.driver.js';
import { mapAmiFrame } from '../../cti/drivers/asterisk-ami/map-ami-event.js';
import type { PbxStatus } from '../../cti/ports/pbx-driver.port.js';
import { isZariError, silentLogger } from '../../kernel/index.js';
import { AMI_FIXTURES, startAmiLoopback, type AmiLoopback, type AmiLoopbackOptions } from '../helpers/ami-loopback.js';

const fast = { baseMs: 20, maxMs: 80, authFailedRetryMs: 60_000 };

async function waitFor(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Rig {
  lb: AmiLoopback;
  driver: AsteriskAmiDriver;
  events: PbxEvent[];
  statuses: PbxStatus[];
}

const rigs: Rig[] = [];

async function rig(options: AmiLoopbackOptions = {}, deps: Partial<AsteriskAmiDriverDeps> = {}, start = true): Promise<Rig> {
  const lb = await startAmiLoopback(options);
  const driver = new AsteriskAmiDriver({ url: lb.url, logger: silentLogger(), backoff: fast, now: () => 0, random: () => 1, ...deps });
  const events: PbxEvent[] = [];
  const statuses: PbxStatus[] = [];
  driver.events.on('event', (e) => events.push(e));
  driver.events.on('status', (s) => statuses.push(s));
  const r = { lb, driver, events, statuses };
  rigs.push(r);
  if (start) {
    await driver.start();
    await waitFor(() => events.some((e) => e.type === 'resync.complete'), 5000, 'resync.complete');
  }
  return r;
}

afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.driver.stop();
    await r.lb.close();
  }
});

describe('AsteriskAmiDriver over a loopback AMI server', () => {
  it('logs in with Events: on, resyncs with empty lists, reports connected', async () => {
    const { lb, driver, events } = await rig();
    const login = lb.actions('Login')[0];
    expect(login?.fields).toMatchObject({ Action: 'Login', Username: 'zari', Secret: 'secret', Events: 'on' });
    expect(lb.received.map((f) => f.fields['Action'])).toEqual(['Login', 'CoreShowChannels', 'DeviceStateList', 'ExtensionStateList']);
    expect(events).toEqual([{ type: 'resync.begin', at: 0 }, { type: 'resync.complete', at: 0, liveCallIds: [] }]);
    expect(driver.status()).toMatchObject({ driver: 'asterisk-ami', state: 'connected', lastError: null, reconnects: 0 });
    expect([...driver.capabilities].sort()).toEqual(['device-state', 'hangup', 'monitor', 'originate', 'record', 'transfer']);
  });

  it('resync maps CoreShowChannel, DeviceStateChange and ExtensionStatus list items, live Linkedids last', async () => {
    const { events } = await rig({
      lists: {
        CoreShowChannels: '14-core-show-channels-live.ami', DeviceStateList: '16-device-state-list.ami', ExtensionStateList: '15-extension-state-list.ami',
      },
    });
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('resync.begin');
    expect(types.at(-1)).toBe('resync.complete');
    const legs = events.filter((e) => e.type === 'leg.created');
    expect(legs).toHaveLength(2);
    expect(legs.every((e) => e.type === 'leg.created' && e.resync === true)).toBe(true);
    expect(types.filter((t) => t === 'device.state').length).toBeGreaterThan(3);
    expect(types.filter((t) => t === 'extension.state').length).toBeGreaterThan(3);
    const complete = events.at(-1);
    expect(complete?.type === 'resync.complete' && complete.liveCallIds).toEqual([legs[0]?.callId]);
  });

  it('emits exactly what the mapper makes of the replayed transcript, in order (random chunks)', async () => {
    const fixture = '01-inbound-answered.ami';
    const { events } = await rig({ fixture, chunking: { seed: 11, maxChunk: 700 }, delayMs: 1 });
    const parser = new AmiFrameParser();
    const expected = parser.push(readFileSync(join(AMI_FIXTURES, fixture)))
      .filter((f) => f.fields['Response'] === undefined)
      .flatMap((f) => mapAmiFrame(f, 0));
    expect(expected.length).toBeGreaterThan(20);
    const calls = (): PbxEvent[] => events.filter((e) => !e.type.startsWith('resync.'));
    await waitFor(() => calls().length >= expected.length, 10_000, 'all events');
    expect(calls()).toEqual(expected);
  });

  it('wrong password: auth_failed with the reason, no tight retry loop', async () => {
    const { lb, driver, statuses } = await rig({ fixture: '13-ami-login-failure.ami' }, {}, false);
    await driver.start();
    await waitFor(() => driver.status().state === 'auth_failed', 5000, 'auth_failed');
    expect(driver.status().lastError).toBe('Authentication failed');
    expect(statuses.some((s) => s.state === 'auth_failed' && s.lastError === 'Authentication failed')).toBe(true);
    await sleep(400); // backoff base is 20 ms: a tight loop would reconnect ~20 times here
    expect(lb.connections()).toBe(1);
    expect(driver.status().state).toBe('auth_failed');
    await expect(driver.hangup('PJSIP/201-00000001')).rejects.toMatchObject({ code: 'pbx_unavailable' });
  });

  it('wrong password with a short authFailedRetryMs retries at that pace only', async () => {
    const { lb, driver } = await rig({ secret: 'right' }, { backoff: { ...fast, authFailedRetryMs: 150 } }, false);
    await driver.start();
    await sleep(500);
    expect(lb.connections()).toBeGreaterThanOrEqual(2);
    expect(lb.connections()).toBeLessThanOrEqual(5);
    expect(lb.actions('Login').every((f) => f.fields['Secret'] === 'secret')).toBe(true);
  });

  it('server drops the socket mid-stream: reconnects with backoff and resyncs again', async () => {
    const { lb, driver, statuses, events } = await rig({ fixture: '02-inbound-missed.ami', dropAfterBytes: 5000 });
    // the server closed right after the 5000 bytes: the first resync died with the socket
    await lb.waitForAction('CoreShowChannels', 2);
    await waitFor(() => driver.status().state === 'connected' && events.at(-1)?.type === 'resync.complete', 5000, 'second resync');
    expect(events.filter((e) => e.type === 'resync.begin')).toHaveLength(2);
    expect(events.some((e) => e.type === 'leg.created' && e.resync !== true)).toBe(true);
    expect(lb.connections()).toBe(2);
    expect(lb.actions('Login')).toHaveLength(2);
    expect(statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['connected', 'disconnected', 'connecting']));
    expect(driver.status()).toMatchObject({ state: 'connected', reconnects: 1 });
  });

  it('keep-alive: a server that stops answering Ping is dropped and reconnected', async () => {
    const { lb, driver, statuses } = await rig({}, { keepAliveMs: 40, keepAliveTimeoutMs: 60 });
    await lb.waitForAction('Ping', 2);
    expect(lb.connections()).toBe(1);
    lb.answerPing = false;
    await waitFor(() => lb.connections() >= 2, 5000, 'reconnect after ping timeout');
    expect(statuses.some((s) => s.state === 'disconnected' && s.lastError === 'keep-alive timeout')).toBe(true);
    lb.answerPing = true;
    await waitFor(() => driver.status().state === 'connected', 5000, 'connected again');
  });

  it('server stopped and restarted on the same port: the driver comes back', async () => {
    const { lb, driver } = await rig();
    await lb.stop();
    await waitFor(() => driver.status().state !== 'connected', 5000, 'disconnect');
    await sleep(100);
    await lb.restart();
    await waitFor(() => driver.status().state === 'connected', 5000, 'reconnected');
    // 'connected' is set at login; the resync's CoreShowChannels follows it on the wire
    await lb.waitForAction('CoreShowChannels', 2);
    expect(lb.actions('CoreShowChannels')).toHaveLength(2);
  });

  it('correlates ActionIDs: responses out of order with events interleaved', async () => {
    const held: { id: string; reply: (raw: string) => void }[] = [];
    const { lb, driver, events } = await rig({
      onAction: (frame, reply) => {
        const action = frame.fields['Action'];
        if (action !== 'Hangup' && action !== 'Redirect') return false;
        held.push({ id: frame.fields['ActionID'] ?? '', reply });
        return true;
      },
    });
    const hangup = driver.hangup('PJSIP/201-00000001');
    const redirect = driver.redirect('PJSIP/trunk-00000008', '202', 'internal').catch((e: unknown) => e);
    await waitFor(() => held.length === 2, 5000, 'both actions');
    const [h, r] = held;
    const newchannel = readFileSync(join(AMI_FIXTURES, '01-inbound-answered.ami'), 'utf8').split('\r\n\r\n').find((f) => f.startsWith('Event: Newchannel'));
    r!.reply(`Event: Newexten\r\nActionID: ${h!.id}\r\nChannel: X\r\n\r\n${newchannel}\r\n\r\nResponse: Error\r\nActionID: ${r!.id}\r\nMessage: Channel does not exist: PJSIP/trunk-00000008\r\n\r\n`);
    h!.reply(`Response: Success\r\nActionID: nobody-waits\r\n\r\nResponse: Success\r\nActionID: ${h!.id}\r\nMessage: Channel Hungup\r\n\r\n`);
    await expect(hangup).resolves.toBeUndefined();
    expect(await redirect).toMatchObject({ code: 'no_such_call', message: 'Channel does not exist: PJSIP/trunk-00000008' });
    expect(events.filter((e) => e.type === 'leg.created')).toHaveLength(1);
    expect(lb.actions('Hangup')[0]?.fields['ActionID']).toBe(h!.id);
  });

  it('commands send the right AMI fields', async () => {
    const { lb, driver } = await rig();
    const { actionId } = await driver.originate({
      extension: '201', number: '0551234567', callerId: '"Click2Dial" <0551234567>', context: 'internal', timeoutMs: 30000,
      variables: { ZARI_C2D: '1', ZARI_USER: 'u7' },
    });
    await driver.redirect('PJSIP/trunk-00000008', '202', 'internal');
    await driver.attendedTransfer('PJSIP/201-00000012', '301', 'internal');
    await driver.hangup('PJSIP/201-00000001');
    await driver.startRecording('PJSIP/201-00000020', '/var/spool/asterisk/monitor/x.wav');
    await driver.stopRecording('PJSIP/201-00000020');
    const originate = lb.actions('Originate')[0]!;
    expect(originate.fields).toEqual({
      Action: 'Originate', ActionID: actionId, Channel: 'PJSIP/201', Context: 'internal', Exten: '0551234567', Priority: '1',
      Timeout: '30000', Async: 'true', CallerID: '"Click2Dial" <0551234567>', Variable: 'ZARI_C2D=1',
    });
    expect(originate.lists).toEqual({ Variable: ['ZARI_C2D=1', 'ZARI_USER=u7'] });
    const fieldsOf = (name: string): Record<string, string> => {
      const { Action: _a, ActionID: _id, ...rest } = lb.actions(name)[0]!.fields;
      return rest;
    };
    expect(fieldsOf('Redirect')).toEqual({ Channel: 'PJSIP/trunk-00000008', Context: 'internal', Exten: '202', Priority: '1' });
    expect(fieldsOf('Atxfer')).toEqual({ Channel: 'PJSIP/201-00000012', Exten: '301', Context: 'internal' });
    expect(fieldsOf('Hangup')).toEqual({ Channel: 'PJSIP/201-00000001' });
    expect(fieldsOf('MixMonitor')).toEqual({ Channel: 'PJSIP/201-00000020', File: '/var/spool/asterisk/monitor/x.wav' });
    expect(fieldsOf('StopMixMonitor')).toEqual({ Channel: 'PJSIP/201-00000020' });
    const ids = lb.received.map((f) => f.fields['ActionID']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('an AMI Response: Error becomes pbx_rejected with the PBX message; bad input never reaches the wire', async () => {
    const { lb, driver } = await rig({ responses: { Atxfer: { Response: 'Error', Message: 'Atxfer not allowed' } } });
    const error: unknown = await driver.attendedTransfer('PJSIP/201-00000012', '301', 'internal').catch((e: unknown) => e);
    expect(isZariError(error) && error.code).toBe('pbx_rejected');
    expect((error as Error).message).toBe('Atxfer not allowed');
    await expect(driver.hangup('PJSIP/201\r\nAction: Originate')).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(driver.originate({ extension: '201\r\n', number: '1', callerId: null, context: 'x', timeoutMs: 1000 })).rejects.toMatchObject({ code: 'validation_failed' });
    expect(lb.actions('Originate')).toHaveLength(0);
  });

  it('not started: commands reject with pbx_unavailable; status stopped', async () => {
    const { driver } = await rig({}, {}, false);
    expect(driver.status().state).toBe('stopped');
    await expect(driver.originate({ extension: '201', number: '1', callerId: null, context: 'x', timeoutMs: 1000 })).rejects.toMatchObject({ code: 'pbx_unavailable' });
  });

  it('PBX down at start: keeps retrying with backoff, never logs the secret', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (s: string) => void lines.push(s) });
    const probe = await startAmiLoopback();
    const port = probe.port;
    await probe.close();
    const driver = new AsteriskAmiDriver({ url: `ami://zari:Sup3rS3cret@127.0.0.1:${port}`, logger, backoff: fast, random: () => 0.5 });
    await driver.start();
    await waitFor(() => driver.connection.attempts >= 3, 5000, 'three attempts');
    expect(driver.status().state).not.toBe('connected');
    expect(driver.status().lastError).toBe('ECONNREFUSED');
    const lb = await startAmiLoopback({ port });
    await waitFor(() => driver.status().state === 'connected', 5000, 'connected once the PBX is up');
    await driver.stop();
    await lb.close();
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.join('\n')).not.toContain('Sup3rS3cret');
    expect(lines.some((l) => l.includes('"driver":"asterisk-ami"'))).toBe(true);
  });
});

describe('AMI URL and action formatting', () => {
  it('parses ami://user:secret@host:port, default port 5038, percent-decoding', () => {
    expect(parseAmiUrl('ami://zari:p%40ss%3Aword@pbx.local')).toEqual({ host: 'pbx.local', port: 5038, username: 'zari', secret: 'p@ss:word' });
    expect(parseAmiUrl('ami://u:s@[::1]:5039').port).toBe(5039);
    for (const bad of ['http://u:s@h:1', 'ami://h:5038', 'not a url']) {
      const error: unknown = (() => {
        try {
          return parseAmiUrl(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toMatchObject({ code: 'validation_failed' });
    }
  });

  it('formats repeated keys as repeated lines and refuses line breaks', () => {
    expect(formatAction('Originate', 'a-1', { Channel: 'PJSIP/201', Variable: ['A=1', 'B=2'] }).toString()).toBe(
      'Action: Originate\r\nActionID: a-1\r\nChannel: PJSIP/201\r\nVariable: A=1\r\nVariable: B=2\r\n\r\n',
    );
    let error: unknown = null;
    try {
      formatAction('Hangup', 'a-2', { Channel: 'x\r\nAction: Originate' });
    } catch (e) {
      error = e;
    }
    expect(isZariError(error) && error.code).toBe('validation_failed');
  });
});
