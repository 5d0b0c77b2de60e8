import { decodePdu, encodeDeliver, encodeSubmit, type SmsPdu, type SubmitInput } from '../../sms/index.js';
import { isZariError } from '../../kernel/index.js';
import { loadSmsFixture } from './fixtures.js';

const vectors = loadSmsFixture<{ id: string; pdu_hex: string }[]>('vectors.json');
const pduOf = (id: string): string => vectors.find((v) => v.id === id)!.pdu_hex;
const submitText = (p: SmsPdu): string => (p.type === 'SMS-SUBMIT' ? (p.userData.text ?? '') : '');
const FOREVER = 63 * 7 * 86_400;

describe('SMS-SUBMIT encoder reproduces other encoders byte for byte', () => {
  const cases: [string, SubmitInput][] = [
    ['gsmmodem-encode-01', { to: '+27820001111', text: 'Hello World!' }],
    ['gsmmodem-encode-03', { to: '+123456789', text: '世界您好！', smsc: '+44000000000', validity: { relativeSeconds: 31_449_600 } }],
    ['gsmmodem-encode-04', {
      to: '0126541234', text: 'Test message: local numbers', reference: 13, smsc: '12345',
      validity: { relativeSeconds: 259_200 }, requestStatusReport: true, localNumberType: 'national',
    }],
    ['gsmmodem-encode-05', { to: '+27820001111', text: 'Timestamp validity test', validity: { absolute: '2013-07-10T13:39:00+02:00' } }],
    ['mm-encode-ucs2-with-smsc', { to: '+15555551234', smsc: '+19037029920', text: 'Да здравствует король, детка!', validity: { relativeSeconds: 300 } }],
    ['mm-encode-ucs2-no-smsc', { to: '+15555551234', text: 'Да здравствует король, детка!', validity: { relativeSeconds: 300 } }],
    ['mm-encode-gsm-with-smsc', { to: '+15555551234', smsc: '+19037029920', text: 'Hi there...Tue 17th Jan 2012 05:30.18 pm (GMT+1) ΔΔΔΔΔ', validity: { relativeSeconds: 300 } }],
    ['mm-encode-gsm-no-validity', { to: '+15556661234', text: 'This is really cool ΔΔΔΔΔ' }],
    ['gammu-encode-01', { to: '1234', smsc: '1234', text: '123456', validity: { relativeSeconds: FOREVER } }],
    ['gammu-encode-03', { to: '1234', smsc: '1234', text: '123456', encoding: 'ucs2', validity: { relativeSeconds: FOREVER } }],
    ['gammu-encode-115', { to: '800123456', smsc: '+420800123456', text: 'Zkouška sirén', validity: { relativeSeconds: FOREVER } }],
    ['gammu-encode-187', { to: '+41761234567', smsc: '+41761234567', text: 'Zkouška sirén', validity: { relativeSeconds: FOREVER } }],
  ];

  it.each(cases)('%s', (id, input) => {
    const out = encodeSubmit(input);
    expect(out.parts).toHaveLength(1);
    expect(out.parts[0]!.pdu).toBe(pduOf(id));
    const smscOctets = Number.parseInt(pduOf(id).slice(0, 2), 16) + 1;
    expect(out.parts[0]!.tpduLength).toBe(pduOf(id).length / 2 - smscOctets);
  });

  it('splits python-gsmmodem\'s 3-part text into the same three PDUs (153 septets per full part)', () => {
    const ids = ['gsmmodem-concat-1', 'gsmmodem-concat-2', 'gsmmodem-concat-3'];
    const text = ids.map((id) => submitText(decodePdu(pduOf(id)))).join('');
    const out = encodeSubmit({ to: '+15125551234', text, rejectDuplicates: true, concatRef: 0 });
    expect(out.parts.map((p) => p.pdu)).toEqual(ids.map(pduOf));
    expect(out.parts.map((p) => p.tpduLength)).toEqual([153, 153, 136]);
  });
});

