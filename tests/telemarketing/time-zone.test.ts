import { isInWindow, nextWindowOpening, offsetMinutes, russianTimeZones, startOfLocalDay, timeZoneOfNumber, zonedParts, zonedToUtc, type CallingWindow } from '../../cti/index.js';

describe('time zone of a number', () => {
  it.each([
    ['+74951234567', 'Europe/Moscow', 'area-code'],
    ['+78121234567', 'Europe/Moscow', 'area-code'],
    ['+74012123456', 'Europe/Kaliningrad', 'area-code'],
    ['+78462123456', 'Europe/Samara', 'area-code'],
    ['+73432123456', 'Asia/Yekaterinburg', 'area-code'],
    ['+73812123456', 'Asia/Omsk', 'area-code'],
    ['+73832123456', 'Asia/Novosibirsk', 'area-code'],
    ['+73912123456', 'Asia/Krasnoyarsk', 'area-code'],
    ['+73952123456', 'Asia/Irkutsk', 'area-code'],
    ['+74112123456', 'Asia/Yakutsk', 'area-code'],
    ['+74232123456', 'Asia/Vladivostok', 'area-code'],
    ['+74132123456', 'Asia/Magadan', 'area-code'],
    ['+74152123456', 'Asia/Kamchatka', 'area-code'],
    ['+79161234567', 'Europe/Moscow', 'mobile-fallback'],
    ['+79241234567', 'Europe/Moscow', 'mobile-fallback'],
    ['+995322123456', 'Asia/Tbilisi', 'country'],
    ['+995555123456', 'Asia/Tbilisi', 'country'],
    ['+12125551234', 'America/New_York', 'area-code'],
    ['+4930123456', 'Europe/Berlin', 'country'],
    ['+8613812345678', 'Asia/Shanghai', 'default'],
  ])('%s → %s (%s)', (e164, zone, source) => {
    expect(timeZoneOfNumber(e164, 'Asia/Shanghai')).toEqual({ timeZone: zone, source });
  });

  it("the Russian table covers all 11 of Russia's UTC offsets (+2 … +12)", () => {
    const at = new Date('2026-06-01T00:00:00Z');
    const offsets = new Set(russianTimeZones.map((z) => offsetMinutes(at, z) / 60));
    expect([...offsets].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
});

describe('local time and calling windows', () => {
  const w: CallingWindow = { start: '09:00', end: '21:00', days: [1, 2, 3, 4, 5] };

  it('reads wall time and weekday in a zone', () => {
    expect(zonedParts(new Date('2026-03-02T06:30:00Z'), 'Asia/Vladivostok')).toEqual({ year: 2026, month: 3, day: 2, hour: 16, minute: 30, second: 0, weekday: 1 });
  });

  it.each([
    // [instant UTC, zone, inside?, next opening UTC]
    ['2026-03-02T06:30:00Z', 'Europe/Moscow', true, '2026-03-02T06:30:00Z'],
    ['2026-03-02T05:59:00Z', 'Europe/Moscow', false, '2026-03-02T06:00:00Z'],
    ['2026-03-02T18:00:00Z', 'Europe/Moscow', false, '2026-03-03T06:00:00Z'],
    ['2026-03-02T12:00:00Z', 'Asia/Kamchatka', false, '2026-03-02T21:00:00Z'],
    ['2026-03-02T00:30:00Z', 'Asia/Vladivostok', true, '2026-03-02T00:30:00Z'],
    ['2026-03-06T18:00:00Z', 'Europe/Moscow', false, '2026-03-09T06:00:00Z'],
    ['2026-03-07T10:00:00Z', 'Europe/Kaliningrad', false, '2026-03-09T07:00:00Z'],
    ['2026-03-02T04:30:00Z', 'Asia/Tbilisi', false, '2026-03-02T05:00:00Z'],
    ['2026-03-02T06:30:00Z', 'Asia/Tbilisi', true, '2026-03-02T06:30:00Z'],
  ])('%s in %s: inside=%s, next opening %s', (at, zone, inside, next) => {
    expect(isInWindow(new Date(at), zone, w)).toBe(inside);
    expect(nextWindowOpening(new Date(at), zone, w).toISOString()).toBe(new Date(next).toISOString());
  });

  it('opens at 09:00 local wall time across DST changes (New York, Berlin)', () => {
    const zone = 'America/New_York';
    // Saturday before the spring change: next opening Monday 09:00 EDT (UTC-4) = 13:00Z
    expect(nextWindowOpening(new Date('2026-03-07T15:00:00Z'), zone, w).toISOString()).toBe('2026-03-09T13:00:00.000Z');
    // Friday before: 09:00 EST (UTC-5) = 14:00Z
    expect(nextWindowOpening(new Date('2026-03-06T12:00:00Z'), zone, w).toISOString()).toBe('2026-03-06T14:00:00.000Z');
    // autumn: Saturday 31 Oct → Monday 2 Nov 09:00 EST = 14:00Z
    expect(nextWindowOpening(new Date('2026-10-31T15:00:00Z'), zone, w).toISOString()).toBe('2026-11-02T14:00:00.000Z');
    // Berlin: Monday 30 Mar 2026 09:00 CEST = 07:00Z; the Friday before 09:00 CET = 08:00Z
    expect(nextWindowOpening(new Date('2026-03-28T12:00:00Z'), 'Europe/Berlin', w).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(nextWindowOpening(new Date('2026-03-27T05:00:00Z'), 'Europe/Berlin', w).toISOString()).toBe('2026-03-27T08:00:00.000Z');
  });

  it('maps wall times in DST gaps and overlaps deterministically', () => {
    // 02:30 does not exist in New York on 8 Mar 2026: the reading after the jump, 03:30 EDT
    expect(zonedToUtc(2026, 3, 8, 2, 30, 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    // 01:30 happens twice on 1 Nov 2026: the first (EDT, UTC-4)
    expect(zonedToUtc(2026, 11, 1, 1, 30, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(startOfLocalDay(new Date('2026-03-08T20:00:00Z'), 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfLocalDay(new Date('2026-03-02T20:00:00Z'), 'Asia/Kamchatka').toISOString()).toBe('2026-03-02T12:00:00.000Z');
  });
});
