import { readFileSync } from 'node:fs';
import { silentLogger, type ZariError } from '../../kernel/index.js';
import {
  AtChannel, decodePdu, parseAtError, parseCops, parseCreg, parseCsq, parseUrcLine, type Urc,
} from '../../sms/index.js';
import { sharedPath } from '../helpers/shared.js';

interface MmCases {
  final_result_detection: { cases: { response: string; found: boolean; error: boolean }[] };
  urc_clip: { raw: string; number: string; type: number }[];
  urc_cds: { raw: string; length: number; pdu: string }[];
}
const mm = JSON.parse(readFileSync(sharedPath('vectors', 'gsm-at', 'mm-at-parser-cases.json'), 'utf8')) as MmCases;

function channel(): { at: AtChannel; written: string[]; urcs: Urc[] } {
  const written: string[] = [];
  const at = new AtChannel({ write: (d) => written.push(d), logger: silentLogger(), defaultTimeoutMs: 1000 });
  const urcs: Urc[] = [];
  at.events.on('urc', (u) => urcs.push(u));
  return { at, written, urcs };
}

describe('AT channel: final result detection (ModemManager cases)', () => {
  it.each(mm.final_result_detection.cases)('%j', async ({ response, found, error }) => {
    const { at } = channel();
    const p = at.command('ATD+0123456789;', { dial: true, timeoutMs: 100 }).then(() => 'ok', (e: ZariError) => e.code);
    at.feed(response);
    const result = await p;
    if (!found) expect(result).toBe('modem_unavailable'); // never completed: the timeout ended it
    else expect(result).toBe(error ? 'modem_rejected' : 'ok');
  });
});

describe('AT channel: URCs between and inside answers', () => {
  it.each(mm.urc_clip)('+CLIP $raw', ({ raw, number, type }) => {
    const { at, urcs } = channel();
    at.feed(raw);
    expect(urcs).toEqual([{ type: 'clip', number, toa: type }]);
  });

  it.each(mm.urc_cds)('+CDS with its PDU line', ({ raw, pdu }) => {
    const { at, urcs } = channel();
    at.feed(raw);
    expect(urcs).toEqual([{ type: 'status-report', pdu }]);
    expect(decodePdu(pdu).type).toBe('SMS-STATUS-REPORT');
  });

  it('gammu: +CDS without a space and CR-only line ends, split across chunks', () => {
    const { at, urcs } = channel();
    const text = '+CDS:25\r07914875215652F006360B914892347527F3817003018104808170030181448000\r';
    for (const ch of text) at.feed(ch);
    expect(urcs).toEqual([{ type: 'status-report', pdu: '07914875215652F006360B914892347527F3817003018104808170030181448000' }]);
  });

  it('python-gsmmodem #11: ZTE URCs around the prompt and the +CMGS answer', async () => {
    const { at, written } = channel();
    const p = at.sendPdu('00218E0A91103254769800000CC8329BFD06DDDF72363904', 23);
    expect(written).toEqual(['AT+CMGS=23\r']);
    at.feed('\r\n+ZDONR: "METEOR",272,3,"CS_ONLY","ROAM_OFF"\r\n\r\n+ZPASR: "UMTS"\r\n\r\n> ');
    await new Promise((r) => setImmediate(r)); // the body is written after the (async) beforeBody hook
    expect(written[1]).toBe('00218E0A91103254769800000CC8329BFD06DDDF72363904\x1a');
    at.feed('\r\n+ZDONR: "METEOR",272,3,"CS_PS","ROAM_OFF"\r\n\r\n+CMGS: 142\r\n\r\nOK\r\n');
    await expect(p).resolves.toBe(142);
  });

  it('+CMTI in the middle of an answer is a URC, not part of it; a multi-line +CUSD is one URC', async () => {
    const { at, urcs } = channel();
    const p = at.command('AT+CSQ');
    at.feed('\r\n+CSQ: 20,99\r\n\r\n+CMTI: "SM",3\r\n\r\nOK\r\n');
    await expect(p).resolves.toEqual(['+CSQ: 20,99']);
    at.feed('\r\n+CUSD: 1,"Bal:$100.00 *\r\nExp 01 Jan 2013\r\n1. Recharge",15\r\n');
    expect(urcs).toEqual([
      { type: 'sms-stored', memory: 'SM', index: 3 },
      { type: 'ussd', status: 1, text: 'Bal:$100.00 *\r\nExp 01 Jan 2013\r\n1. Recharge', dcs: 15 },
    ]);
  });

  it('queues commands one at a time, times out, and fails everything when the port closes', async () => {
    const { at, written } = channel();
    const a = at.command('AT+CSQ', { timeoutMs: 50 });
    const b = at.command('AT+CREG?');
    expect(written).toEqual(['AT+CSQ\r']);
    await expect(a).rejects.toMatchObject({ code: 'modem_unavailable', details: { inDoubt: false } });
    expect(written).toEqual(['AT+CSQ\r', 'AT+CREG?\r']);
    const c = at.sendPdu('00', 0);
    at.close('unplugged');
    await expect(b).rejects.toMatchObject({ code: 'modem_unavailable' });
    await expect(c).rejects.toMatchObject({ code: 'modem_unavailable', details: { inDoubt: false } });
    await expect(at.command('AT')).rejects.toMatchObject({ code: 'modem_unavailable' });
  });

  it('beforeBody runs between the prompt and the PDU; when it fails, ESC cancels and nothing is sent', async () => {
    const { at, written } = channel();
    const order: string[] = [];
    const ok = at.sendPdu('0011', 1, 1000, async () => { order.push(`hook after ${written.length} writes`); });
    at.feed('> ');
    await new Promise((r) => setImmediate(r));
    at.feed('\r\n+CMGS: 7\r\n\r\nOK\r\n');
    await expect(ok).resolves.toBe(7);
    expect(order).toEqual(['hook after 1 writes']);
    const failed = at.sendPdu('0022', 1, 1000, async () => { throw new Error('database down'); });
    at.feed('> ');
    await expect(failed).rejects.toMatchObject({ code: 'modem_unavailable', details: { inDoubt: false } });
    expect(written.slice(2)).toEqual(['AT+CMGS=1\r', '\x1b']);
  });

  it('in doubt: the PDU was written but the answer never came', async () => {
    const { at } = channel();
    const p = at.sendPdu('00', 0, 50);
    at.feed('> ');
    await expect(p).rejects.toMatchObject({ code: 'modem_unavailable', details: { inDoubt: true } });
  });
});

