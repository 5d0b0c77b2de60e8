import { parseCmgrResponse } from '../../sms/index.js';
import { isZariError } from '../../kernel/index.js';
import { loadSmsFixture } from './fixtures.js';

interface Capture {
  id: string;
  transcript: string[];
  expect_parse: boolean;
  expected?: { mms_sender: string; mms_address: string; mms_size: number };
}

const captures = loadSmsFixture<Capture[]>('realworld-cmgr.json');
const good = captures.filter((c) => c.expect_parse);
const bad = captures.filter((c) => !c.expect_parse);

describe('real-world +CMGR captures (gammu at-sms)', () => {
  it('has 36 must-parse and 10 must-fail captures', () => {
    expect([good.length, bad.length]).toEqual([36, 10]);
  });

  it.each(good.map((c) => [c.id, c] as const))('parses %s', (_id, c) => {
    const m = parseCmgrResponse(c.transcript);
    expect(['SMS-DELIVER', 'SMS-SUBMIT', 'SMS-STATUS-REPORT']).toContain(m.pdu.type);
    if (m.pdu.type === 'SMS-STATUS-REPORT') expect(['delivered', 'pending', 'failed']).toContain(m.pdu.status.outcome);
    else expect(m.pdu.userData.text ?? m.pdu.userData.data).not.toBeUndefined();
  });

  it.each(bad.map((c) => [c.id, c] as const))('rejects %s with a validation error', (_id, c) => {
    let caught: unknown;
    try {
      parseCmgrResponse(c.transcript);
    } catch (e) {
      caught = e;
    }
    expect(isZariError(caught) && caught.code === 'validation_failed').toBe(true);
  });

  it('decodes known fields of captures (Indian +05:30 zone, stat and length, status report)', () => {
    const india = parseCmgrResponse(good.find((c) => c.id === 'gammu-at-sms-03')!.transcript);
    expect(india.stat).toBe(1);
    expect(india.length).toBe(25);
    expect(india.pdu.type === 'SMS-DELIVER' && [india.pdu.sender.value, india.pdu.timestamp.iso, india.pdu.userData.text])
      .toEqual(['+919884280026', '2007-05-03T07:04:40+05:30', 'Ok sir']);
    const report = parseCmgrResponse(good.find((c) => c.id === 'gammu-at-sms-30')!.transcript).pdu;
    expect(report.type === 'SMS-STATUS-REPORT' && [report.reference, report.recipient.value, report.status.outcome])
      .toEqual([232, '+666666666666', 'delivered']);
  });

  it('exposes the WAP MMS notification of at-sms/40 as 8-bit data with its port and the values gammu asserts', () => {
    const c = good.find((x) => x.id === 'gammu-at-sms-40')!;
    const p = parseCmgrResponse(c.transcript).pdu;
    if (p.type !== 'SMS-DELIVER') throw new Error('expected a deliver');
    expect(p.userData.text).toBeNull();
    expect(p.userData.udh[0]?.port).toEqual({ dest: 2948, orig: 9200, bits: 16 });
    const body = Buffer.from(p.userData.data).toString('latin1');
    expect(body).toContain(c.expected!.mms_sender);
    expect(body).toContain(c.expected!.mms_address);
  });

  it('keeps a stored message whose PDU the modem cut short, flagged truncated (lenient +CMGR only)', () => {
    const p = parseCmgrResponse(good.find((c) => c.id === 'gammu-at-sms-41')!.transcript).pdu;
    expect(p.type === 'SMS-SUBMIT' && p.userData.truncated).toBe(true);
  });
});
