/** Signal, registration and operator from AT+CSQ / AT+CREG? / AT+COPS? answers. Pure; table-tested. */
export type Registration = 'home' | 'roaming' | 'searching' | 'denied' | 'not_registered' | 'unknown';

export interface ModemHealth {
  /** dBm, null when unknown (99) */
  readonly signalDbm: number | null;
  /** 0..31 as reported, null when unknown */
  readonly signalRssi: number | null;
  readonly registration: Registration;
  readonly operator: string | null;
}

export function parseCsq(lines: readonly string[]): { rssi: number | null; dbm: number | null } {
  const m = lines.map((l) => /^\+CSQ:\s*(\d+)\s*,/.exec(l)).find(Boolean);
  const rssi = m ? Number(m[1]) : null;
  if (rssi === null || rssi === 99 || rssi > 31) return { rssi: null, dbm: null };
  return { rssi, dbm: -113 + 2 * rssi };
}

const regStates: Readonly<Record<string, Registration>> = {
  '0': 'not_registered', '1': 'home', '2': 'searching', '3': 'denied', '4': 'unknown', '5': 'roaming',
};

/** `+CREG: <n>,<stat>[,<lac>,<ci>]` (query form) or `+CREG: <stat>` (URC form). */
export function parseCreg(lines: readonly string[]): Registration {
  const m = lines.map((l) => /^\+CREG:\s*(\d+)(?:\s*,\s*(\d+))?/.exec(l)).find(Boolean);
  if (!m) return 'unknown';
  const stat = m[2] ?? m[1] ?? '4';
  return regStates[stat] ?? 'unknown';
}

/** `+COPS: 0,0,"Operator",2` → Operator. */
export function parseCops(lines: readonly string[]): string | null {
  const m = lines.map((l) => /^\+COPS:\s*\d+\s*,\s*\d+\s*,\s*"([^"]*)"/.exec(l)).find(Boolean);
  return m?.[1] ?? null;
}