describe('readable modem errors and health parsers', () => {
  it.each([
    ['+CMS ERROR: 330', 'cms', 330, 'SMSC address unknown', false],
    ['+CMS ERROR: 42', 'cms', 42, 'congestion', true],
    ['+CME ERROR: 11', 'cme', 11, 'SIM PIN required', false],
    ['+CME ERROR: 515', 'cme', 515, 'device busy', true],
    ['+CME ERROR: 1234', 'cme', 1234, 'unknown CME error 1234', false],
    ['+CME ERROR: SIM busy', 'cme', null, 'SIM busy', false],
    ['COMMAND NOT SUPPORT', 'not_supported', null, 'command not supported', false],
  ] as const)('%s', (line, kind, code, text, transient) => {
    expect(parseAtError(line)).toMatchObject({ kind, code, text, transient });
  });

  it('parses +CSQ, +CREG (gammu captures) and +COPS', () => {
    expect(parseCsq(['+CSQ: 31,99'])).toEqual({ rssi: 31, dbm: -51 });
    expect(parseCsq(['+CSQ: 99,99'])).toEqual({ rssi: null, dbm: null });
    for (const name of ['huawei', 'telit', 'siemens']) {
      const creg = readFileSync(sharedPath('vectors', 'gsm-at', 'gammu-captures', `at-creg__${name}.txt`), 'utf8');
      expect(parseCreg(creg.split(/\r?\n/))).toBe('home');
    }
    expect(parseCreg(['+CREG: 0,5'])).toBe('roaming');
    expect(parseCreg(['+CREG: 2,1,"00C3","0000C3E5"'])).toBe('home');
    expect(parseCops(['+COPS: 0,0,"MAGTI",2'])).toBe('MAGTI');
    expect(parseUrcLine('RING')).toEqual({ type: 'ring', callType: null });
    expect(parseUrcLine('+CRING: VOICE')).toEqual({ type: 'ring', callType: 'VOICE' });
  });
});