describe('encoding choice and splitting', () => {
  it.each([
    ['GSM-7 with every extension character', '€ [ ] { } ^ ~ \\ | and plain text', 'gsm7'],
    ['Cyrillic', 'Съешь же ещё этих мягких французских булок', 'ucs2'],
    ['Georgian', 'გამარჯობა, როგორ ხარ?', 'ucs2'],
    ['emoji', 'ok 👍🏽 done 🎉', 'ucs2'],
  ] as const)('round-trips %s', (_name, text, encoding) => {
    const out = encodeSubmit({ to: '+995555123456', text });
    expect(out.encoding).toBe(encoding);
    expect(out.parts).toHaveLength(1);
    const p = decodePdu(out.parts[0]!.pdu);
    expect(submitText(p)).toBe(text);
    expect(p.type === 'SMS-SUBMIT' && p.coding.encoding).toBe(encoding);
  });

  it('fits 160 GSM-7 septets in one part and splits 161 into 153 + 8', () => {
    expect(encodeSubmit({ to: '+1', text: 'a'.repeat(160) }).parts).toHaveLength(1);
    const two = encodeSubmit({ to: '+1', text: 'a'.repeat(161), concatRef: 7 });
    expect(two.parts.map((p) => p.text.length)).toEqual([153, 8]);
  });

  it('counts extension characters as two septets and never splits an escape sequence', () => {
    const text = `${'a'.repeat(152)}€${'b'.repeat(20)}`;
    const out = encodeSubmit({ to: '+1', text, concatRef: 1 });
    expect(out.parts[0]!.text).toBe('a'.repeat(152));
    expect(out.parts[1]!.text.startsWith('€')).toBe(true);
    expect(out.parts.map((p) => submitText(decodePdu(p.pdu))).join('')).toBe(text);
  });

  it('fits 70 UCS-2 units in one part, splits at 67 and never splits a surrogate pair', () => {
    expect(encodeSubmit({ to: '+1', text: 'ж'.repeat(70) }).parts).toHaveLength(1);
    const text = `${'ж'.repeat(66)}😀${'ж'.repeat(10)}`;
    const out = encodeSubmit({ to: '+1', text, concatRef: 2 });
    expect(out.parts[0]!.text).toBe('ж'.repeat(66));
    expect(out.parts[1]!.text.startsWith('😀')).toBe(true);
    expect(out.parts.map((p) => submitText(decodePdu(p.pdu))).join('')).toBe(text);
  });

  it('marks every part with the concat UDH, UDHI, validity and status-report request', () => {
    const out = encodeSubmit({
      to: '+79161234567', text: 'Ж'.repeat(200), concatRef: 200, requestStatusReport: true, validity: { relativeSeconds: 86_400 },
    });
    expect(out.parts).toHaveLength(3);
    out.parts.forEach((part, i) => {
      const p = decodePdu(part.pdu);
      if (p.type !== 'SMS-SUBMIT') throw new Error('submit expected');
      expect(p.userData.concat).toEqual({ ref: 200, refBits: 8, total: 3, seq: i + 1 });
      expect([p.statusReportRequest, p.validity?.kind === 'relative' && p.validity.seconds]).toEqual([true, 86_400]);
    });
  });

  it('encodes international, national and alphanumeric addresses', () => {
    const intl = decodePdu(encodeSubmit({ to: '+995 555 12-34-56', text: 'x' }).parts[0]!.pdu);
    expect(intl.type === 'SMS-SUBMIT' && [intl.recipient.value, intl.recipient.toa]).toEqual(['+995555123456', 0x91]);
    const unknown = decodePdu(encodeSubmit({ to: '89161234567', text: 'x' }).parts[0]!.pdu);
    expect(unknown.type === 'SMS-SUBMIT' && [unknown.recipient.value, unknown.recipient.toa]).toEqual(['89161234567', 0x81]);
    const national = decodePdu(encodeSubmit({ to: '0555123456', text: 'x', localNumberType: 'national' }).parts[0]!.pdu);
    expect(national.type === 'SMS-SUBMIT' && [national.recipient.value, national.recipient.ton]).toEqual(['0555123456', 'national']);
    const alpha = decodePdu(encodeDeliver({ from: 'Zari-Bank', text: 'код 1234', timestamp: '2026-11-28T10:00:00+04:00' }).parts[0]!.pdu);
    expect(alpha.type === 'SMS-DELIVER' && [alpha.sender.value, alpha.sender.ton, alpha.timestamp.iso])
      .toEqual(['Zari-Bank', 'alphanumeric', '2026-11-28T10:00:00+04:00']);
  });

  it('rejects bad input with validation errors, never a RangeError', () => {
    for (const bad of [{ to: '', text: 'x' }, { to: '+1', text: 'Ж', encoding: 'gsm7' }, { to: '+1'.padEnd(25, '2'), text: 'x' }]) {
      let caught: unknown;
      try {
        encodeSubmit(bad as SubmitInput);
      } catch (e) {
        caught = e;
      }
      expect(isZariError(caught) && caught.code === 'validation_failed').toBe(true);
    }
  });

  // ModemManager src/tests/test-sms-part-3gpp.c (GPL-2.0+), Text-Split and Address-Encoder cases
  it('splits like ModemManager: 160 digits in one part, 161 as 153 + 8; 70 CJK in one part, 71 as 67 + 4', () => {
    const digits = '0123456789012345678901234567890123456789'.repeat(4);
    expect(encodeSubmit({ to: '+1', text: digits }).parts.map((p) => p.text)).toEqual([digits]);
    expect(encodeSubmit({ to: '+1', text: `${digits}0`, concatRef: 1 }).parts.map((p) => p.text))
      .toEqual([digits.slice(0, 153), `${digits.slice(153)}0`]);
    const cjk = '你好'.repeat(35);
    expect(encodeSubmit({ to: '+1', text: cjk }).parts.map((p) => p.text)).toEqual([cjk]);
    const cjk2 = `${'你好'.repeat(35)}好`;
    const parts = encodeSubmit({ to: '+1', text: cjk2, concatRef: 1 });
    expect([parts.encoding, parts.parts.map((p) => p.text)]).toEqual(['ucs2', [cjk2.slice(0, 67), '好你好好']]);
  });

  it('encodes SMSC and destination addresses like ModemManager', () => {
    const smscIntl = encodeSubmit({ to: '9037029920', smsc: '+19037029920', text: 'x' }).parts[0]!.pdu;
    expect(smscIntl.startsWith('07919130079229F0')).toBe(true);
    const smscUnknown = encodeSubmit({ to: '9037029920', smsc: '9037029920', text: 'x' }).parts[0]!.pdu;
    expect(smscUnknown.startsWith('06810973209902')).toBe(true);
    expect(smscUnknown.slice(18, 32)).toBe('0A810973209902'); // after SMSC (7 octets), first octet and TP-MR
    const daIntl = encodeSubmit({ to: '+19037029920', text: 'x' }).parts[0]!.pdu;
    expect(daIntl.slice(6, 22)).toBe('0B919130079229F0');
  });
});
