import { decodePdu, encodeStatusReport, mapDeliveryStatus, rollUpOutcome } from '../../sms/index.js';
import { loadSmsFixture } from './fixtures.js';

const vectors = loadSmsFixture<{ id: string; kind: string; pdu_hex: string; has_smsc: boolean }[]>('vectors.json')
  .filter((v) => v.kind !== 'reject');

describe('status reports', () => {
  it.each([
    [0x00, 'delivered'], [0x01, 'delivered'], [0x02, 'delivered'], [0x1f, 'delivered'],
    [0x20, 'pending'], [0x30, 'pending'], [0x3f, 'pending'],
    [0x40, 'failed'], [0x46, 'failed'], [0x5f, 'failed'], [0x60, 'failed'], [0x7f, 'failed'], [0xab, 'failed'],
  ] as const)('maps TP-ST 0x%s to %s', (code, outcome) => {
    expect(mapDeliveryStatus(code)).toMatchObject({ code, outcome });
  });

  it('decodes every status report vector with a mapped outcome and keeps reserved raw values', () => {
    const reports = vectors.map((v) => decodePdu(v.pdu_hex, { smsc: v.has_smsc }))
      .filter((p) => p.type === 'SMS-STATUS-REPORT');
    expect(reports.length).toBeGreaterThanOrEqual(9);
    const byRef = new Map(reports.map((p) => [p.reference, p]));
    expect(byRef.get(0x5a)?.status).toMatchObject({ code: 0x30, outcome: 'pending' });
    expect(byRef.get(66)?.status).toMatchObject({ code: 171, outcome: 'failed', description: 'reserved value' });
    expect(byRef.get(183)?.status.outcome).toBe('delivered');
  });

  it('round-trips a report built for a fake modem', () => {
    const { pdu, tpduLength } = encodeStatusReport({
      reference: 17, recipient: '+995555123456', status: 0x46,
      timestamp: '2026-11-28T10:00:00+04:00', dischargeTime: '2026-11-28T11:30:15+04:00',
    });
    const p = decodePdu(pdu);
    expect(tpduLength).toBe(pdu.length / 2 - 1);
    expect(p.type === 'SMS-STATUS-REPORT' && [p.reference, p.recipient.value, p.dischargeTime.iso, p.status.outcome])
      .toEqual([17, '+995555123456', '2026-11-28T11:30:15+04:00', 'failed']);
  });

  it('rolls per-part outcomes up to the message', () => {
    expect(rollUpOutcome(['delivered', 'delivered', 'delivered'])).toBe('delivered');
    expect(rollUpOutcome(['delivered', null, 'delivered'])).toBe('pending');
    expect(rollUpOutcome(['delivered', 'pending'])).toBe('pending');
    expect(rollUpOutcome(['delivered', 'failed', 'pending'])).toBe('failed');
    expect(rollUpOutcome([])).toBe('pending');
  });
});
