/**
 * The callee's IANA time zone derived from an E.164 number, for calling windows.
 *
 * Russia (+7, 11 zones, UTC+2 … UTC+12): geographic ABC codes (the 3 digits after +7) map to their
 * region's zone. Mobile DEF codes (+7 9xx) are NOT geographic — a number keeps its code when its
 * owner moves, and MNP lets it change operator — so they fall back to Moscow time, the documented
 * default (`source: 'mobile-fallback'`); campaigns that need better pass a zone per entry (e.g. from
 * the client's address) or narrow the calling window. Other countries: one zone per country code
 * (Georgia → Asia/Tbilisi); +1 by a few area codes; anything else → the campaign's default zone.
 */
export type TimeZoneSource = 'area-code' | 'country' | 'mobile-fallback' | 'default';
export interface NumberTimeZone { timeZone: string; source: TimeZoneSource }

const ruZones: Readonly<Record<string, readonly string[]>> = {
  'Europe/Kaliningrad': ['401'],
  'Europe/Moscow': ['495', '499', '496', '498', '812', '813', '814', '815', '816', '817', '818', '820', '821', '831', '833', '834', '835', '836',
    '841', '843', '844', '861', '862', '863', '865', '866', '867', '871', '872', '471', '472', '473', '474', '475', '481', '482', '483', '484',
    '485', '486', '487', '491', '492', '493', '494'],
  'Europe/Samara': ['846', '848', '341'],
  'Europe/Ulyanovsk': ['842'],
  'Europe/Saratov': ['845'],
  'Europe/Astrakhan': ['851'],
  'Asia/Yekaterinburg': ['343', '342', '345', '346', '347', '349', '351', '352', '353'],
  'Asia/Omsk': ['381'],
  'Asia/Novosibirsk': ['383'],
  'Asia/Barnaul': ['385', '388'],
  'Asia/Tomsk': ['382'],
  'Asia/Novokuznetsk': ['384'],
  'Asia/Krasnoyarsk': ['391', '390', '394'],
  'Asia/Irkutsk': ['395', '301'],
  'Asia/Chita': ['302'],
  'Asia/Yakutsk': ['411'],
  'Asia/Vladivostok': ['423', '421', '426'],
  'Asia/Magadan': ['413'],
  'Asia/Sakhalin': ['424'],
  'Asia/Kamchatka': ['415'],
  'Asia/Anadyr': ['427'],
};

const ruByCode = new Map<string, string>(Object.entries(ruZones).flatMap(([zone, codes]) => codes.map((c) => [c, zone] as const)));

/** Country calling code → zone, for countries with one zone. Longest prefix wins. */
const countryZones: Readonly<Record<string, string>> = {
  '995': 'Asia/Tbilisi', '374': 'Asia/Yerevan', '994': 'Asia/Baku', '375': 'Europe/Minsk', '998': 'Asia/Tashkent',
  '996': 'Asia/Bishkek', '992': 'Asia/Dushanbe', '371': 'Europe/Riga', '370': 'Europe/Vilnius', '372': 'Europe/Tallinn',
  '373': 'Europe/Chisinau', '90': 'Europe/Istanbul', '49': 'Europe/Berlin', '44': 'Europe/London', '33': 'Europe/Paris',
  '39': 'Europe/Rome', '34': 'Europe/Madrid', '48': 'Europe/Warsaw', '972': 'Asia/Jerusalem',
};

const nanpZones: Readonly<Record<string, string>> = {
  '212': 'America/New_York', '646': 'America/New_York', '718': 'America/New_York', '917': 'America/New_York', '617': 'America/New_York',
  '312': 'America/Chicago', '713': 'America/Chicago', '303': 'America/Denver', '602': 'America/Phoenix',
  '213': 'America/Los_Angeles', '310': 'America/Los_Angeles', '415': 'America/Los_Angeles', '206': 'America/Los_Angeles',
};

/** Zone of an E.164 number ("+79161234567"). `fallback` is the campaign's default zone. */
export function timeZoneOfNumber(e164: string, fallback = 'Europe/Moscow'): NumberTimeZone {
  const digits = e164.replace(/^\+/, '');
  if (!/^\d{6,15}$/.test(digits)) return { timeZone: fallback, source: 'default' };
  if (digits.startsWith('7')) return russianZone(digits.slice(1), fallback);
  if (digits.startsWith('1')) {
    const z = nanpZones[digits.slice(1, 4)];
    return z ? { timeZone: z, source: 'area-code' } : { timeZone: fallback, source: 'default' };
  }
  for (const len of [3, 2, 1]) {
    const z = countryZones[digits.slice(0, len)];
    if (z) return { timeZone: z, source: 'country' };
  }
  return { timeZone: fallback, source: 'default' };
}

function russianZone(nsn: string, fallback: string): NumberTimeZone {
  if (nsn.startsWith('6') || nsn.startsWith('7')) return { timeZone: 'Asia/Almaty', source: 'country' }; // +7 6xx/7xx: Kazakhstan
  if (nsn.startsWith('9')) return { timeZone: 'Europe/Moscow', source: 'mobile-fallback' };
  const zone = ruByCode.get(nsn.slice(0, 3));
  return zone ? { timeZone: zone, source: 'area-code' } : { timeZone: fallback === '' ? 'Europe/Moscow' : fallback, source: 'default' };
}

/** Every Russian zone of the table (for tests and the ADR). */
export const russianTimeZones: readonly string[] = Object.keys(ruZones);
