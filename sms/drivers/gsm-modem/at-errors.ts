import { ZariError } from '../../../kernel/index.js';

/** +CMS ERROR codes (3GPP TS 27.005 §3.2.5) and the +CME ERROR codes (TS 27.007 §9.2) modems commonly send. */
const cmsText: Readonly<Record<number, string>> = {
  1: 'unassigned number', 8: 'operator determined barring', 10: 'call barred', 21: 'short message rejected',
  27: 'destination out of service', 28: 'unidentified subscriber', 29: 'facility rejected', 30: 'unknown subscriber',
  38: 'network out of order', 41: 'temporary failure', 42: 'congestion', 47: 'resources unavailable',
  50: 'requested facility not subscribed', 69: 'requested facility not implemented', 96: 'invalid mandatory information',
  111: 'protocol error', 127: 'interworking unspecified', 300: 'ME failure', 301: 'SMS service of ME reserved',
  302: 'operation not allowed', 303: 'operation not supported', 304: 'invalid PDU mode parameter',
  305: 'invalid text mode parameter', 310: 'SIM not inserted', 311: 'SIM PIN required', 312: 'PH-SIM PIN required',
  313: 'SIM failure', 314: 'SIM busy', 315: 'SIM wrong', 316: 'SIM PUK required', 320: 'memory failure',
  321: 'invalid memory index', 322: 'memory full', 330: 'SMSC address unknown', 331: 'no network service',
  332: 'network timeout', 340: 'no +CNMA acknowledgement expected', 500: 'unknown error',
};

const cmeText: Readonly<Record<number, string>> = {
  0: 'phone failure', 1: 'no connection to phone', 3: 'operation not allowed', 4: 'operation not supported',
  10: 'SIM not inserted', 11: 'SIM PIN required', 12: 'SIM PUK required', 13: 'SIM failure', 14: 'SIM busy',
  15: 'SIM wrong', 16: 'incorrect password', 20: 'memory full', 21: 'invalid index', 22: 'not found',
  23: 'memory failure', 30: 'no network service', 31: 'network timeout', 32: 'network not allowed - emergency calls only',
  100: 'unknown', 515: 'device busy',
};

/** Errors worth retrying later (network or SIM busy) rather than failing the message at once. */
const transientCms = new Set([38, 41, 42, 47, 300, 314, 331, 332, 500]);
const transientCme = new Set([14, 30, 31, 100, 515]);

export type AtErrorKind = 'cms' | 'cme' | 'error' | 'not_supported' | 'no_carrier' | 'busy' | 'no_answer' | 'no_dialtone';

export interface AtErrorInfo {
  readonly kind: AtErrorKind;
  /** numeric code; null for a bare ERROR or a verbose/empty one */
  readonly code: number | null;
  readonly text: string;
  readonly transient: boolean;
  /** the line as the modem sent it */
  readonly line: string;
}

/** `+CMS ERROR: 330` / `+CME ERROR: SIM busy` / `ERROR` … → readable error, or null when the line is none. */
export function parseAtError(line: string): AtErrorInfo | null {
  const m = /^\+(CMS|CME) ERROR:(\s.*)$/i.exec(line);
  if (m) {
    const kind = m[1]?.toUpperCase() === 'CMS' ? 'cms' : 'cme';
    const raw = (m[2] ?? '').trim();
    const code = /^\d+$/.test(raw) ? Number(raw) : null;
    const table = kind === 'cms' ? cmsText : cmeText;
    const text = code === null ? (raw || 'unspecified') : (table[code] ?? `unknown ${kind.toUpperCase()} error ${code}`);
    const transient = code !== null && (kind === 'cms' ? transientCms : transientCme).has(code);
    return { kind, code, text, transient, line };
  }
  const fixed: Record<string, [AtErrorKind, string]> = {
    ERROR: ['error', 'command failed'], 'COMMAND NOT SUPPORT': ['not_supported', 'command not supported'],
    'NO CARRIER': ['no_carrier', 'no carrier'], BUSY: ['busy', 'busy'], 'NO ANSWER': ['no_answer', 'no answer'],
    'NO DIALTONE': ['no_dialtone', 'no dial tone'],
  };
  const hit = fixed[line.trim().toUpperCase()];
  if (hit) return { kind: hit[0], code: null, text: hit[1], transient: false, line };
  if (/^MODEM ERROR:\s*\d+\s*$/i.test(line)) return { kind: 'error', code: null, text: line.trim(), transient: false, line };
  return null;
}

/** The driver-edge error: `modem_rejected` with the parsed modem error in details. */
export function atError(command: string, info: AtErrorInfo): ZariError<'modem_rejected'> {
  const label = info.code === null ? info.text : `${info.kind.toUpperCase()} ${info.code}: ${info.text}`;
  return new ZariError('modem_rejected', `modem rejected ${command}: ${label}`, { command, ...info });
}
